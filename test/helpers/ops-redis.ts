/**
 * For the operations tests: a real `redis-server` that can be frozen (SIGSTOP) and thawed
 * (SIGCONT) like a stalled dependency, a hub node wired to it exactly as `hub/main.ts` wires one
 * (`connectRedisDeps`: bounded commands, readiness checks, deployment marker, timed commands).
 */
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { startRedis, type RedisProcess } from '../../scripts/lib/redis-process.js';
import { createConfig } from '../../hub/config.js';
import { limitTable } from '../../hub/limits/limit-table.js';
import type { HubMetrics } from '../../hub/ops/metrics.js';
import { connectRedisDeps, type RedisDeps } from '../../hub/redis-deps.js';
import { startTestHub, type TestHub, type TestHubOptions } from './test-hub.js';

/** A Redis server process that can be frozen. */
export interface FreezableRedis {
  url: string;
  pid: number;
  /** SIGSTOP: the server keeps its connections but answers nothing. */
  freeze(): void;
  /** SIGCONT (harmless when not frozen). */
  thaw(): void;
  /** Whether the process is stopped right now (state `T` in /proc). */
  frozen(): boolean;
  stop(): Promise<void>;
}

/** Starts a redis-server on a free port. */
export async function startFreezableRedis(): Promise<FreezableRedis> {
  const redis: RedisProcess = await startRedis();
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(redis.pid, name);
    } catch {
      // Already gone.
    }
  };
  return {
    url: redis.url,
    pid: redis.pid,
    freeze: () => signal('SIGSTOP'),
    thaw: () => signal('SIGCONT'),
    frozen() {
      const stat = readFileSync(`/proc/${redis.pid}/stat`, 'utf8');
      // pid (comm) state …: the state follows the closing parenthesis.
      return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'T';
    },
    async stop() {
      signal('SIGCONT');
      await redis.stop();
    },
  };
}

/** A test hub whose stores, Socket.IO adapter and readiness come from `connectRedisDeps`. */
export async function startRedisWiredHub(
  url: string,
  options: {
    logger: Logger;
    commandTimeoutMs?: number;
    prefix?: string;
    config?: TestHubOptions['config'];
    /** The hub's metrics, also told the Redis commands' latency (as main.ts wires them). */
    metrics?: HubMetrics;
  } & Pick<TestHubOptions, 'clock' | 'keys' | 'seeded'>,
): Promise<{ hub: TestHub; redis: RedisDeps }> {
  const redis = await connectRedisDeps({
    url,
    prefix: options.prefix ?? `ops${randomUUID().slice(0, 8)}:`,
    logger: options.logger,
    commandTimeoutMs: options.commandTimeoutMs ?? 5000,
    limits: limitTable(createConfig(options.config ?? {}).limits),
    ...(options.metrics ? { onCommandLatency: options.metrics.redisCommand } : {}),
  });
  const hub = await startTestHub({
    config: {
      readinessTimeoutMs: options.commandTimeoutMs ?? 5000,
      // Timers out of reach: the tests run passes and probes themselves.
      readinessIntervalMs: 3_600_000,
      reaperIntervalMs: 3_600_000,
      watchdogIntervalMs: 3_600_000,
      ...options.config,
    },
    deps: {
      ...redis.deps,
      logger: options.logger,
      ...(options.metrics ? { metrics: options.metrics } : {}),
    },
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.keys ? { keys: options.keys } : {}),
    ...(options.seeded ? { seeded: options.seeded } : {}),
    onClose: () => redis.close(500),
  });
  return { hub, redis };
}
