/**
 * Cross-node Socket.IO delivery through Redis (X1, X2): the classic `@socket.io/redis-adapter`
 * (PUBLISH/SUBSCRIBE). Chosen over the sharded adapter because it delivered every room message in
 * cross-node tests here while the sharded one lost the first message after a fresh join (see the
 * README's scaling section). The caller owns both clients and must attach `error` listeners to
 * them: an unhandled client error would kill the process when Redis restarts.
 */
import { createAdapter } from '@socket.io/redis-adapter';
import type { Server } from 'socket.io';
import type { RedisClient } from '../redis/redis-types.js';

/** Options of the Redis adapter. */
export interface RedisIoAdapterOptions {
  /** Publishing client. */
  pubClient: RedisClient;
  /** Subscribing client (a duplicate of the publisher: it is put in subscriber mode). */
  subClient: RedisClient;
  /** Channel prefix; hubs of one cluster share it. Default `mdok:io`. */
  key?: string;
  /** Told of a publish that failed (Redis unreachable). Default: ignored. */
  onPublishError?: (error: unknown) => void;
}

/**
 * The adapter publishes without catching: with Redis down, every event in flight would become
 * an unhandled rejection. The events are lost either way (the hub's watchdog makes up for that
 * when Redis is back); this only stops them from surfacing as process-level errors.
 */
function guardedPublisher(client: RedisClient, onError: (error: unknown) => void): RedisClient {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (property === 'publish' && typeof value === 'function') {
        return (...args: unknown[]) =>
          (value as (...a: unknown[]) => Promise<unknown>).apply(target, args).catch((error) => {
            onError(error);
            return 0;
          });
      }
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
}

/** A `configureIo` hook that installs the Redis adapter on every namespace. */
export function redisIoAdapter(options: RedisIoAdapterOptions): (io: Server) => void {
  return (io) => {
    const publisher = guardedPublisher(options.pubClient, options.onPublishError ?? (() => {}));
    io.adapter(createAdapter(publisher, options.subClient, { key: options.key ?? 'mdok:io' }));
  };
}
