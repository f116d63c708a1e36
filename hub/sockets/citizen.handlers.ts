/**
 * The `/citizen` namespace: the citizen's phone. The handshake needs an active device token
 * (A3); a deactivated device is refused and its live sockets are cut on every node. A device
 * that (re)connects while a request waits for its decision gets that request again.
 */
import type { Namespace as IoNamespace, Socket } from 'socket.io';
import {
  PairingJoinCommand,
  RequestApproveCommand,
  RequestRejectCommand,
  citizenCommands,
} from '../../contracts/index.js';
import { HubError } from '../errors.js';
import type { HubContext } from '../context.js';
import {
  approveRequest,
  joinSession,
  pendingRequest,
  rejectRequest,
  type CitizenActor,
} from '../sessions/citizen-service.js';
import { citizenRefOf } from '../sessions/subjects.js';
import { rooms } from './socket-notifier.js';
import { markAnswered, markShown, trackCitizenSocket } from './session-watchdog.js';
import { connectError, handshakeToken, onCommand, refuseUnknownEvents } from './socket-commands.js';

/** What the hub remembers about a citizen socket. */
export interface CitizenSocketData {
  pesel: string;
  citizenRef: string;
  deviceId: string;
}

/** Wires handshake, connect-time replay and commands of `/citizen`. */
export function attachCitizenNamespace(ctx: HubContext, namespace: IoNamespace): void {
  namespace.use((socket, next) => {
    authenticate(ctx, socket).then(
      () => next(),
      (error: unknown) => next(connectError(error, ctx.logger)),
    );
  });

  namespace.on('connection', (socket) => {
    const data = socket.data as CitizenSocketData;
    trackCitizenSocket(socket);
    void socket.join([rooms.citizen(data.citizenRef), rooms.device(data.deviceId)]);
    refuseUnknownEvents(socket, citizenCommands);
    const actor: CitizenActor = { ...data, socketId: socket.id };
    onCommand(socket, 'pairing:join', PairingJoinCommand, ctx.logger, async (p) => {
      const request = await joinSession(ctx, actor, p);
      markShown(socket, request.sessionId);
      return request;
    });
    onCommand(socket, 'request:approve', RequestApproveCommand, ctx.logger, async (p) => {
      await approveRequest(ctx, actor, p.sessionId, p.matchNumber);
      markAnswered(socket, p.sessionId);
    });
    onCommand(socket, 'request:reject', RequestRejectCommand, ctx.logger, async (p) => {
      await rejectRequest(ctx, actor, p.sessionId);
      markAnswered(socket, p.sessionId);
    });
    pendingRequest(ctx, data.citizenRef).then(
      (pending) => {
        if (pending) socket.emit('request:incoming', pending);
      },
      (error: unknown) => ctx.logger.error({ err: error }, 'citizen replay failed'),
    );
  });
}

async function authenticate(ctx: HubContext, socket: Socket): Promise<void> {
  const claims = await ctx.tokens.verifyCitizen(handshakeToken(socket), 'device');
  const citizenRef = citizenRefOf(ctx, claims.pesel);
  const device = await ctx.records.citizens.getDevice(claims.deviceId!);
  if (!device || device.deactivatedAt || device.citizenRef !== citizenRef) {
    throw new HubError('unauthorized', 'this device is not active');
  }
  socket.data = {
    pesel: claims.pesel,
    citizenRef,
    deviceId: device.id,
  } satisfies CitizenSocketData;
}
