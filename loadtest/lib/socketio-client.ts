/**
 * A small Socket.IO client for load tests: one WebSocket, one namespace, the Engine.IO v4
 * heartbeat answered, acked commands, and an inbox of server events that a step can take from
 * even when the event arrived before it asked (socketio-waits.ts). It imports only the pure
 * codec and its own parts (socketio-api.ts: its types and errors): the WebSocket and the timers
 * are handed in (k6's `k6/websockets` and `k6/timers` in a load test, the `ws` package and
 * Node's timers under vitest), so the code that k6 runs is the code the tests drive against a
 * real hub. Every timer it starts is cleared again, since a k6 iteration only ends once nothing
 * is pending.
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
import {
  ConnectError,
  SocketWaitError,
  type CloseInfo,
  type ConnectOptions,
  type NextOptions,
  type SocketIoClient,
  type Transport,
} from './socketio-api.ts';
import { createWaits } from './socketio-waits.ts';

export { ConnectError, SocketWaitError } from './socketio-api.ts';
export type {
  CloseInfo,
  ConnectOptions,
  NextOptions,
  SocketIoClient,
  Timers,
  Transport,
  TransportEvents,
  TransportFactory,
} from './socketio-api.ts';

/** Opens a WebSocket to the hub and joins `namespace`; rejects with `ConnectError`. */
export function connectSocketIo(options: ConnectOptions): Promise<SocketIoClient> {
  const { namespace, timers } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const inboxLimit = options.inboxLimit ?? 200;
  const waits = createWaits(namespace, timers, inboxLimit);
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
    waits.fail(why);
    if (!wasConnected) settleConnect.reject(new ConnectError(`${namespace}: ${why}`));
    if (!alreadyClosed) transport?.close();
    resolveClosed(info);
  }

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
        if (typeof event === 'string') waits.event(event, args[0]);
        return;
      }
      case SocketPacketType.ack:
        if (packet.id !== undefined) {
          waits.acked(packet.id, ((packet.data as unknown[] | undefined) ?? [])[0]);
        }
        return;
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
      return waits.next(event, nextOptions, closeInfo?.reason);
    },
    request<T>(event: string, payload: unknown, ms = 10_000): Promise<T> {
      if (phase !== 'connected') {
        return Promise.reject(new SocketWaitError(`${namespace}: not connected (${event})`));
      }
      return waits.ack<T>(event, ms, (id) => {
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
