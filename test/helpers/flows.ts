/**
 * Shared setup of the flow tests (F1, F4, the `/verifier` socket): a test hub whose verifier
 * sockets record every event from the moment they connect (so nothing sent on connect is
 * missed), requests and bodies used again and again, ack assertions, and a barrier that proves
 * the QR ticker has had a turn (to assert that something was *not* sent).
 */
import { io, type Socket } from 'socket.io-client';
import { expect } from 'vitest';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type {
  Ack,
  ConnectErrorData,
  CreateSessionResponse,
  ErrorCode,
  RequestIncomingEvent,
  SessionData,
  SessionEndedEvent,
  SessionQrEvent,
  SessionState,
  SessionStateEvent,
} from '../../contracts/index.js';
import { request, type CitizenClient, type VerifierClient } from './clients.js';
import {
  startTestHub,
  type DemoHandle,
  type TestCitizen,
  type TestHub,
  type TestHubOptions,
} from './test-hub.js';

/** One event a recorded socket received. */
export interface Received {
  event: string;
  payload: unknown;
}

/** A socket whose incoming events are all kept, with waits that also look at the past. */
export interface Recorded<S> {
  socket: S;
  events: Received[];
  /** Payloads of `event` received so far. */
  all<T>(event: string): T[];
  /** The first `event` (received already or later) whose payload satisfies `predicate`. */
  seen<T>(event: string, predicate?: (payload: T) => boolean, timeoutMs?: number): Promise<T>;
}

/** Starts keeping every event `socket` receives from now on. */
export function record<S extends VerifierClient | CitizenClient>(socket: S): Recorded<S> {
  const events: Received[] = [];
  const waiters = new Set<(r: Received) => void>();
  socket.onAny((event: string, payload: unknown) => {
    const received = { event, payload };
    events.push(received);
    for (const waiter of [...waiters]) waiter(received);
  });
  return {
    socket,
    events,
    all: <T>(event: string) => events.filter((e) => e.event === event).map((e) => e.payload as T),
    seen<T>(event: string, predicate: (payload: T) => boolean = () => true, timeoutMs = 5000) {
      const matches = (r: Received) => r.event === event && predicate(r.payload as T);
      const past = events.find(matches);
      if (past) return Promise.resolve(past.payload as T);
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const got = events.map((e) => e.event).join(', ');
          reject(new Error(`timed out waiting for ${event} (received: ${got || 'nothing'})`));
        }, timeoutMs);
        const waiter = (r: Received) => {
          if (!matches(r)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(r.payload as T);
        };
        waiters.add(waiter);
      });
    },
  };
}

/** A verifier's recorded widget socket, with waits for the events it gets. */
export interface RecordedVerifier extends Recorded<VerifierClient> {
  state(state: SessionState): Promise<SessionStateEvent>;
  ended(): Promise<SessionEndedEvent>;
  data(): Promise<SessionData>;
  qr(predicate?: (qr: SessionQrEvent) => boolean): Promise<SessionQrEvent>;
}

/** A citizen with a recorded phone socket. */
export interface FlowCitizen extends TestCitizen {
  events: Recorded<CitizenClient>;
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
  phone(deviceToken: string): Promise<Recorded<CitizenClient>>;
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
  return { documents: [{ type: 'id_card', claims }], purpose };
}

/** Starts a test hub with the flow helpers; its `close()` also closes the recorded sockets. */
export async function startFlowHub(options: TestHubOptions = {}): Promise<FlowHub> {
  const t = await startTestHub(options);
  const opened: Socket[] = [];
  let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;

  /** Opens a socket whose events are recorded from before the handshake ends. */
  const open = <S extends VerifierClient | CitizenClient>(
    namespace: '/verifier' | '/citizen',
    token: string,
    origin: string | undefined,
  ): Promise<Recorded<S>> => {
    const socket: Socket = io(t.url + namespace, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth: { token },
      ...(origin ? { extraHeaders: { origin } } : {}),
    });
    opened.push(socket);
    const recorded = record(socket as S);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(recorded));
      socket.once('connect_error', (error: Error & { data?: ConnectErrorData }) => {
        socket.close();
        reject(Object.assign(new Error(error.message), { data: error.data }));
      });
    });
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

/** Asserts that an ack is the V2 error with `code`. */
export function expectAckError(ack: Ack<unknown>, code: ErrorCode): void {
  expect(ack).toMatchObject({ ok: false, error: { code, message: expect.any(String) } });
}

/** `pairing:join` by code or QR. */
export function join(
  citizen: TestCitizen,
  by: { code: string } | { qr: string },
): Promise<Ack<RequestIncomingEvent>> {
  return request<RequestIncomingEvent>(citizen.socket, 'pairing:join', by);
}

/** `request:approve`. */
export function approve(citizen: TestCitizen, sessionId: string): Promise<Ack<unknown>> {
  return request(citizen.socket, 'request:approve', { sessionId });
}

/** `request:reject`. */
export function reject(citizen: TestCitizen, sessionId: string): Promise<Ack<unknown>> {
  return request(citizen.socket, 'request:reject', { sessionId });
}

/** A code of the same length that differs from `code`. */
export function otherCode(code: string, offset = 1): string {
  return String((Number(code) + offset) % 10 ** code.length).padStart(code.length, '0');
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
  await request(socket, 'session:cancel', { sessionId: 'not-this-session' });
}
