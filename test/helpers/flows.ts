/**
 * Shared setup of the flow tests (F1, F4, the `/verifier` socket): a test hub whose verifier
 * sockets record every event from the moment they connect (so nothing sent on connect is
 * missed), requests and bodies used again and again, ack assertions, and a barrier that proves
 * the QR ticker has had a turn (to assert that something was *not* sent).
 */
import type { Socket } from 'socket.io-client';
import { expect } from 'vitest';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type {
  Ack,
  CreateSessionResponse,
  ErrorCode,
  RequestIncomingEvent,
  SessionData,
  SessionEndedEvent,
  SessionQrEvent,
  SessionState,
  SessionStateEvent,
} from '../../contracts/index.js';
import { ask, type CitizenClient, type VerifierClient } from './clients.js';
import { idRequest, openSocket, record, type Recorder } from './fixtures.js';
import {
  startTestHub,
  type DemoHandle,
  type TestCitizen,
  type TestHub,
  type TestHubOptions,
} from './test-hub.js';

export { expectAckError, otherCode } from './fixtures.js';

/** A verifier's recorded widget socket, with waits for the events it gets. */
export interface RecordedVerifier extends Recorder<VerifierClient> {
  state(state: SessionState): Promise<SessionStateEvent>;
  ended(): Promise<SessionEndedEvent>;
  data(): Promise<SessionData>;
  qr(predicate?: (qr: SessionQrEvent) => boolean): Promise<SessionQrEvent>;
}

/** A citizen with a recorded phone socket. */
export interface FlowCitizen extends TestCitizen {
  events: Recorder<CitizenClient>;
}

/** A code (F1) session with its widget connected. */
export interface CodeSession {
  created: CreateSessionResponse;
  verifier: RecordedVerifier;
}

/** A test hub with the flow helpers. */
export interface FlowHub extends TestHub {
  /** Connects a recorded widget socket (listeners in place before the handshake ends). */
  widget(widgetToken: string, options?: { origin?: string }): Promise<RecordedVerifier>;
  /** An enrolled citizen (the `index`-th sample person) with a recorded phone socket. */
  person(index: number): Promise<FlowCitizen>;
  /** Connects another recorded phone socket for a device token. */
  phone(deviceToken: string): Promise<Recorder<CitizenClient>>;
  /** Creates an F1 session (`bank` unless told) and connects its widget. */
  codeSession(body?: Partial<CodeBody>, handle?: DemoHandle): Promise<CodeSession>;
  /** Verifies a presentation against the hub's JWKS for `audience`. */
  verifyPresentation(jws: string, audience: string): Promise<JWTPayload>;
}

/** The body of an F1 `POST /v1/sessions` as these tests build it. */
export interface CodeBody {
  flow: 'code';
  request: {
    documents: Array<{ type: string; claims: string[] }>;
    purpose: string;
    retain?: boolean;
  };
  nonce?: string;
  displaySeconds?: number;
  reference?: string;
}

/** The claims most tests ask of an ID card. */
export const ID_CLAIMS = ['given_names', 'family_name', 'age_over_18'];

/** A request for `claims` of the ID card. */
export function idCardRequest(claims: string[] = ID_CLAIMS, purpose = 'Otwarcie rachunku') {
  return idRequest(claims, { purpose });
}

/** Starts a test hub with the flow helpers; its `close()` also closes the recorded sockets. */
export async function startFlowHub(options: TestHubOptions = {}): Promise<FlowHub> {
  const t = await startTestHub(options);
  const opened: Socket[] = [];
  let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;

  /** Opens a socket whose events are recorded from before the handshake ends. */
  const open = async <S extends Socket>(
    namespace: '/verifier' | '/citizen',
    token: string,
    origin: string | undefined,
  ): Promise<Recorder<S>> => {
    const recorder = await openSocket<S>(t.url, namespace, token, origin);
    opened.push(recorder.socket);
    return recorder;
  };

  const widget: FlowHub['widget'] = async (widgetToken, connectOptions = {}) => {
    const recorded = await open<VerifierClient>('/verifier', widgetToken, connectOptions.origin);
    return {
      ...recorded,
      state: (state) => recorded.seen<SessionStateEvent>('session:state', (e) => e.state === state),
      ended: () => recorded.seen<SessionEndedEvent>('session:ended'),
      data: () => recorded.seen<SessionData>('session:data'),
      qr: (predicate) => recorded.seen<SessionQrEvent>('session:qr', predicate),
    };
  };

  const flowHub: FlowHub = Object.assign(t, {
    widget,
    async person(index: number): Promise<FlowCitizen> {
      const citizen = await t.citizen({ index });
      return { ...citizen, events: record(citizen.socket) };
    },
    phone: (deviceToken: string) => open<CitizenClient>('/citizen', deviceToken, undefined),
    async codeSession(body: Partial<CodeBody> = {}, handle: DemoHandle = 'bank') {
      const created = await t.createSession(handle, {
        flow: 'code',
        request: idCardRequest(),
        ...body,
      });
      return { created, verifier: await widget(created.widgetToken) };
    },
    async verifyPresentation(jws: string, audience: string) {
      jwks ??= createRemoteJWKSet(new URL(t.url + '/.well-known/jwks.json'));
      const { payload } = await jwtVerify(jws, jwks, {
        audience,
        issuer: t.hub.ctx.config.publicUrl,
      });
      return payload;
    },
  });
  const closeHub = t.close.bind(t);
  flowHub.close = async () => {
    for (const socket of opened) socket.close();
    await closeHub();
  };
  return flowHub;
}

/** The data of a successful ack; fails the test with the error otherwise. */
export function okData<T>(ack: Ack<T>): T {
  if (!ack.ok) expect.fail(`expected ok, got ${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

/** `pairing:join` by code or QR. */
export function join(
  citizen: TestCitizen,
  by: { code: string } | { qr: string },
): Promise<Ack<RequestIncomingEvent>> {
  return ask<RequestIncomingEvent>(citizen.socket, 'pairing:join', by);
}

/** `request:approve`. */
export function approve(citizen: TestCitizen, sessionId: string): Promise<Ack<unknown>> {
  return ask(citizen.socket, 'request:approve', { sessionId });
}

/** `request:reject`. */
export function reject(citizen: TestCitizen, sessionId: string): Promise<Ack<unknown>> {
  return ask(citizen.socket, 'request:reject', { sessionId });
}

/** Asserts the connection is refused at the handshake with `code` in `connect_error`'s data. */
export async function expectRefused(connecting: Promise<unknown>, code: ErrorCode): Promise<void> {
  await expect(connecting).rejects.toMatchObject({ data: { code } });
}

/**
 * Waits until the QR ticker has rotated codes after the clock moved one second (seen on a fresh
 * probe session), then round-trips `socket`, so that anything the ticker sent `socket` in that
 * turn has arrived by the time this resolves.
 */
export async function qrTickerTurn(t: FlowHub, socket: VerifierClient): Promise<void> {
  const probe = await t.codeSession({ request: idCardRequest(['photo']) }, 'office');
  const first = await probe.verifier.qr();
  t.clock.advance(1000);
  await probe.verifier.qr((qr) => qr.payload !== first.payload);
  await ask(socket, 'session:cancel', { sessionId: 'not-this-session' });
}
