/**
 * Typed Socket.IO clients for tests. The sockets themselves — real `socket.io-client`
 * connections over TCP, websocket transport, no automatic reconnection (tests reconnect on
 * purpose) — and the ack helper come from the toolkit the scripts use too
 * (`scripts/lib/socket-client.ts`).
 */
import type { Socket } from 'socket.io-client';
import type {
  CitizenClientEvents,
  CitizenServerEvents,
  VerifierClientEvents,
  VerifierServerEvents,
} from '../../contracts/index.js';

export { ask, connect, type ConnectOptions } from '../../scripts/lib/socket-client.js';

/** A verifier (widget) client socket. */
export type VerifierClient = Socket<VerifierServerEvents, VerifierClientEvents>;
/** A citizen (phone) client socket. */
export type CitizenClient = Socket<CitizenServerEvents, CitizenClientEvents>;
