/**
 * The Redis record store (PRODUCT A1, A3, H1–H3, X1): verifier registrations, API-key hashes,
 * enrollments, devices and the hash-chained audit log, shared by every hub node that uses the
 * same Redis and prefix. It is given its client and never connects, closes or listens on it
 * (the caller attaches the `error` listener); Redis failures reach callers as rejected promises.
 * Only what the interface carries is stored: citizens as `citizenRef` hashes, phones as hashes.
 * The key layout is in redis/redis-record-keys.ts; each repository in its own file beside it.
 */
import type { RedisClient } from '../redis/redis-types.js';
import type { RecordStore } from './record-store.js';
import { createRedisApiKeyRepository } from './redis/redis-api-key-repository.js';
import { createRedisAuditLog } from './redis/redis-audit-log.js';
import { createRedisCitizenRepository } from './redis/redis-citizen-repository.js';
import type { RedisRecordContext } from './redis/redis-context.js';
import { recordKeys } from './redis/redis-record-keys.js';
import { createRedisReferenceRepository } from './redis/redis-reference-repository.js';
import { createRedisVerifierRepository } from './redis/redis-verifier-repository.js';

/** Options of {@link createRedisRecordStore}. */
export interface RedisRecordStoreOptions {
  /** A connected node-redis client; the caller owns it (connects, listens, closes). */
  client: RedisClient;
  /** Put before every key, so several hubs or tests can share one Redis. Default `'mdok:'`. */
  prefix?: string;
}

/**
 * Creates a record store on Redis. `close()` only stops this store (later calls, and appends
 * still retrying, reject); the client stays open for its owner.
 */
export function createRedisRecordStore(options: RedisRecordStoreOptions): RecordStore {
  let closed = false;
  const context: RedisRecordContext = {
    client: options.client,
    keys: recordKeys(options.prefix ?? 'mdok:'),
    assertOpen() {
      if (closed) throw new Error('the Redis record store is closed');
    },
  };
  return {
    verifiers: createRedisVerifierRepository(context),
    apiKeys: createRedisApiKeyRepository(context),
    citizens: createRedisCitizenRepository(context),
    audit: createRedisAuditLog(context),
    references: createRedisReferenceRepository(context),
    async close() {
      closed = true;
    },
  };
}
