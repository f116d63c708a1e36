/**
 * The Socket.IO implementation of the notifier: session events go to the session's room on
 * `/verifier`, citizen events to the citizen's room on `/citizen`. With the Redis adapter the
 * rooms span every node, so each side hears of a change wherever it is connected (X2). A
 * citizen's sockets share one room; one device among them is singled out on each node
 * (`device:cut` to the other nodes), so that no idle socket pays for a room of its own.
 */
import type { Notifier } from '../sessions/notifier.js';
import type { QrTicker } from './qr-ticker.js';
import type { HubNamespaces } from './socket-types.js';

/** Room names. */
export const rooms = {
  session: (id: string) => `session:${id}`,
  verifier: (id: string) => `verifier:${id}`,
  citizen: (ref: string) => `citizen:${ref}`,
} as const;

/**
 * The notifier over `io`; `ticker` is consulted late because it needs the finished context;
 * `cluster` says whether other nodes share the rooms (and hear server-side events).
 */
export function createSocketNotifier(
  namespaces: HubNamespaces,
  ticker: () => QrTicker | undefined,
  cluster: boolean,
): Notifier {
  const { verifier: verifiers, citizen: citizens } = namespaces;
  /** Disconnects the device's sockets that this node holds. */
  const cutDevice = (citizenRef: string, deviceId: string): void => {
    const held = citizens.adapter.rooms.get(rooms.citizen(citizenRef));
    for (const id of held ? [...held] : []) {
      const socket = citizens.sockets.get(id);
      if (socket?.data.deviceId === deviceId) socket.disconnect(true);
    }
  };
  citizens.on('device:cut', cutDevice);
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
    disconnectCitizen({ citizenRef, deviceId }) {
      if (deviceId === undefined) {
        citizens.in(rooms.citizen(citizenRef)).disconnectSockets(true);
        return;
      }
      cutDevice(citizenRef, deviceId);
      // Published like a room's broadcast (a failed publish is logged by the adapter's guard).
      // Should it be lost, the device's commands are refused anyway: each checks the device.
      if (cluster) citizens.serverSideEmit('device:cut', citizenRef, deviceId);
    },
    disconnectVerifier(verifierId) {
      verifiers.in(rooms.verifier(verifierId)).disconnectSockets(true);
    },
  };
}
