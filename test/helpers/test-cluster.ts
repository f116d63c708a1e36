/**
 * Several real hub nodes against one real `redis-server` (X1–X3): each node has its own Redis
 * clients, Redis session and record stores and the Socket.IO Redis adapter, as separate
 * processes would; they share only Redis, the keys (`HUB_SECRET`, `SIGNING_KEY`), a clock and a
 * dev SMS outbox. Each cluster uses its own key prefix, so clusters can share one server.
 */
import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { createRedisStores } from './redis-stores.js';
import { createConsoleSmsGateway } from '../../adapters/sms/index.js';
import { redisIoAdapter } from '../../adapters/scaling/index.js';
import type { RedisClient } from '../../adapters/redis/redis-types.js';
import { createHubKeys } from '../../hub/security/hub-keys.js';
import { createConfig } from '../../hub/config.js';
import { limitTable } from '../../hub/limits/limit-table.js';
import { createLimiter } from '../../hub/limits/limiter.js';
import type { RedisServer } from './redis-server.js';
import { startTestHub, type TestHub } from './test-hub.js';
import { createTestClock, type TestClock } from './test-clock.js';

/** A test cluster. */
export interface TestCluster {
  nodes: TestHub[];
  clock: TestClock;
  prefix: string;
  /** Moves the shared clock and runs one reaper pass on every live node. */
  advance(ms: number): Promise<void>;
  /** Stops a node as a crash would end it: its sockets drop, its timers and clients stop. */
  kill(index: number): Promise<void>;
  close(): Promise<void>;
}

/** Opens a Redis client with the listeners and reconnect policy a hub node uses. */
export async function connectRedis(url: string, commands = false): Promise<RedisClient> {
  const client: RedisClient = createClient({
    url,
    disableOfflineQueue: commands,
    socket: { reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 1000) },
  });
  // An unhandled 'error' event would kill the process on a Redis restart (TOOLCHAIN.md).
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** Starts `nodes` hubs on one Redis. */
export async function startTestCluster(
  redis: RedisServer,
  options: { nodes: number; config?: Parameters<typeof createConfig>[0] },
): Promise<TestCluster> {
  const prefix = `t${randomUUID().slice(0, 8)}:`;
  const clock = createTestClock();
  const keys = await createHubKeys({});
  const sms = createConsoleSmsGateway({ print: () => {} });
  const nodes: TestHub[] = [];
  const dead = new Set<number>();
  for (let i = 0; i < options.nodes; i++) {
    const main = await connectRedis(redis.url, true);
    const pub = await connectRedis(redis.url);
    const sub = pub.duplicate();
    sub.on('error', () => {});
    await sub.connect();
    const stores = createRedisStores(main, prefix);
    const limits = limitTable(createConfig(options.config ?? {}).limits);
    const node = await startTestHub({
      keys,
      clock,
      config: { ...options.config, nodeId: `node-${String.fromCharCode(65 + i)}` },
      deps: {
        ...stores,
        sms,
        smsOutbox: (phone) => sms.outbox(phone),
        limiter: createLimiter(limits, { kind: 'redis', client: main, prefix }),
        configureIo: redisIoAdapter({ pubClient: pub, subClient: sub, key: `${prefix}io` }),
      },
      ...(nodes[0] ? { seeded: nodes[0].seeded } : {}),
      onClose: async () => {
        // close() lets commands in flight finish; destroy() would reject them unhandled.
        await Promise.all([sub, pub, main].map((client) => client.close().catch(() => {})));
      },
    });
    nodes.push(node);
  }
  return {
    nodes,
    clock,
    prefix,
    async advance(ms) {
      clock.advance(ms);
      for (const [i, node] of nodes.entries()) {
        if (!dead.has(i)) await node.hub.reaper.sweep();
      }
    },
    async kill(index) {
      if (dead.has(index)) return;
      dead.add(index);
      await nodes[index]!.close();
    },
    async close() {
      for (const [i, node] of nodes.entries()) {
        if (!dead.has(i)) await node.close();
        dead.add(i);
      }
    },
  };
}
