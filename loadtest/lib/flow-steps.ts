/**
 * The building blocks of one verification, shared by the four flows: the runtime a flow runs on
 * (HTTP, WebSocket and timers handed in: k6's or Node's), steps that fail as a `StepError` naming
 * the step and the hub's code, acks read as V2 says, the phone's and the widget's connections,
 * and the approve-then-receive exchange with the presentation's binding checked (D4). What a
 * bank's backend adds — creating the session and cancelling it — is in flow-session.ts.
 */
import type { SessionData } from '../../contracts/index.ts';
import { HubCallError, type HttpClient } from './hub-api.ts';
import { presentationProblem } from './presentation.ts';
import {
  ConnectError,
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

/** The hub's V2 error code behind a failure: of an HTTP answer, an ack or a refused handshake. */
function hubCodeOf(error: unknown): string | undefined {
  if (error instanceof HubCallError || error instanceof AckError) return error.code;
  const code = error instanceof ConnectError ? (error.data as { code?: unknown })?.code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** Runs one step, turning any failure into a `StepError` for that step. */
export async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof StepError) throw error;
    throw new StepError(name, (error as Error).message, hubCodeOf(error));
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

/** Connects to `namespace` with `token`, claiming `origin` (if any) as a browser would. */
function connectAs(
  rt: FlowRuntime,
  url: string,
  namespace: string,
  token: string,
  origin?: string,
): Promise<SocketIoClient> {
  return connectSocketIo({
    url,
    namespace,
    auth: { token, protocol: SOCKET_PROTOCOL },
    ...(origin ? { headers: { Origin: origin } } : {}),
    transport: rt.transport,
    timers: rt.timers,
    timeoutMs: rt.stepTimeoutMs,
  });
}

/** Connects a citizen's phone to `/citizen` with its device token. */
export function connectPhone(rt: FlowRuntime, url: string, deviceToken: string) {
  return connectAs(rt, url, '/citizen', deviceToken);
}

/** Connects a widget to `/verifier` with its widget token, from a page at `origin` (if any). */
export function connectWidget(rt: FlowRuntime, url: string, token: string, origin?: string) {
  return connectAs(rt, url, '/verifier', token, origin);
}

/** A value and when it arrived. */
export interface Timed<T> {
  value: T;
  at: number;
}

/**
 * Stamps the moment `promise` settles (as a microtask of the event that settled it). The result
 * is marked as observed, so a wait that a failed step never reaches does not surface as an
 * unhandled rejection (which k6 reports as an error); awaiting it still throws.
 */
export function timed<T>(timers: Timers, promise: Promise<T>): Promise<Timed<T>> {
  const stamped = promise.then((value) => ({ value, at: timers.now() }));
  stamped.catch(() => {});
  return stamped;
}

/** Starts waiting for this session's `session:data` on the widget. */
export function dataFor(
  rt: FlowRuntime,
  widget: SocketIoClient,
  sessionId: string,
): Promise<Timed<SessionData>> {
  return timed(
    rt.timers,
    widget.next<SessionData>('session:data', {
      match: (d) => d.sessionId === sessionId,
      timeoutMs: rt.stepTimeoutMs,
    }),
  );
}

/** `request:approve` on the phone, then `session:data` on the widget, with both instants. */
export async function approveAndReceive(
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
export function checkPresentation(
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
