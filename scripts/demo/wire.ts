/**
 * The demo's view of the wire: plain `fetch` calls to the hub's HTTP API and real
 * `socket.io-client` connections (websocket transport, `../lib/socket-client.ts`), exactly as a
 * verifier backend, a widget and a citizen's phone would make them. Every failure becomes a `DemoFailure` whose message
 * says which step broke, so `npm run demo` can exit 1 with one clear line.
 */
import type { Socket } from 'socket.io-client';
import type { Ack, ErrorObject } from '../../contracts/index.js';
import {
  ask,
  connect,
  record,
  WAIT_MS,
  type ClientNamespace,
  type HandshakeError,
  type Recorder,
} from '../lib/socket-client.js';

/** A step of the demo that did not go as the product says it should. */
export class DemoFailure extends Error {
  override readonly name = 'DemoFailure';
}

/** An HTTP answer: status and parsed JSON body. */
export interface Answer<T> {
  status: number;
  body: T;
}

/** Calls the hub's HTTP API. */
export type Api = <T = unknown>(
  method: string,
  path: string,
  options?: { auth?: string; json?: unknown },
) => Promise<Answer<T>>;

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** An `Api` bound to the hub at `baseUrl`. */
export function createApi(baseUrl: string): Api {
  return async <T>(
    method: string,
    path: string,
    options: { auth?: string; json?: unknown } = {},
  ) => {
    const headers: Record<string, string> = {};
    if (options.auth) headers.authorization = `Bearer ${options.auth}`;
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(baseUrl + path, {
        method,
        headers,
        ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }),
      });
    } catch (error) {
      throw new DemoFailure(`${method} ${path} did not reach the hub: ${(error as Error).message}`);
    }
    const text = await res.text();
    return { status: res.status, body: parseJson(text) as T };
  };
}

/** The V2 error object of an HTTP error body, if it has one. */
export function errorOf(body: unknown): ErrorObject | undefined {
  const error = (body as { error?: ErrorObject } | null)?.error;
  return error && typeof error.code === 'string' ? error : undefined;
}

/** Throws unless the answer has `status`; returns its body. */
export function expectStatus<T>(answer: Answer<T>, status: number, what: string): T {
  if (answer.status !== status) {
    const error = errorOf(answer.body);
    const issues = error?.issues?.map((i) => `${i.path}: ${i.message}`).join('; ');
    const detail = error
      ? `${error.code}: ${error.message}${issues ? ` — ${issues}` : ''}`
      : JSON.stringify(answer.body);
    throw new DemoFailure(`${what}: expected HTTP ${status}, got ${answer.status} (${detail})`);
  }
  return answer.body;
}

/** Events a socket received, kept so that a step can take one that arrived before it asked. */
export interface Inbox {
  /** Resolves with the first unread `event` that satisfies `match`, waiting up to `timeoutMs`. */
  take<T>(event: string, what: string, timeoutMs?: number, match?: (p: T) => boolean): Promise<T>;
}

/** A connected socket with its inbox. */
export interface Client {
  socket: Socket;
  inbox: Inbox;
}

/**
 * Opens a socket to `namespace` with `token`, sending `origin` as a browser would, and waits for
 * the handshake. `onEvent` sees every event as it arrives (for the live timeline).
 */
export async function connectClient(
  url: string,
  namespace: ClientNamespace,
  token: string,
  origin: string,
  onEvent?: (event: string, payload: unknown) => void,
): Promise<Client> {
  let recorder: Recorder | undefined;
  const socket = await connect(url, namespace, token, {
    origin,
    beforeConnect: (opening) => {
      recorder = record(opening);
      if (onEvent) opening.onAny(onEvent);
    },
  }).catch((error: HandshakeError) => {
    const detail = error.data ? `${error.data.code}: ${error.data.message}` : error.message;
    throw new DemoFailure(`connecting to ${namespace} was refused (${detail})`);
  });
  const events = recorder!;
  return {
    socket,
    inbox: {
      take: (event, what, timeoutMs = WAIT_MS, match) =>
        events.next(event, match, timeoutMs).catch(() => {
          throw new DemoFailure(`${what}: no ${event} within ${timeoutMs} ms`);
        }),
    },
  };
}

/** Emits an acked command and resolves with the ack. */
export function command<T = undefined>(
  client: Client,
  event: string,
  payload: unknown,
): Promise<Ack<T>> {
  return ask<T>(client.socket, event, payload).catch(() => {
    throw new DemoFailure(`${event}: the hub did not answer within ${WAIT_MS / 1000} s`);
  });
}

/** Throws unless the ack is ok; returns its data. */
export function expectOk<T>(ack: Ack<T>, what: string): T {
  if (!ack.ok) throw new DemoFailure(`${what}: ${ack.error.code} (${ack.error.message})`);
  return ack.data;
}

/** Throws unless the ack is the error `code`; returns the error. */
export function expectError(ack: Ack<unknown>, code: string, what: string): ErrorObject {
  if (ack.ok) throw new DemoFailure(`${what}: expected ${code}, but the hub accepted it`);
  if (ack.error.code !== code) {
    throw new DemoFailure(`${what}: expected ${code}, got ${ack.error.code}`);
  }
  return ack.error;
}
