/**
 * The cluster's stores (X1): with `REDIS_URL`, sessions, records and Socket.IO events all go
 * through Redis, so Redis alone makes a complete cluster. Creates the three clients a node needs
 * (commands, publish, subscribe) with error listeners and a reconnect policy, so a Redis restart
 * is logged and survived rather than fatal.
 */
import type { Logger } from 'pino';
import { createClient } from 'redis';
import { createRedisRecordStore } from '../adapters/records/index.js';
import type { RedisClient } from '../adapters/redis/redis-types.js';
import { redisIoAdapter } from '../adapters/scaling/index.js';
import { createRedisSessionStore } from '../adapters/sessions/index.js';
import { createRedisWebhookOutbox } from '../adapters/webhooks/index.js';
import type { HubDeps } from './create-hub.js';
import type { LimitTable } from './limits/limit-table.js';
import { createLimiter } from './limits/limiter.js';
import type { Session } from './sessions/session.js';

/** What `createHub` takes from Redis, and how to let go of it. */
export interface RedisDeps {
  deps: Pick<HubDeps, 'sessions' | 'records' | 'configureIo' | 'limiter' | 'webhooks'>;
  close(): Promise<void>;
}

/** A URL with any password replaced, for logs. */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** Connects the node's Redis clients and builds the Redis stores and Socket.IO adapter. */
export async function connectRedisDeps(options: {
  url: string;
  prefix: string;
  logger: Logger;
  /** The limits in force, counted in Redis so that they hold cluster-wide. */
  limits: LimitTable;
}): Promise<RedisDeps> {
  const open = async (role: string): Promise<RedisClient> => {
    const client: RedisClient = createClient({
      url: options.url,
      // Commands fail at once while Redis is down (answered `internal`) instead of queueing
      // for an unknown time; pub/sub keep their queue so events published meanwhile still go.
      disableOfflineQueue: role === 'commands',
      socket: { reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2000) },
    });
    let down = false;
    client.on('error', (error: Error) => {
      if (!down) options.logger.error({ err: error, role }, 'redis connection lost');
      down = true;
    });
    client.on('ready', () => {
      if (down) options.logger.info({ role }, 'redis connection back');
      down = false;
    });
    await client.connect();
    return client;
  };
  const main = await open('commands');
  const pub = await open('publish');
  const sub = await open('subscribe');
  return {
    deps: {
      sessions: createRedisSessionStore<Session>({ client: main, prefix: options.prefix }),
      records: createRedisRecordStore({ client: main, prefix: options.prefix }),
      webhooks: createRedisWebhookOutbox({ client: main, prefix: options.prefix }),
      limiter: createLimiter(options.limits, {
        kind: 'redis',
        client: main,
        prefix: options.prefix,
      }),
      configureIo: redisIoAdapter({
        pubClient: pub,
        subClient: sub,
        key: `${options.prefix}io`,
        onPublishError: (error) => options.logger.debug({ err: error }, 'event not published'),
      }),
    },
    async close() {
      // close() lets commands in flight finish; destroy() would reject them.
      await Promise.all([sub, pub, main].map((client) => client.close().catch(() => {})));
    },
  };
}
