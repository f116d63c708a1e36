/**
 * The load generator's Socket.IO client as its users see it: what it is handed (a WebSocket
 * transport, timers), its options, the connected client, and its two errors. The client itself
 * is socketio-client.ts; what it waits for, socketio-waits.ts.
 */

/** What a transport reports; each callback may be called at most once, except `message`. */
export interface TransportEvents {
  open(): void;
  /** A text frame; `null` for a binary one. */
  message(frame: string | null): void;
  error(message: string): void;
  close(code: number | undefined, reason: string | undefined): void;
}

/** An open (or opening) WebSocket as the client needs it. */
export interface Transport {
  /** Sends a text frame; false when the socket is not open (nothing is sent). */
  send(frame: string): boolean;
  close(): void;
}

/** Opens a WebSocket to `url` with extra request headers. */
export type TransportFactory = (
  url: string,
  headers: Record<string, string>,
  events: TransportEvents,
) => Transport;

/** Timers and a clock: k6's or Node's. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Milliseconds, for measuring. */
  now(): number;
}

/** Options of `connectSocketIo`. */
export interface ConnectOptions {
  /** The hub's base URL, `http(s)://host:port`. */
  url: string;
  /** The namespace, e.g. `/verifier`. */
  namespace: string;
  /** The handshake's `auth` object. */
  auth?: Record<string, unknown>;
  /** Extra headers of the WebSocket upgrade request (e.g. `Origin`). Default none. */
  headers?: Record<string, string>;
  transport: TransportFactory;
  timers: Timers;
  /** How long the WebSocket, Engine.IO and namespace handshakes may take together. Default 10 s. */
  timeoutMs?: number;
  /** Server events kept unread at most; older ones are dropped. Default 200. */
  inboxLimit?: number;
}

/** Why a connection ended. */
export interface CloseInfo {
  /** `io client disconnect`, `io server disconnect`, `transport close`, `ping timeout`, `parse error`, `transport error`. */
  reason: string;
  detail?: string;
}

/** Options of `next`. */
export interface NextOptions<T> {
  /** Only an event whose payload satisfies this. */
  match?: (payload: T) => boolean;
  /** Default 10 s. */
  timeoutMs?: number;
}

/** A connected namespace socket. */
export interface SocketIoClient {
  readonly namespace: string;
  /** The namespace socket id the server gave. */
  readonly id: string;
  /** Engine.IO pings answered so far. */
  readonly heartbeats: number;
  /** The server's ping interval from the Engine.IO handshake, in ms. */
  readonly pingInterval: number;
  /** Whether the connection is still up. */
  readonly connected: boolean;
  /** The first unread server event `event` (matching `match`), received already or later. */
  next<T = unknown>(event: string, options?: NextOptions<T>): Promise<T>;
  /** Emits `event` with `payload` and resolves with the server's ack (its first argument). */
  request<T = unknown>(event: string, payload: unknown, timeoutMs?: number): Promise<T>;
  /** Emits `event` without asking for an ack. */
  emit(event: string, payload: unknown): void;
  /** Leaves the namespace and closes the WebSocket; resolves once it is closed. */
  close(): Promise<CloseInfo>;
  /** Resolves (never rejects) when the connection ends, whichever side ended it. */
  readonly closed: Promise<CloseInfo>;
}

/** A refused namespace handshake (`connect_error`) or a connection that never came up. */
export class ConnectError extends Error {
  override readonly name = 'ConnectError';
  /** The `data` of the server's `connect_error` (the hub sends `{ code, message }`). */
  data: unknown;
  constructor(message: string, data?: unknown) {
    super(message);
    this.data = data;
  }
}

/** A wait or an ack that could not be had: timed out, or the connection ended first. */
export class SocketWaitError extends Error {
  override readonly name = 'SocketWaitError';
}
