/**
 * A plain Redis client and the Redis stores over it, for tests that wire a hub by hand (store
 * contract suites, webhook outbox). Whole cluster nodes use `connectRedisDeps` instead, as
 * `hub/main.ts` does (see test-cluster.ts).
 */
import { createClient } from 'redis';
import { createRedisRecordStore } from '../../adapters/records/index.js';
import type { RedisClient } from '../../adapters/redis/redis-types.js';
import { createRedisSessionStore } from '../../adapters/sessions/index.js';
import type { Session } from '../../hub/sessions/session.js';

/** A connected client; `commands`: fail at once while Redis is down instead of queueing. */
export async function connectRedis(url: string, commands = false): Promise<RedisClient> {
  const client: RedisClient = createClient({
    url,
    disableOfflineQueue: commands,
    socket: { reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 1000) },
  });
  // An unhandled 'error' event would kill the process on a Redis restart.
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** Session and record stores in Redis under `prefix`. */
export function createRedisStores(client: RedisClient, prefix: string) {
  return {
    sessions: createRedisSessionStore<Session>({ client, prefix }),
    records: createRedisRecordStore({ client, prefix }),
  };
}
