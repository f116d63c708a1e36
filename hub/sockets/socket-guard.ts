/**
 * Bounds on sockets (abuse resistance): handshakes per client IP, sockets per token (a widget's
 * session, a device) and per node, commands per socket — a socket that keeps sending at twice
 * its allowance is disconnected — and no unauthenticated namespace at all. Its one middleware per
 * socket is also where every incoming packet passes: the packets let through are handed to
 * `onPacket` (in-flight tracking) and then to their command (`dispatchCommand`; unknown events
 * are refused there, V1). An admitted socket keeps nothing of its handshake's token nor of its
 * upgrade request, and holds no closure of the guard's but that middleware.
 */
import type { Server, Socket } from 'socket.io';
import type { ErrorObject } from '../../contracts/index.js';
import { HubError, toErrorObject } from '../errors.js';
import type { EventVerdict } from '../limits/limiter.js';
import { randomId } from '../security/crypto.js';
import type { HubContext } from '../context.js';
import { connectError, dispatchCommand } from './socket-commands.js';
import type { CitizenSocket, HubNamespaces, VerifierSocket } from './socket-types.js';
import { upgradeRequestRelease } from './upgrade-request.js';

/** Told of each packet the guard lets through to its command. */
export type PacketObserver = (socket: Socket, packet: unknown[]) => void;

/** Guards a node's sockets. */
export interface SocketGuard {
  /**
   * Admits one authenticated handshake (its `socket.data` set): per-IP rate, node cap, cap per
   * token (counted under the device, or the widget's session). Throws a `HubError` to refuse;
   * on admission the slot is held until the socket disconnects, the token is dropped from the
   * handshake (nothing reads it again) and the connection's upgrade request is let go of.
   */
  admit(socket: Socket): Promise<void>;
}

/** The client IP of a socket (behind trusted proxies). */
export function socketIp(ctx: HubContext, socket: Socket): string {
  const forwarded = socket.handshake.headers['x-forwarded-for'];
  return ctx.clientIp.resolve(
    socket.handshake.address,
    Array.isArray(forwarded) ? forwarded.join(',') : forwarded,
  );
}

/** An admitted socket's handshake auth: the token is not kept. */
const admittedAuth = Object.freeze({});

/** Sets up the guard over a node's server and namespaces. */
export function createSocketGuard(
  ctx: HubContext,
  io: Server,
  namespaces: HubNamespaces,
  onPacket?: PacketObserver,
): SocketGuard {
  // Keyed by the id string the socket's data already holds: an entry adds no string of its own.
  const perDevice = new Map<string, number>();
  const perSession = new Map<string, number>();
  const citizens: unknown = namespaces.citizen;
  const releaseRequest = upgradeRequestRelease(io);
  /** Admitted sockets that Socket.IO has not connected yet. */
  const admitting = new Set<Socket>();
  /** What a socket's token opens: its device (A3), or its widget's session (A2). */
  const tokenOf = (socket: Socket): { counts: Map<string, number>; key: string } =>
    socket.nsp === citizens
      ? { counts: perDevice, key: (socket as unknown as CitizenSocket).data.deviceId }
      : { counts: perSession, key: (socket as unknown as VerifierSocket).data.sessionId };
  // One listener for every socket (`this` is the socket): gives back its token's slot.
  function release(this: Socket): void {
    const { counts, key } = tokenOf(this);
    const left = (counts.get(key) ?? 1) - 1;
    if (left <= 0) counts.delete(key);
    else counts.set(key, left);
  }
  // The default namespace serves nothing: refuse it rather than keep idle sockets alive.
  io.of('/').use((_socket, next) =>
    next(connectError(new HubError('not_found', 'connect to /verifier or /citizen'), ctx.logger)),
  );
  /** Acks a refused packet, if it asked for an ack. */
  const refuse = (packet: unknown[], error: ErrorObject) => {
    const ack = packet[packet.length - 1];
    if (typeof ack === 'function') ack({ ok: false, error });
  };
  /** One incoming packet of an admitted socket: its rate, then its command. Never throws. */
  const guardPacket = (socket: Socket, packet: unknown[], verdict: EventVerdict): void => {
    if (verdict === 'abusive') {
      ctx.logger.info({ socketId: socket.id }, 'socket disconnected: too many events');
      socket.disconnect(true);
      return;
    }
    if (verdict === 'limited') {
      const retryAfterSeconds = ctx.limiter.table.socket_events.seconds;
      refuse(packet, {
        code: 'rate_limited',
        message: 'too many events; slow down',
        details: { retryAfterSeconds },
      });
      return;
    }
    // Cut off meanwhile (a deactivated device, a suspended verifier): nothing more runs.
    if (!socket.connected) return;
    onPacket?.(socket, packet);
    dispatchCommand(socket, packet);
  };
  const failed = (packet: unknown[], error: unknown) => {
    const requestId = randomId(8);
    ctx.logger.error({ err: error, requestId }, 'socket packet failed');
    refuse(packet, toErrorObject(error, requestId));
  };
  for (const namespace of [namespaces.verifier, namespaces.citizen]) {
    namespace.on('connection', (socket: Socket) => {
      admitting.delete(socket);
      socket.on('disconnect', release);
      // Every packet ends here: dispatched, refused or dropped; none goes on to `next()`.
      socket.use((packet) => {
        ctx.limiter.socketEvent(socket.id).then(
          (verdict) => {
            try {
              guardPacket(socket, packet, verdict);
            } catch (error) {
              failed(packet, error);
            }
          },
          (error: unknown) => failed(packet, error),
        );
      });
    });
  }
  const open = () => namespaces.verifier.sockets.size + namespaces.citizen.sockets.size;
  return {
    async admit(socket) {
      await ctx.limiter.hit('ip_handshake', socketIp(ctx, socket));
      if (open() >= ctx.config.maxSocketsPerNode) {
        ctx.metrics.socketCapped('node');
        throw new HubError('rate_limited', 'this node is full; try again', {
          details: { retryAfterSeconds: 5 },
        });
      }
      const { counts, key } = tokenOf(socket);
      const count = counts.get(key) ?? 0;
      if (count >= ctx.config.maxSocketsPerToken) {
        ctx.metrics.socketCapped('token');
        throw new HubError(
          'rate_limited',
          `at most ${ctx.config.maxSocketsPerToken} connections per token; close another first`,
        );
      }
      socket.handshake.auth = admittedAuth;
      releaseRequest(socket);
      counts.set(key, count + 1);
      // Socket.IO connects the socket within this turn of the event loop, or drops it (its client
      // left, or was cut off, meanwhile) without a `disconnect` that would give the slot back.
      admitting.add(socket);
      setImmediate(() => {
        if (admitting.delete(socket)) release.call(socket);
      });
    },
  };
}
