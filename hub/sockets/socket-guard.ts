/**
 * Bounds on sockets (abuse resistance): handshakes per client IP, sockets per token (a widget's
 * session, a device) and per node, commands per socket — a socket that keeps sending at twice
 * its allowance is disconnected — and no unauthenticated namespace at all.
 */
import type { Server, Socket } from 'socket.io';
import { HubError } from '../errors.js';
import type { HubContext } from '../context.js';
import { connectError } from './socket-commands.js';
import type { HubNamespaces } from './socket-types.js';

/** Guards a node's sockets. */
export interface SocketGuard {
  /**
   * Admits one handshake for `token` (a key naming what the token opens): per-IP rate, node
   * cap, token cap. Throws a `HubError` to refuse; on admission the slot is held until the
   * socket disconnects.
   */
  admit(socket: Socket, token: string): Promise<void>;
  /** Sockets open per token key, for tests and metrics. */
  openFor(token: string): number;
}

/** The client IP of a socket (behind trusted proxies). */
export function socketIp(ctx: HubContext, socket: Socket): string {
  const forwarded = socket.handshake.headers['x-forwarded-for'];
  return ctx.clientIp.resolve(
    socket.handshake.address,
    Array.isArray(forwarded) ? forwarded.join(',') : forwarded,
  );
}

/** Sets up the guard over a node's server and namespaces. */
export function createSocketGuard(
  ctx: HubContext,
  io: Server,
  namespaces: HubNamespaces,
): SocketGuard {
  const perToken = new Map<string, number>();
  // The default namespace serves nothing: refuse it rather than keep idle sockets alive.
  io.of('/').use((_socket, next) =>
    next(connectError(new HubError('not_found', 'connect to /verifier or /citizen'), ctx.logger)),
  );
  for (const namespace of [namespaces.verifier, namespaces.citizen]) {
    namespace.on('connection', (socket: Socket) => {
      socket.use((packet, next) => {
        ctx.limiter.socketEvent(socket.id).then(
          (verdict) => {
            if (verdict === 'ok') return next();
            if (verdict === 'abusive') {
              ctx.logger.info({ socketId: socket.id }, 'socket disconnected: too many events');
              socket.disconnect(true);
              return;
            }
            const ack = packet[packet.length - 1];
            if (typeof ack === 'function') {
              const retryAfterSeconds = ctx.limiter.table.socket_events.seconds;
              ack({
                ok: false,
                error: {
                  code: 'rate_limited',
                  message: 'too many events; slow down',
                  details: { retryAfterSeconds },
                },
              });
            }
          },
          (error: unknown) => next(error instanceof Error ? error : new Error(String(error))),
        );
      });
    });
  }
  const open = () => namespaces.verifier.sockets.size + namespaces.citizen.sockets.size;
  return {
    async admit(socket, token) {
      await ctx.limiter.hit('ip_handshake', socketIp(ctx, socket));
      if (open() >= ctx.config.maxSocketsPerNode) {
        throw new HubError('rate_limited', 'this node is full; try again', {
          details: { retryAfterSeconds: 5 },
        });
      }
      const count = perToken.get(token) ?? 0;
      if (count >= ctx.config.maxSocketsPerToken) {
        throw new HubError(
          'rate_limited',
          `at most ${ctx.config.maxSocketsPerToken} connections per token; close another first`,
        );
      }
      perToken.set(token, count + 1);
      socket.once('disconnect', () => {
        const left = (perToken.get(token) ?? 1) - 1;
        if (left <= 0) perToken.delete(token);
        else perToken.set(token, left);
      });
    },
    openFor(token) {
      return perToken.get(token) ?? 0;
    },
  };
}
