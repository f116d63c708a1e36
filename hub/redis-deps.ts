/**
 * The cluster's stores (X1): with `REDIS_URL`, sessions, records and Socket.IO events all go
 * through Redis, so Redis alone makes a complete cluster. Creates the three clients a node needs
 * (commands, publish, subscribe) with error listeners and a reconnect policy, so a Redis restart
 * is logged and survived rather than fatal; bounds every command and publish in time, so a frozen
 * Redis answers `internal` quickly instead of hanging requests; and claims the deployment marker
 * that lets readiness notice a record store that lost its data.
 */
import type { Logger } from 'pino';
import { createClient } from 'redis';
import { createRedisRecordStore } from '../adapters/records/index.js';
import {
  createRedisDeploymentMarker,
  withCommandTimeout,
  withHandledRejections,
  type RedisClient,
} from '../adapters/redis/index.js';
import { redisIoAdapter } from '../adapters/scaling/index.js';
import { createRedisSessionStore } from '../adapters/sessions/index.js';
import { createRedisWebhookOutbox } from '../adapters/webhooks/index.js';
import type { HubDeps } from './create-hub.js';
import { limitTable, type LimitTable } from './limits/limit-table.js';
import { createLimiter } from './limits/limiter.js';
import { recordsMarkerCheck, redisCheck, redisEventsCheck } from './ops/readiness-checks.js';
import type { Session } from './sessions/session.js';

/** What `createHub` takes from Redis, and how to let go of it. */
export interface RedisDeps {
  deps: Pick<
    HubDeps,
    'sessions' | 'records' | 'configureIo' | 'cluster' | 'readinessChecks' | 'limiter' | 'webhooks'
  >;
  /** Whether this node wrote the deployment marker (an empty record store: a first start). */
  newDeployment: boolean;
  /** Closes the clients, letting commands in flight finish for at most `graceMs`. */
  close(graceMs?: number): Promise<void>;
}

/** Options of {@link connectRedisDeps}. */
export interface RedisDepsOptions {
  url: string;
  prefix: string;
  logger: Logger;
  /** Longest wait for any command or publish, in ms. Default 1000. */
  commandTimeoutMs?: number;
  /** Longest wait for a TCP connection (each attempt), in ms. Default 3000. */
  connectTimeoutMs?: number;
  /**
   * Most commands a client keeps waiting (queued or sent, not answered); beyond it commands fail
   * at once, so a long freeze cannot grow memory without bound. Default 10 000.
   */
  maxPendingCommands?: number;
  /** The limits in force, counted in Redis so that they hold cluster-wide. Default: the defaults. */
  limits?: LimitTable;
  /** Told how long sampled commands took, in seconds (the node's metrics). Default: nothing. */
  onCommandLatency?: (seconds: number) => void;
}

/** What the Socket.IO adapter calls on its subscriber without awaiting. */
const SUBSCRIPTION_METHODS = [
  'subscribe',
  'unsubscribe',
  'pSubscribe',
  'pUnsubscribe',
  'sSubscribe',
  'sUnsubscribe',
] as const;

/** A URL with any password replaced, for logs. */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** Resolves after `promise` or `ms`, whichever comes first; true when `promise` won. */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Connects the node's Redis clients and builds the Redis stores and Socket.IO adapter. */
export async function connectRedisDeps(options: RedisDepsOptions): Promise<RedisDeps> {
  const commandTimeoutMs = options.commandTimeoutMs ?? 1000;
  const open = async (role: string): Promise<RedisClient> => {
    const client: RedisClient = createClient({
      url: options.url,
      // Commands fail at once while Redis is down (answered `internal`) instead of queueing
      // for an unknown time; pub/sub keep their queue so events published meanwhile still go.
      disableOfflineQueue: role === 'commands',
      commandsQueueMaxLength: options.maxPendingCommands ?? 10_000,
      // No node-redis `timeout` command option: it arms an AbortSignal timer per command (a
      // measurable share of a busy node's CPU) and only covers the wait to be written.
      // withCommandTimeout below bounds every answer; the queue cap bounds what waits.
      socket: {
        connectTimeout: options.connectTimeoutMs ?? 3000,
        reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2000),
      },
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
  const bound = { timeoutMs: commandTimeoutMs };
  const commands = withCommandTimeout(main, {
    ...bound,
    ...(options.onCommandLatency ? { onLatency: options.onCommandLatency } : {}),
  });
  const marker = createRedisDeploymentMarker({ client: commands, prefix: options.prefix });
  const deployment = await marker.claim();
  return {
    deps: {
      sessions: createRedisSessionStore<Session>({ client: commands, prefix: options.prefix }),
      records: createRedisRecordStore({ client: commands, prefix: options.prefix }),
      webhooks: createRedisWebhookOutbox({ client: commands, prefix: options.prefix }),
      limiter: createLimiter(options.limits ?? limitTable(), {
        kind: 'redis',
        client: commands,
        prefix: options.prefix,
      }),
      cluster: true,
      configureIo: redisIoAdapter({
        // A publish to a frozen Redis must settle too: the adapter's guard then drops the event.
        pubClient: withCommandTimeout(pub, bound),
        // The adapter (un)subscribes without awaiting: a Redis outage or a shutdown must not turn
        // those calls into unhandled rejections.
        subClient: withHandledRejections(sub, SUBSCRIPTION_METHODS, (error, method) =>
          options.logger.debug({ err: error, method }, 'redis subscription call failed'),
        ),
        key: `${options.prefix}io`,
        onPublishError: (error) => options.logger.debug({ err: error }, 'event not published'),
      }),
      readinessChecks: [
        redisCheck(commands),
        redisEventsCheck({ publish: pub, subscribe: sub }),
        recordsMarkerCheck(marker, deployment.value),
      ],
    },
    newDeployment: deployment.created,
    async close(graceMs = 5000) {
      // close() lets commands in flight finish; a frozen Redis must not hold the exit, so after
      // the grace destroy() drops what is left.
      await Promise.all(
        [sub, pub, main].map(async (client) => {
          const closed = client.close();
          // Commands dropped by destroy() reject this promise; nobody else is waiting for it.
          closed.catch(() => {});
          if (await within(closed, graceMs).catch(() => true)) return;
          try {
            if (client.isOpen) client.destroy();
          } catch {
            // Already closing or closed: nothing left to drop.
          }
        }),
      );
    },
  };
}
