/**
 * The Socket.IO implementation of the notifier: session events go to the session's room on
 * `/verifier`; with the Redis adapter the rooms span every node, so a widget hears of a change
 * wherever it is connected (X2). Citizen events are delivered by each node to its own sockets in
 * the citizen's room — the other nodes are told by server-side events (`citizen:event`,
 * `device:cut`) — so that each node knows what each of its phones was shown (the watchdog replays
 * what a phone missed, X3) and singles out one device's sockets, without a listener or a room of
 * its own on every idle socket.
 */
import type { Notifier } from '../sessions/notifier.js';
import type { QrTicker } from './qr-ticker.js';
import { markAnswered, markShown } from './session-watchdog.js';
import type { CitizenEvent, HubNamespaces } from './socket-types.js';

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
  /** Tells this node's sockets of the citizen (but one) and notes what each was shown. */
  const tellCitizen = (citizenRef: string, event: CitizenEvent, exceptSocketId: string): void => {
    const held = citizens.adapter.rooms.get(rooms.citizen(citizenRef));
    if (!held) return;
    for (const id of held) {
      const socket = id === exceptSocketId ? undefined : citizens.sockets.get(id);
      if (!socket) continue;
      if (event.name === 'request:incoming') {
        markShown(socket, event.payload.sessionId);
        socket.emit(event.name, event.payload);
      } else {
        markAnswered(socket, event.payload.sessionId);
        socket.emit(event.name, event.payload);
      }
    }
  };
  citizens.on('citizen:event', tellCitizen);
  /** Every node's sockets of the citizen: this node's now, the others' through Redis. */
  const toCitizen = (citizenRef: string, event: CitizenEvent, exceptSocketId = ''): void => {
    tellCitizen(citizenRef, event, exceptSocketId);
    if (cluster) citizens.serverSideEmit('citizen:event', citizenRef, event, exceptSocketId);
  };
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
      toCitizen(citizenRef, { name: 'request:incoming', payload: event });
    },
    withdrawn(citizenRef, event, exceptSocketId) {
      toCitizen(citizenRef, { name: 'request:withdrawn', payload: event }, exceptSocketId);
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
