/**
 * A small Socket.IO client for load tests: one WebSocket, one namespace, the Engine.IO v4
 * heartbeat answered, acked commands, and an inbox of server events that a step can take from
 * even when the event arrived before it asked. It has no imports but the pure codec: the
 * WebSocket and the timers are handed in (k6's `k6/websockets` and `k6/timers` in a load test,
 * the `ws` package and Node's timers under vitest), so the code that k6 runs is the code the
 * tests drive against a real hub. Every timer it starts is cleared again, since a k6 iteration
 * only ends once nothing is pending.
 */
import {
  CodecError,
  decodeEnginePacket,
  decodeSocketPacket,
  encodeEnginePacket,
  encodeMessageFrame,
  engineIoUrl,
  parseHandshake,
  SocketPacketType,
  type EngineHandshake,
  type SocketPacket,
} from './socketio-codec.ts';

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

interface Waiter {
  event: string;
  match: (payload: unknown) => boolean;
  resolve: (payload: unknown) => void;
  reject: (error: Error) => void;
  timer: unknown;
}

interface PendingAck {
  event: string;
  resolve: (payload: unknown) => void;
  reject: (error: Error) => void;
  timer: unknown;
}

/** Opens a WebSocket to the hub and joins `namespace`; rejects with `ConnectError`. */
export function connectSocketIo(options: ConnectOptions): Promise<SocketIoClient> {
  const { namespace, timers } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const inboxLimit = options.inboxLimit ?? 200;
  const inbox: Array<{ event: string; payload: unknown }> = [];
  const waiters: Waiter[] = [];
  const pending = new Map<number, PendingAck>();
  let nextAckId = 0;
  let heartbeats = 0;
  let socketId = '';
  let phase: 'opening' | 'joining' | 'connected' | 'closed' = 'opening';
  let handshake: EngineHandshake | undefined;
  let heartbeatTimer: unknown;
  let closeInfo: CloseInfo | undefined;
  let clientClosing = false;
  let resolveClosed: (info: CloseInfo) => void = () => {};
  const closed = new Promise<CloseInfo>((resolve) => {
    resolveClosed = resolve;
  });
  let settleConnect: { resolve: (c: SocketIoClient) => void; reject: (e: Error) => void };
  const connecting = new Promise<SocketIoClient>((resolve, reject) => {
    settleConnect = { resolve, reject };
  });
  const connectTimer = timers.setTimeout(
    () => finish({ reason: 'transport close', detail: `no connection within ${timeoutMs} ms` }),
    timeoutMs,
  );

  let transport: Transport | undefined;
  const sendPacket = (packet: SocketPacket): boolean =>
    transport?.send(encodeMessageFrame(packet)) ?? false;

  /** The server must ping within pingInterval + pingTimeout, or the link is dead. */
  const armHeartbeat = () => {
    if (!handshake) return;
    if (heartbeatTimer !== undefined) timers.clearTimeout(heartbeatTimer);
    heartbeatTimer = timers.setTimeout(
      () => finish({ reason: 'ping timeout' }),
      handshake.pingInterval + handshake.pingTimeout,
    );
  };

  /** Ends the connection once: settles every wait and clears every timer. */
  function finish(info: CloseInfo, alreadyClosed = false): void {
    if (closeInfo) return;
    closeInfo = info;
    const wasConnected = phase === 'connected';
    phase = 'closed';
    timers.clearTimeout(connectTimer);
    if (heartbeatTimer !== undefined) timers.clearTimeout(heartbeatTimer);
    const why = info.detail ? `${info.reason}: ${info.detail}` : info.reason;
    for (const waiter of waiters.splice(0)) {
      timers.clearTimeout(waiter.timer);
      waiter.reject(new SocketWaitError(`${namespace}: no ${waiter.event} before ${why}`));
    }
    for (const [id, ack] of pending) {
      pending.delete(id);
      timers.clearTimeout(ack.timer);
      ack.reject(new SocketWaitError(`${namespace}: no ack for ${ack.event} before ${why}`));
    }
    if (!wasConnected) settleConnect.reject(new ConnectError(`${namespace}: ${why}`));
    if (!alreadyClosed) transport?.close();
    resolveClosed(info);
  }

  /** A caller's predicate that throws (on an unexpected payload) is a mismatch, not a crash. */
  const matches = (match: (payload: unknown) => boolean, payload: unknown): boolean => {
    try {
      return match(payload);
    } catch {
      return false;
    }
  };

  const onEvent = (event: string, payload: unknown) => {
    const index = waiters.findIndex((w) => w.event === event && matches(w.match, payload));
    if (index >= 0) {
      const [waiter] = waiters.splice(index, 1);
      timers.clearTimeout(waiter!.timer);
      waiter!.resolve(payload);
      return;
    }
    inbox.push({ event, payload });
    if (inbox.length > inboxLimit) inbox.splice(0, inbox.length - inboxLimit);
  };

  const onSocketPacket = (packet: SocketPacket) => {
    if (packet.nsp !== namespace) return;
    switch (packet.type) {
      case SocketPacketType.connect: {
        if (phase !== 'joining') return;
        const data = packet.data as { sid?: unknown } | undefined;
        socketId = typeof data?.sid === 'string' ? data.sid : '';
        phase = 'connected';
        timers.clearTimeout(connectTimer);
        settleConnect.resolve(client);
        return;
      }
      case SocketPacketType.connectError: {
        const data = packet.data;
        const message =
          typeof data === 'string'
            ? data
            : String((data as { message?: unknown } | undefined)?.message ?? 'refused');
        const detail =
          typeof data === 'object' && data !== null ? (data as { data?: unknown }).data : undefined;
        if (phase === 'joining') settleConnect.reject(new ConnectError(message, detail));
        finish({ reason: 'io server disconnect', detail: `connect_error: ${message}` });
        return;
      }
      case SocketPacketType.event: {
        const [event, ...args] = (packet.data as unknown[] | undefined) ?? [];
        if (typeof event === 'string') onEvent(event, args[0]);
        return;
      }
      case SocketPacketType.ack: {
        const ack = packet.id === undefined ? undefined : pending.get(packet.id);
        if (!ack || packet.id === undefined) return;
        pending.delete(packet.id);
        timers.clearTimeout(ack.timer);
        ack.resolve(((packet.data as unknown[] | undefined) ?? [])[0]);
        return;
      }
      case SocketPacketType.disconnect:
        finish({ reason: 'io server disconnect' });
        return;
      default:
        return;
    }
  };

  const onFrame = (frame: string | null) => {
    if (closeInfo) return;
    try {
      if (frame === null) throw new CodecError('binary frames are not supported');
      const packet = decodeEnginePacket(frame);
      switch (packet.type) {
        case 'open':
          handshake = parseHandshake(packet.data);
          armHeartbeat();
          phase = 'joining';
          sendPacket({
            type: SocketPacketType.connect,
            nsp: namespace,
            ...(options.auth ? { data: options.auth } : {}),
          });
          return;
        case 'ping':
          heartbeats++;
          armHeartbeat();
          transport?.send(encodeEnginePacket({ type: 'pong', data: packet.data }));
          return;
        case 'message':
          onSocketPacket(decodeSocketPacket(packet.data));
          return;
        case 'close':
          finish({ reason: 'transport close', detail: 'the server closed the engine' });
          return;
        default:
          return;
      }
    } catch (error) {
      finish({ reason: 'parse error', detail: (error as Error).message });
    }
  };

  try {
    transport = options.transport(engineIoUrl(options.url), options.headers ?? {}, {
      open: () => {},
      message: onFrame,
      error: (message) => finish({ reason: 'transport error', detail: message }),
      close: (code, reason) =>
        finish(
          clientClosing
            ? { reason: 'io client disconnect' }
            : { reason: 'transport close', detail: `code ${code ?? '?'} ${reason ?? ''}`.trim() },
          true,
        ),
    });
  } catch (error) {
    // A URL the WebSocket refuses: nothing was opened, so nothing is left pending either.
    finish({ reason: 'transport error', detail: (error as Error).message }, true);
    return connecting;
  }

  const client: SocketIoClient = {
    namespace,
    get id() {
      return socketId;
    },
    get heartbeats() {
      return heartbeats;
    },
    get pingInterval() {
      return handshake?.pingInterval ?? 0;
    },
    get connected() {
      return phase === 'connected';
    },
    closed,
    next<T>(event: string, nextOptions: NextOptions<T> = {}): Promise<T> {
      const match = (nextOptions.match ?? (() => true)) as (payload: unknown) => boolean;
      const index = inbox.findIndex((e) => e.event === event && matches(match, e.payload));
      if (index >= 0) return Promise.resolve(inbox.splice(index, 1)[0]!.payload as T);
      if (closeInfo) {
        return Promise.reject(new SocketWaitError(`${namespace}: closed (${closeInfo.reason})`));
      }
      const ms = nextOptions.timeoutMs ?? 10_000;
      return new Promise<T>((resolve, reject) => {
        const waiter: Waiter = {
          event,
          match,
          resolve: resolve as (payload: unknown) => void,
          reject,
          timer: timers.setTimeout(() => {
            const i = waiters.indexOf(waiter);
            if (i >= 0) waiters.splice(i, 1);
            reject(new SocketWaitError(`${namespace}: no ${event} within ${ms} ms`));
          }, ms),
        };
        waiters.push(waiter);
      });
    },
    request<T>(event: string, payload: unknown, ms = 10_000): Promise<T> {
      if (phase !== 'connected') {
        return Promise.reject(new SocketWaitError(`${namespace}: not connected (${event})`));
      }
      const id = nextAckId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, {
          event,
          resolve: resolve as (payload: unknown) => void,
          reject,
          timer: timers.setTimeout(() => {
            pending.delete(id);
            reject(new SocketWaitError(`${namespace}: no ack for ${event} within ${ms} ms`));
          }, ms),
        });
        sendPacket({ type: SocketPacketType.event, nsp: namespace, id, data: [event, payload] });
      });
    },
    emit(event: string, payload: unknown): void {
      if (phase === 'connected') {
        sendPacket({ type: SocketPacketType.event, nsp: namespace, data: [event, payload] });
      }
    },
    close(): Promise<CloseInfo> {
      if (!closeInfo && !clientClosing) {
        clientClosing = true;
        if (phase === 'connected')
          sendPacket({ type: SocketPacketType.disconnect, nsp: namespace });
        transport?.close();
      }
      return closed;
    },
  };
  return connecting;
}
