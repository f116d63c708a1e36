/**
 * Rotates the QR payload on verifier screens every second (P1). Node-local by design: each node
 * rotates the codes of the verifier sockets it holds, so no timer has to cross nodes and a
 * reconnect to another node simply continues there. The session secret stays in the hub; only
 * the MAC of the current second is sent.
 */
import type { SessionQrEvent } from '../../contracts/index.js';
import type { HubContext } from '../context.js';
import { elapsedSeconds, qrPayload } from '../sessions/pairing.js';
import type { VerifierSocket } from './socket-types.js';

const TICK_MS = 200;

interface Watched {
  sockets: Set<VerifierSocket>;
  createdAt: number;
  lastSecond: number;
}

/** Keeps QR codes fresh on this node's verifier sockets. */
export interface QrTicker {
  /** Starts rotating the session's QR on this socket (emits the current one at once). */
  watch(socket: VerifierSocket, session: { id: string; createdAt: number }): void;
  /** Stops rotating a session's QR (it was used, cancelled or ended). */
  forget(sessionId: string): void;
  stop(): void;
}

/** Starts the ticker. */
export function createQrTicker(ctx: HubContext): QrTicker {
  const watched = new Map<string, Watched>();

  /**
   * Sends the current QR: to `only` (a socket that just started watching: the others already
   * show this second's code, so a new socket costs one emit, not one per socket in the room), or
   * to every watching socket when the second has turned.
   */
  const emit = async (sessionId: string, entry: Watched, only?: VerifierSocket): Promise<void> => {
    const now = ctx.clock.now();
    const session = await ctx.sessions.get(sessionId);
    // forget() may have run while we waited: a used code must not come back on screen (P4).
    if (watched.get(sessionId) !== entry) return;
    if (!session || session.state !== 'awaiting_citizen' || !session.qrSecret) {
      watched.delete(sessionId);
      return;
    }
    const second = elapsedSeconds(session.createdAt, now);
    if (!only && second === entry.lastSecond) return;
    const event: SessionQrEvent = {
      payload: qrPayload(session.pairingId!, session.qrSecret, second),
      code: session.pairingCode!,
      validForSeconds: ctx.config.qrMaxAgeSeconds,
    };
    if (only) {
      if (only.connected) only.emit('session:qr', event);
      return;
    }
    entry.lastSecond = second;
    for (const socket of entry.sockets) {
      if (socket.connected) socket.emit('session:qr', event);
      else entry.sockets.delete(socket);
    }
    if (entry.sockets.size === 0) watched.delete(sessionId);
  };

  const timer = setInterval(() => {
    const now = ctx.clock.now();
    for (const [sessionId, entry] of watched) {
      // Read the store only when the second has turned; between turns there is nothing to send.
      if (elapsedSeconds(entry.createdAt, now) === entry.lastSecond) continue;
      emit(sessionId, entry).catch((error: unknown) =>
        ctx.logger.warn({ err: error }, 'qr rotation failed'),
      );
    }
  }, TICK_MS);
  timer.unref();

  return {
    watch(socket, { id, createdAt }) {
      let entry = watched.get(id);
      const fresh = !entry;
      if (!entry) {
        entry = { sockets: new Set(), createdAt, lastSecond: -1 };
        watched.set(id, entry);
      }
      entry.sockets.add(socket);
      const watching = entry;
      socket.once('disconnect', () => watching.sockets.delete(socket));
      // A new entry starts its seconds; a socket joining a watched session gets this second's
      // code alone.
      emit(id, entry, fresh ? undefined : socket).catch((error: unknown) =>
        ctx.logger.warn({ err: error }, 'qr emit failed'),
      );
    },
    forget(sessionId) {
      watched.delete(sessionId);
    },
    stop() {
      clearInterval(timer);
      watched.clear();
    },
  };
}
