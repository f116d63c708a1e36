/**
 * The Socket.IO implementation of the notifier: session events go to the session's room on
 * `/verifier`, citizen events to the citizen's room on `/citizen`. With the Redis adapter the
 * rooms span every node, so each side hears of a change wherever it is connected (X2).
 */
import type { Notifier } from '../sessions/notifier.js';
import type { QrTicker } from './qr-ticker.js';
import type { HubNamespaces } from './socket-types.js';

/** Room names. */
export const rooms = {
  session: (id: string) => `session:${id}`,
  verifier: (id: string) => `verifier:${id}`,
  citizen: (ref: string) => `citizen:${ref}`,
  device: (id: string) => `device:${id}`,
} as const;

/** The notifier over `io`; `ticker` is consulted late because it needs the finished context. */
export function createSocketNotifier(
  namespaces: HubNamespaces,
  ticker: () => QrTicker | undefined,
): Notifier {
  const { verifier: verifiers, citizen: citizens } = namespaces;
  return {
    state(event) {
      if (event.state !== 'awaiting_citizen') ticker()?.forget(event.sessionId);
      verifiers.to(rooms.session(event.sessionId)).emit('session:state', event);
    },
    data(sessionId, data) {
      verifiers.to(rooms.session(sessionId)).emit('session:data', data);
    },
    ended(sessionId, reason) {
      verifiers.to(rooms.session(sessionId)).emit('session:ended', { sessionId, reason });
    },
    incoming(citizenRef, event) {
      citizens.to(rooms.citizen(citizenRef)).emit('request:incoming', event);
    },
    withdrawn(citizenRef, event, exceptSocketId) {
      const target = citizens.to(rooms.citizen(citizenRef));
      (exceptSocketId ? target.except(exceptSocketId) : target).emit('request:withdrawn', event);
    },
    disconnectCitizen(target) {
      const room =
        'deviceId' in target ? rooms.device(target.deviceId) : rooms.citizen(target.citizenRef);
      citizens.in(room).disconnectSockets(true);
    },
    disconnectVerifier(verifierId) {
      verifiers.in(rooms.verifier(verifierId)).disconnectSockets(true);
    },
  };
}
