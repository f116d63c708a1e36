/**
 * Several real hub nodes against one real `redis-server` (X1–X3): each node has its own Redis
 * clients, Redis session and record stores and the Socket.IO Redis adapter, made by the same
 * `connectRedisDeps` that `hub/main.ts` uses, as separate processes would; they share only Redis,
 * the keys (`HUB_SECRET`, `SIGNING_KEY`), a clock and a dev SMS outbox. Each cluster uses its
 * own key prefix, so clusters can share one server.
 */
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { Namespace } from '../../contracts/index.js';
import { createConsoleSmsGateway } from '../../adapters/sms/index.js';
import { createHubKeys } from '../../hub/security/hub-keys.js';
import { connectRedisDeps } from '../../hub/redis-deps.js';
import { createConfig } from '../../hub/config.js';
import { limitTable } from '../../hub/limits/limit-table.js';
import type { RedisServer } from './redis-server.js';
import { startTestHub, type TestHub } from './test-hub.js';
import { createTestClock, type TestClock } from './test-clock.js';
import { waitUntil } from './wait.js';

/** A test cluster. */
export interface TestCluster {
  nodes: TestHub[];
  clock: TestClock;
  prefix: string;
  /** Indexes of the nodes `kill` stopped. */
  dead: ReadonlySet<number>;
  /** Moves the shared clock and runs one reaper pass on every live node. */
  advance(ms: number): Promise<void>;
  /** Stops a node as a crash would end it: its sockets drop, its timers and clients stop. */
  kill(index: number): Promise<void>;
  /**
   * Resolves once every live node serves again after a Redis outage: its stores answer
   * (`/readyz`) and, on every namespace, its publishing client answers and counts every live
   * node's subscription (a node whose clients are still between reconnect attempts would lose
   * what is published meanwhile).
   */
  ready(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** The namespaces whose events cross nodes through the Redis adapter. */
const NAMESPACES = [Namespace.verifier, Namespace.citizen];

/** Starts `nodes` hubs on one Redis; resolves once each of them hears the others. */
export async function startTestCluster(
  redis: RedisServer,
  options: { nodes: number; config?: Parameters<typeof createConfig>[0] },
): Promise<TestCluster> {
  const prefix = `t${randomUUID().slice(0, 8)}:`;
  const clock = createTestClock();
  const keys = await createHubKeys({});
  const sms = createConsoleSmsGateway({ print: () => {} });
  const logger = pino({ level: 'silent' });
  const nodes: TestHub[] = [];
  const dead = new Set<number>();
  for (let i = 0; i < options.nodes; i++) {
    const redisDeps = await connectRedisDeps({
      url: redis.url,
      prefix,
      logger,
      limits: limitTable(createConfig(options.config ?? {}).limits),
    });
    const node = await startTestHub({
      keys,
      clock,
      config: { ...options.config, nodeId: `node-${String.fromCharCode(65 + i)}` },
      deps: {
        ...redisDeps.deps,
        logger,
        sms,
        smsOutbox: (phone) => sms.outbox(phone),
      },
      ...(nodes[0] ? { seeded: nodes[0].seeded } : {}),
      onClose: () => redisDeps.close(),
    });
    nodes.push(node);
  }
  const live = () => nodes.filter((_, i) => !dead.has(i));

  /** Whether one node serves: its stores answer and it sees every live node subscribed. */
  const serves = async (node: TestHub): Promise<boolean> => {
    if ((await node.api('GET', '/readyz')).status !== 200) return false;
    const counts = await Promise.all(
      NAMESPACES.map((name) => node.hub.io.of(name).adapter.serverCount()),
    );
    return counts.every((count) => count === live().length);
  };

  const cluster: TestCluster = {
    nodes,
    clock,
    prefix,
    dead,
    async advance(ms) {
      clock.advance(ms);
      for (const node of live()) await node.hub.reaper.sweep();
    },
    async kill(index) {
      if (dead.has(index)) return;
      dead.add(index);
      await nodes[index]!.close();
    },
    async ready(timeoutMs = 15_000) {
      // Each node's clients come back on their own reconnect back-off (up to 2 s apart).
      await waitUntil(
        async () => (await Promise.all(live().map(serves))).every(Boolean),
        timeoutMs,
        'every node to serve again',
      );
    },
    async close() {
      for (const [i, node] of nodes.entries()) {
        if (!dead.has(i)) await node.close();
        dead.add(i);
      }
    },
  };
  // The adapter subscribes without waiting for Redis to confirm: until every node has, an event
  // published by one node may miss another.
  await cluster.ready();
  return cluster;
}
