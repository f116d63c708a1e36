/**
 * Rotates the QR payload on verifier screens every second (P1). Node-local by design: each node
 * rotates the codes of the verifier sockets it holds, so no timer has to cross nodes and a
 * reconnect to another node simply continues there. The session secret stays in the hub; only
 * the MAC of the current second is sent.
 */
import type { Socket } from 'socket.io';
import type { SessionQrEvent } from '../../contracts/index.js';
import type { HubContext } from '../context.js';
import { elapsedSeconds, qrPayload } from '../sessions/pairing.js';

const TICK_MS = 200;

interface Watched {
  sockets: Set<Socket>;
  createdAt: number;
  lastSecond: number;
}

/** Keeps QR codes fresh on this node's verifier sockets. */
export interface QrTicker {
  /** Starts rotating the session's QR on this socket (emits the current one at once). */
  watch(socket: Socket, session: { id: string; createdAt: number }): void;
  /** Stops rotating a session's QR (it was used, cancelled or ended). */
  forget(sessionId: string): void;
  stop(): void;
}

/** Starts the ticker. */
export function createQrTicker(ctx: HubContext): QrTicker {
  const watched = new Map<string, Watched>();

  const emit = async (sessionId: string, entry: Watched, force: boolean): Promise<void> => {
    const now = ctx.clock.now();
    const session = await ctx.sessions.get(sessionId);
    // forget() may have run while we waited: a used code must not come back on screen (P4).
    if (watched.get(sessionId) !== entry) return;
    if (!session || session.state !== 'awaiting_citizen' || !session.qrSecret) {
      watched.delete(sessionId);
      return;
    }
    const second = elapsedSeconds(session.createdAt, now);
    if (!force && second === entry.lastSecond) return;
    entry.lastSecond = second;
    const event: SessionQrEvent = {
      payload: qrPayload(session.pairingId!, session.qrSecret, second),
      code: session.pairingCode!,
      validForSeconds: ctx.config.qrMaxAgeSeconds,
    };
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
      emit(sessionId, entry, false).catch((error: unknown) =>
        ctx.logger.warn({ err: error }, 'qr rotation failed'),
      );
    }
  }, TICK_MS);
  timer.unref();

  return {
    watch(socket, { id, createdAt }) {
      let entry = watched.get(id);
      if (!entry) {
        entry = { sockets: new Set(), createdAt, lastSecond: -1 };
        watched.set(id, entry);
      }
      entry.sockets.add(socket);
      emit(id, entry, true).catch((error: unknown) =>
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
