/**
 * Typed Socket.IO clients for tests: real `socket.io-client` connections over TCP, websocket
 * transport, no automatic reconnection (tests reconnect on purpose), plus an ack helper.
 */
import { io, type Socket } from 'socket.io-client';
import type {
  Ack,
  CitizenClientEvents,
  CitizenServerEvents,
  ConnectErrorData,
  VerifierClientEvents,
  VerifierServerEvents,
} from '../../contracts/index.js';

/** A verifier (widget) client socket. */
export type VerifierClient = Socket<VerifierServerEvents, VerifierClientEvents>;
/** A citizen (phone) client socket. */
export type CitizenClient = Socket<CitizenServerEvents, CitizenClientEvents>;

/** Options of a test connection. */
export interface ConnectOptions {
  /** Sent as the `Origin` header. */
  origin?: string;
  /**
   * Called with the socket before the handshake, to attach listeners for what the hub sends
   * right on connect (first `session:state`, a replayed `request:incoming`).
   */
  beforeConnect?: (socket: Socket) => void;
}

/** Opens a socket; resolves when connected, rejects with the handshake error's data. */
export function connect<S extends Socket>(
  url: string,
  namespace: '/verifier' | '/citizen',
  token: string | undefined,
  options: ConnectOptions = {},
): Promise<S> {
  const socket = io(url + namespace, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth: token === undefined ? {} : { token },
    ...(options.origin ? { extraHeaders: { origin: options.origin } } : {}),
  });
  options.beforeConnect?.(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket as S));
    socket.once('connect_error', (error: Error & { data?: ConnectErrorData }) => {
      socket.close();
      reject(Object.assign(new Error(error.message), { data: error.data }));
    });
  });
}

/** Emits a command and resolves with its ack. */
export function request<T = unknown>(
  socket: Socket,
  event: string,
  ...payload: unknown[]
): Promise<Ack<T>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ack for ${event}`)), 5000);
    socket.emit(event, ...payload, (ack: Ack<T>) => {
      clearTimeout(timer);
      resolve(ack);
    });
  });
}
