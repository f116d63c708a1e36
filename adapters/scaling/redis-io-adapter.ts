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
}

/** A `configureIo` hook that installs the Redis adapter on every namespace. */
export function redisIoAdapter(options: RedisIoAdapterOptions): (io: Server) => void {
  return (io) => {
    io.adapter(
      createAdapter(options.pubClient, options.subClient, { key: options.key ?? 'mdok:io' }),
    );
  };
}
