/**
 * The `/citizen` namespace: the citizen's phone. The handshake needs an active device token
 * (A3); a deactivated device is refused and its live sockets are cut on every node — and, should
 * a cut be lost on its way to another node, each command checks the device again before it acts.
 * A device that (re)connects while a request waits for its decision gets that request again.
 */
import {
  PairingJoinCommand,
  RequestApproveCommand,
  RequestRejectCommand,
} from '../../contracts/index.js';
import type { HubContext } from '../context.js';
import { HubError } from '../errors.js';
import {
  approveRequest,
  joinSession,
  pendingRequest,
  rejectRequest,
  type CitizenActor,
} from '../sessions/citizen-service.js';
import { allowedDevice } from '../sessions/callers.js';
import { citizenRefOf } from '../sessions/subjects.js';
import { rooms } from './socket-notifier.js';
import { markAnswered, markShown } from './session-watchdog.js';
import { connectError, handshakeToken, onCommand } from './socket-commands.js';
import { socketIp, type SocketGuard } from './socket-guard.js';
import type { CitizenNamespace, CitizenSocket } from './socket-types.js';

/** Wires handshake, connect-time replay and commands of `/citizen`. */
export function attachCitizenNamespace(
  ctx: HubContext,
  namespace: CitizenNamespace,
  guard: SocketGuard,
): void {
  namespace.use((socket, next) => {
    authenticate(ctx, socket)
      .then(() => guard.admit(socket))
      .then(
        () => next(),
        (error: unknown) => next(connectError(error, ctx.logger)),
      );
  });

  namespace.on('connection', (socket) => {
    const data = socket.data;
    void socket.join(rooms.citizen(data.citizenRef));
    pendingRequest(ctx, data.citizenRef).then(
      (pending) => {
        if (!pending) return;
        markShown(socket, pending.sessionId);
        socket.emit('request:incoming', pending);
      },
      (error: unknown) => ctx.logger.error({ err: error }, 'citizen replay failed'),
    );
  });
  onCommand(namespace, 'pairing:join', PairingJoinCommand, ctx.logger, async (socket, p) => {
    const request = await joinSession(ctx, await actorOf(ctx, socket), p);
    markShown(socket, request.sessionId);
    return request;
  });
  onCommand(namespace, 'request:approve', RequestApproveCommand, ctx.logger, async (socket, p) => {
    await approveRequest(ctx, await actorOf(ctx, socket), p.sessionId, p.matchNumber);
    markAnswered(socket, p.sessionId);
  });
  onCommand(namespace, 'request:reject', RequestRejectCommand, ctx.logger, async (socket, p) => {
    await rejectRequest(ctx, await actorOf(ctx, socket), p.sessionId);
    markAnswered(socket, p.sessionId);
  });
}

/**
 * The citizen acting through `socket`, made when a command arrives (an idle socket holds none),
 * once the device is found still active; a deactivated one is cut off here and now.
 */
async function actorOf(ctx: HubContext, socket: CitizenSocket): Promise<CitizenActor> {
  const { deviceId, citizenRef } = socket.data;
  try {
    await allowedDevice(ctx, deviceId, citizenRef);
  } catch (error) {
    if (error instanceof HubError) setImmediate(() => socket.disconnect(true));
    throw error;
  }
  return { ...socket.data, ip: socketIp(ctx, socket), socketId: socket.id };
}

async function authenticate(ctx: HubContext, socket: CitizenSocket): Promise<void> {
  const claims = await ctx.tokens.verifyCitizen(handshakeToken(socket), 'device');
  const citizenRef = citizenRefOf(ctx, claims.pesel);
  const device = await allowedDevice(ctx, claims.deviceId!, citizenRef);
  socket.data = { pesel: claims.pesel, citizenRef, deviceId: device.id };
}
