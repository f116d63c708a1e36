/**
 * Client sockets as the demo, the benchmark driver and the test harness open them: real
 * `socket.io-client` connections over the WebSocket transport without automatic reconnection (a
 * reconnect is always deliberate), a recorder that keeps every event from before the handshake
 * ends, so nothing the hub sends on connect is missed, with waits that also look at what has
 * already arrived, and the one helper that emits a command and waits for its ack. Scripts and
 * tests share this file so that each of these exists once.
 */
import type { Agent } from 'node:http';
import { io, type Socket } from 'socket.io-client';
import type { Ack, ConnectErrorData } from '../../contracts/index.js';

/** The hub's two client namespaces. */
export type ClientNamespace = '/verifier' | '/citizen';

/** How long a wait or an ack may take before it fails with a message saying what was missing. */
export const WAIT_MS = 5000;

/** Options of {@link connect}. */
export interface ConnectOptions {
  /** Sent as the `Origin` header, as a browser would. Default: none. */
  origin?: string;
  /**
   * Called with the socket before the handshake, to attach listeners for what the hub sends
   * right on connect (first `session:state`, a replayed `request:incoming`).
   */
  beforeConnect?: (socket: Socket) => void;
  /** The HTTP agent that makes the WebSocket's connection (the benchmark counts its bytes). */
  agent?: Agent;
}

/** A refused handshake: the `connect_error` message, with the hub's error object as `data`. */
export type HandshakeError = Error & { data?: ConnectErrorData };

/** Opens a socket; resolves once connected, rejects with a {@link HandshakeError} if refused. */
export function connect<S extends Socket = Socket>(
  url: string,
  namespace: ClientNamespace,
  token: string | undefined,
  options: ConnectOptions = {},
): Promise<S> {
  const socket = io(url + namespace, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    autoConnect: false,
    auth: token === undefined ? {} : { token },
    ...(options.origin ? { extraHeaders: { origin: options.origin } } : {}),
    // Typed as `string | boolean` by engine.io-client, but handed to `ws` as its `agent`.
    ...(options.agent ? { agent: options.agent as unknown as boolean } : {}),
  });
  options.beforeConnect?.(socket);
  const connected = new Promise<S>((resolve, reject) => {
    socket.once('connect', () => resolve(socket as S));
    socket.once('connect_error', (error: HandshakeError) => {
      socket.close();
      reject(Object.assign(new Error(error.message), { data: error.data }));
    });
  });
  socket.connect();
  return connected;
}

/** One event a recorded socket received. */
export interface Received {
  event: string;
  payload: unknown;
}

/** A socket and every event it has received since it was made. */
export interface Recorder<S extends Socket = Socket> {
  socket: S;
  /** Every event received so far, in order. */
  events: readonly Received[];
  /** Every payload of `event` received so far. */
  all<T>(event: string): T[];
  /**
   * The first `event` payload matching `predicate` that no earlier `next` took: from what was
   * already received, or the next one to arrive. Takes it, so the next call finds the one after.
   */
  next<T>(event: string, predicate?: (payload: T) => boolean, timeoutMs?: number): Promise<T>;
  /** Like `next`, but takes nothing: the first match ever received, or the next to arrive. */
  seen<T>(event: string, predicate?: (payload: T) => boolean, timeoutMs?: number): Promise<T>;
  /** The reason of the socket's first disconnect. */
  disconnected: Promise<string>;
}

interface Waiter {
  event: string;
  matches: (payload: unknown) => boolean;
  takes: boolean;
  resolve: (payload: unknown) => void;
}

/** Starts recording the events of `socket` (before it connects, to miss nothing). */
export function record<S extends Socket>(socket: S): Recorder<S> {
  const events: Received[] = [];
  const taken = new Set<Received>();
  const waiters = new Set<Waiter>();
  socket.onAny((event: string, payload: unknown) => {
    const received: Received = { event, payload };
    events.push(received);
    for (const waiter of waiters) {
      if (waiter.event !== event || !waiter.matches(payload)) continue;
      if (waiter.takes) {
        // One `next` takes an event; `seen` waiters all get it.
        if (taken.has(received)) continue;
        taken.add(received);
      }
      waiters.delete(waiter);
      waiter.resolve(payload);
    }
  });
  const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));

  const wait = <T>(
    event: string,
    predicate: (payload: T) => boolean,
    timeoutMs: number,
    takes: boolean,
  ): Promise<T> => {
    const matches = predicate as (payload: unknown) => boolean;
    const hit = events.find(
      (e) => e.event === event && !(takes && taken.has(e)) && matches(e.payload),
    );
    if (hit) {
      if (takes) taken.add(hit);
      return Promise.resolve(hit.payload as T);
    }
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        const got = events.map((e) => e.event).join(', ');
        reject(
          new Error(
            `timed out after ${timeoutMs} ms waiting for ${event} (received: ${got || 'nothing'})`,
          ),
        );
      }, timeoutMs);
      const waiter: Waiter = {
        event,
        matches,
        takes,
        resolve: (payload) => {
          clearTimeout(timer);
          resolve(payload as T);
        },
      };
      waiters.add(waiter);
    });
  };

  return {
    socket,
    events,
    disconnected,
    all: <T>(event: string) => events.filter((e) => e.event === event).map((e) => e.payload as T),
    next: (event, predicate = () => true, timeoutMs = WAIT_MS) =>
      wait(event, predicate, timeoutMs, true),
    seen: (event, predicate = () => true, timeoutMs = WAIT_MS) =>
      wait(event, predicate, timeoutMs, false),
  };
}

/** Opens a recorded socket (see {@link connect}); rejects with a {@link HandshakeError}. */
export async function openSocket<S extends Socket = Socket>(
  url: string,
  namespace: ClientNamespace,
  token: string,
  origin?: string,
): Promise<Recorder<S>> {
  let recorder: Recorder<S> | undefined;
  await connect<S>(url, namespace, token, {
    ...(origin ? { origin } : {}),
    beforeConnect: (socket) => {
      recorder = record(socket as S);
    },
  });
  return recorder!;
}

/** Emits a command and resolves with its ack; rejects if none comes within {@link WAIT_MS}. */
export async function ask<T = unknown>(
  socket: Socket,
  event: string,
  ...args: unknown[]
): Promise<Ack<T>> {
  try {
    return (await socket.timeout(WAIT_MS).emitWithAck(event, ...args)) as Ack<T>;
  } catch (error) {
    throw new Error(`no ack for ${event} within ${WAIT_MS} ms`, { cause: error });
  }
}
