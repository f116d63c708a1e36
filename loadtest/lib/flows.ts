/**
 * One verification of each flow, driven over the wire exactly as a bank's backend, a clerk's
 * widget and a citizen's phone drive it (PRODUCT §3, §8), with the time each step took. Pure:
 * HTTP, WebSocket and timers come in a `FlowRuntime`, so vitest runs these very functions against
 * a real hub and k6 runs them under load. A failed step throws a `StepError` naming the step and
 * the hub's error code; the session it had created is cancelled first, so the citizen's pending
 * slot (S4) is free for the next iteration.
 */
import type {
  CreateSessionResponse,
  RequestIncomingEvent,
  SessionData,
} from '../../contracts/index.ts';
import { HubCallError, type HttpClient, type HubApi } from './hub-api.ts';
import { presentationProblem } from './presentation.ts';
import {
  connectSocketIo,
  type SocketIoClient,
  type Timers,
  type TransportFactory,
} from './socketio-client.ts';

/**
 * The socket protocol version the load generator speaks (`PROTOCOL_VERSION` of
 * contracts/events.ts; a test keeps the two equal). The hub refuses another one at the handshake.
 */
export const SOCKET_PROTOCOL = 1;

/** HTTP, WebSocket and timers: k6's or Node's. */
export interface FlowRuntime {
  http: HttpClient;
  transport: TransportFactory;
  timers: Timers;
  /** How long one step may wait for the hub (a socket event, an ack, a handshake). */
  stepTimeoutMs: number;
}

/** A step of a verification that failed. */
export class StepError extends Error {
  override readonly name = 'StepError';
  /** The step: `create`, `widget connect`, `join`, `approve`, `data`… */
  step: string;
  /** The hub's V2 error code, when it answered one. */
  code: string | undefined;
  constructor(step: string, message: string, code: string | undefined) {
    super(`${step}: ${message}`);
    this.step = step;
    this.code = code;
  }
}

/** An ack that was `{ ok: false }`. */
class AckError extends Error {
  code: string | undefined;
  constructor(message: string, code: string | undefined) {
    super(message);
    this.code = code;
  }
}

/** Runs one step, turning any failure into a `StepError` for that step. */
export async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof StepError) throw error;
    const code =
      error instanceof HubCallError || error instanceof AckError ? error.code : undefined;
    throw new StepError(name, (error as Error).message, code);
  }
}

/** The data of an `{ ok: true }` ack; throws with the error code otherwise (V2). */
export function ackData<T>(ack: unknown, what: string): T {
  const a = ack as { ok?: unknown; data?: unknown; error?: { code?: unknown; message?: unknown } };
  if (a?.ok === true) return a.data as T;
  const code = typeof a?.error?.code === 'string' ? a.error.code : undefined;
  const message = typeof a?.error?.message === 'string' ? a.error.message : 'not an ack';
  throw new AckError(`${what} refused: ${code ?? '?'} (${message})`, code);
}

/** Connects a citizen's phone to `/citizen` with its device token. */
export function connectPhone(
  rt: FlowRuntime,
  url: string,
  deviceToken: string,
): Promise<SocketIoClient> {
  return connectSocketIo({
    url,
    namespace: '/citizen',
    auth: { token: deviceToken, protocol: SOCKET_PROTOCOL },
    transport: rt.transport,
    timers: rt.timers,
    timeoutMs: rt.stepTimeoutMs,
  });
}

/** Connects a widget to `/verifier` with its widget token, claiming `origin` like a browser would. */
export function connectWidget(
  rt: FlowRuntime,
  url: string,
  widgetToken: string,
  origin: string | undefined,
): Promise<SocketIoClient> {
  return connectSocketIo({
    url,
    namespace: '/verifier',
    auth: { token: widgetToken, protocol: SOCKET_PROTOCOL },
    ...(origin ? { headers: { Origin: origin } } : {}),
    transport: rt.transport,
    timers: rt.timers,
    timeoutMs: rt.stepTimeoutMs,
  });
}

/** What every verifier-started flow needs. */
export interface VerifierSide {
  /** The node the bank's backend calls (and the widget connects to). */
  api: HubApi;
  apiKey: string;
  verifierId: string;
  /** The widget's page origin (on the verifier's allow-list, A4). */
  origin: string;
  /** The request's display window (≤ the verifier's policy). */
  displaySeconds: number;
}

/** Step timings of an F1 verification, in ms. */
export interface CodeTimings {
  /** The verified session. */
  sessionId: string;
  /** `POST /v1/sessions` until its answer. */
  create: number;
  /** Widget WebSocket + namespace handshake. */
  widgetConnect: number;
  /** `pairing:join` until its ack. */
  join: number;
  /** `request:approve` sent until `session:data` on the widget. */
  approveToData: number;
  /** `POST /v1/sessions` until `session:data` on the widget. */
  whole: number;
}

/** Options of `verifyByCode`. */
export interface CodeInput extends VerifierSide {
  /** The citizen's connected phone (on any node). */
  phone: SocketIoClient;
  nonce: string;
  /** Awaited after the widget shows the code, before the phone joins (a burst's barrier). */
  beforeJoin?: () => Promise<void>;
}

/** The request every load-test verification makes. */
export const loadRequest = {
  documents: [{ type: 'id_card', claims: ['given_names', 'family_name', 'age_over_18'] }],
  purpose: 'Load test',
  retain: false,
};

/** F1: create, widget, join by code, approve, signed `session:data` on the widget. */
export async function verifyByCode(rt: FlowRuntime, input: CodeInput): Promise<CodeTimings> {
  const { api, apiKey, phone } = input;
  const { timers } = rt;
  const t0 = timers.now();
  const created = await step('create', () =>
    api.createSession(apiKey, {
      flow: 'code',
      request: loadRequest,
      nonce: input.nonce,
      displaySeconds: input.displaySeconds,
    }),
  );
  const t1 = timers.now();
  return withSession(rt, input, created, async (widget) => {
    const t2 = timers.now();
    const code = created.code;
    if (!code) throw new StepError('create', 'the answer carries no code', undefined);
    await input.beforeJoin?.();
    const t3 = timers.now();
    const joined = await step('join', async () =>
      ackData<RequestIncomingEvent>(
        await phone.request('pairing:join', { code }, rt.stepTimeoutMs),
        'pairing:join',
      ),
    );
    const t4 = timers.now();
    if (joined?.sessionId !== created.sessionId) {
      throw new StepError('join', 'the code led to another session', undefined);
    }
    const delivered = await approveAndReceive(rt, phone, widget, created.sessionId, undefined);
    checkPresentation(delivered.data, created.sessionId, input.verifierId, input.nonce);
    return {
      sessionId: created.sessionId,
      create: t1 - t0,
      widgetConnect: t2 - t1,
      join: t4 - t3,
      approveToData: delivered.at - delivered.sentAt,
      whole: delivered.at - t0 - (t3 - t2),
    };
  });
}

/** Step timings of an F2 verification, in ms. */
export interface PushTimings {
  /** The verified session. */
  sessionId: string;
  create: number;
  /** `POST /v1/sessions` sent until `request:incoming` on the phone. */
  push: number;
  widgetConnect: number;
  approveToData: number;
  whole: number;
}

/** Options of `verifyByPush`. */
export interface PushInput extends VerifierSide {
  phone: SocketIoClient;
  /** The citizen named by the clerk. */
  pesel: string;
  nonce: string;
}

/** F2: the clerk names the citizen; the phone approves with the match number (P5). */
export async function verifyByPush(rt: FlowRuntime, input: PushInput): Promise<PushTimings> {
  const { timers } = rt;
  // Waiting before the request exists: the push may beat the HTTP answer to the VU.
  const incoming = timed(
    timers,
    input.phone.next<RequestIncomingEvent>('request:incoming', {
      match: (e) => e.flow === 'push',
      timeoutMs: rt.stepTimeoutMs,
    }),
  );
  const t0 = timers.now();
  const created = await step('create', () =>
    input.api.createSession(input.apiKey, {
      flow: 'push',
      request: loadRequest,
      subject: { pesel: input.pesel },
      nonce: input.nonce,
      displaySeconds: input.displaySeconds,
    }),
  );
  const t1 = timers.now();
  return withSession(rt, input, created, async (widget) => {
    const t2 = timers.now();
    const pushed = await step('push', () => incoming);
    if (pushed.value.sessionId !== created.sessionId || !pushed.value.matchRequired) {
      throw new StepError('push', 'the phone was asked about another session', undefined);
    }
    const matchNumber = created.matchNumber;
    if (!matchNumber)
      throw new StepError('create', 'the answer carries no match number', undefined);
    const delivered = await approveAndReceive(
      rt,
      input.phone,
      widget,
      created.sessionId,
      matchNumber,
    );
    checkPresentation(delivered.data, created.sessionId, input.verifierId, input.nonce);
    return {
      sessionId: created.sessionId,
      create: t1 - t0,
      push: pushed.at - t0,
      widgetConnect: t2 - t1,
      approveToData: delivered.at - delivered.sentAt,
      whole: delivered.at - t0,
    };
  });
}

/** Step timings of an F3 verification, in ms. */
export interface OtpTimings {
  /** The verified session. */
  sessionId: string;
  create: number;
  widgetConnect: number;
  /** `GET /v1/dev/sms` until its answer. */
  sms: number;
  /** `otp:submit` sent until `session:data` on the widget. */
  otpToData: number;
  whole: number;
}

/** Options of `verifyByOtp`. */
export interface OtpInput extends VerifierSide {
  pesel: string;
  /** The phone number on the citizen's record, whose SMS outbox holds the code. */
  phoneNumber: string;
  nonce: string;
}

/** F3: the hub texts a code (read from the dev SMS outbox of the same node); the clerk types it. */
export async function verifyByOtp(rt: FlowRuntime, input: OtpInput): Promise<OtpTimings> {
  const { timers } = rt;
  const t0 = timers.now();
  const created = await step('create', () =>
    input.api.createSession(input.apiKey, {
      flow: 'otp',
      request: loadRequest,
      subject: { pesel: input.pesel },
      nonce: input.nonce,
      displaySeconds: input.displaySeconds,
    }),
  );
  const t1 = timers.now();
  return withSession(rt, input, created, async (widget) => {
    const t2 = timers.now();
    // The SMS is sent before POST /v1/sessions answers, so the newest message is this session's.
    const code = await step('sms', async () => {
      const messages = await input.api.smsOutbox(input.phoneNumber);
      const text = messages.length > 0 ? messages[messages.length - 1]!.text : '';
      const found = /\b(\d{6})\b/.exec(text)?.[1];
      if (!found) throw new Error('no six-digit code in the newest SMS');
      return found;
    });
    const t3 = timers.now();
    const data = dataFor(rt, widget, created.sessionId);
    const sentAt = timers.now();
    await step('otp', async () =>
      ackData(
        await widget.request(
          'otp:submit',
          { sessionId: created.sessionId, code },
          rt.stepTimeoutMs,
        ),
        'otp:submit',
      ),
    );
    const received = await step('data', () => data);
    checkPresentation(received.value, created.sessionId, input.verifierId, input.nonce);
    return {
      sessionId: created.sessionId,
      create: t1 - t0,
      widgetConnect: t2 - t1,
      sms: t3 - t2,
      otpToData: received.at - sentAt,
      whole: received.at - t0,
    };
  });
}

/** Step timings of an F4 verification, in ms. */
export interface PeerTimings {
  /** The verified session. */
  sessionId: string;
  /** `POST /v1/citizen/peer-sessions` until its answer. */
  create: number;
  widgetConnect: number;
  join: number;
  approveToData: number;
  whole: number;
}

/** Options of `verifyPeer`. */
export interface PeerInput {
  /** The node the verifying citizen's page talks to. */
  api: HubApi;
  /** The verifying citizen's device token (any active device token opens a peer session). */
  verifierToken: string;
  /** The other citizen's connected phone. */
  phone: SocketIoClient;
  displaySeconds: number;
}

/** F4: a citizen opens a peer session, the other citizen joins by code and approves. */
export async function verifyPeer(rt: FlowRuntime, input: PeerInput): Promise<PeerTimings> {
  const { timers } = rt;
  const t0 = timers.now();
  const peer = await step('create', () =>
    input.api.createPeerSession(input.verifierToken, {
      request: {
        documents: [
          {
            type: 'id_card',
            claims: ['given_names', 'family_name', 'age_over_18', 'document_valid'],
          },
        ],
        purpose: 'Load test',
        retain: false,
      },
      displaySeconds: input.displaySeconds,
    }),
  );
  const t1 = timers.now();
  // The seller's phone shows its own widget; it sends no Origin, so its token alone decides (A4).
  const widget = await step('widget connect', () =>
    connectWidget(rt, input.api.baseUrl, peer.widgetToken, undefined),
  );
  try {
    const t2 = timers.now();
    const joined = await step('join', async () =>
      ackData<RequestIncomingEvent>(
        await input.phone.request('pairing:join', { code: peer.code }, rt.stepTimeoutMs),
        'pairing:join',
      ),
    );
    const t3 = timers.now();
    if (joined?.sessionId !== peer.sessionId || joined.verifier.kind !== 'citizen') {
      throw new StepError('join', 'the code did not lead to this peer session', undefined);
    }
    const delivered = await approveAndReceive(rt, input.phone, widget, peer.sessionId, undefined);
    checkPresentation(delivered.data, peer.sessionId, undefined, undefined);
    return {
      sessionId: peer.sessionId,
      create: t1 - t0,
      widgetConnect: t2 - t1,
      join: t3 - t2,
      approveToData: delivered.at - delivered.sentAt,
      whole: delivered.at - t0,
    };
  } catch (error) {
    // The peer session has no backend to cancel it: rejecting frees the answering citizen (S4).
    await input.phone
      .request('request:reject', { sessionId: peer.sessionId }, rt.stepTimeoutMs)
      .catch(() => {});
    throw error;
  } finally {
    await widget.close();
  }
}

/** A value and when it arrived. */
interface Timed<T> {
  value: T;
  at: number;
}

/**
 * Stamps the moment `promise` settles (as a microtask of the event that settled it). The result
 * is marked as observed, so a wait that a failed step never reaches does not surface as an
 * unhandled rejection (which k6 reports as an error); awaiting it still throws.
 */
function timed<T>(timers: Timers, promise: Promise<T>): Promise<Timed<T>> {
  const stamped = promise.then((value) => ({ value, at: timers.now() }));
  stamped.catch(() => {});
  return stamped;
}

/** Starts waiting for this session's `session:data` on the widget. */
function dataFor(rt: FlowRuntime, widget: SocketIoClient, sessionId: string) {
  return timed(
    rt.timers,
    widget.next<SessionData>('session:data', {
      match: (d) => d.sessionId === sessionId,
      timeoutMs: rt.stepTimeoutMs,
    }),
  );
}

/** `request:approve` on the phone, then `session:data` on the widget, with both instants. */
async function approveAndReceive(
  rt: FlowRuntime,
  phone: SocketIoClient,
  widget: SocketIoClient,
  sessionId: string,
  matchNumber: string | undefined,
): Promise<{ data: SessionData; sentAt: number; at: number }> {
  // Listening before approving: the data may reach the widget before the ack reaches the phone.
  const data = dataFor(rt, widget, sessionId);
  const sentAt = rt.timers.now();
  await step('approve', async () =>
    ackData(
      await phone.request(
        'request:approve',
        matchNumber === undefined ? { sessionId } : { sessionId, matchNumber },
        rt.stepTimeoutMs,
      ),
      'request:approve',
    ),
  );
  const received = await step('data', () => data);
  return { data: received.value, sentAt, at: received.at };
}

/** Throws unless the presentation is an ES256 JWS bound to this session (D4). */
function checkPresentation(
  data: SessionData,
  sessionId: string,
  audience: string | undefined,
  nonce: string | undefined,
): void {
  const problem = presentationProblem(data.presentation, {
    sessionId,
    ...(audience === undefined ? {} : { audience }),
    ...(nonce === undefined ? {} : { nonce }),
  });
  if (problem) throw new StepError('data', problem, undefined);
  if (!data.claims || typeof data.claims !== 'object' || !('id_card' in data.claims)) {
    throw new StepError('data', 'session:data carries no id_card claims', undefined);
  }
}

/**
 * Opens the widget for a created session and runs `body`; on any failure cancels the session
 * (freeing the citizen, S4) and always closes the widget.
 */
async function withSession<T>(
  rt: FlowRuntime,
  side: VerifierSide,
  created: CreateSessionResponse,
  body: (widget: SocketIoClient) => Promise<T>,
): Promise<T> {
  let widget: SocketIoClient | undefined;
  try {
    widget = await step('widget connect', () =>
      connectWidget(rt, side.api.baseUrl, created.widgetToken, side.origin),
    );
    return await body(widget);
  } catch (error) {
    await side.api.cancelSession(side.apiKey, created.sessionId).catch(() => false);
    throw error;
  } finally {
    await widget?.close();
  }
}
