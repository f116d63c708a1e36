/**
 * The Redis session and record stores of one test node, over one client and a key prefix.
 */
import { createRedisRecordStore } from '../../adapters/records/index.js';
import { createRedisSessionStore } from '../../adapters/sessions/index.js';
import type { RedisClient } from '../../adapters/redis/redis-types.js';
import type { Session } from '../../hub/sessions/session.js';

/** Session and record stores in Redis under `prefix`. */
export function createRedisStores(client: RedisClient, prefix: string) {
  return {
    sessions: createRedisSessionStore<Session>({ client, prefix }),
    records: createRedisRecordStore({ client, prefix }),
  };
}
