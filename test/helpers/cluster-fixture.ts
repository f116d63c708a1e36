/**
 * The shared setup of the cluster test files: one private `redis-server` per file, a fresh
 * cluster of hub nodes per test (its own key prefix), closed after the test with every socket
 * the test opened, and what those tests do again and again: recorded widget and phone sockets on
 * a chosen node, enrolled citizens, a barrier proving that every event sent so far has arrived,
 * and the audit log.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, expect, vi } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { AuditEvent } from '../../adapters/records/index.js';
import type { createConfig } from '../../hub/config.js';
import type { CitizenClient, VerifierClient } from './clients.js';
import { openSocket, record, type Enrolled, type Recorder } from './fixtures.js';
import { startRedisServer, type RedisServer } from './redis-server.js';
import { startTestCluster, type TestCluster } from './test-cluster.js';
import type { TestClock } from './test-clock.js';
import type { TestHub } from './test-hub.js';

/** `N` test hubs as a tuple, so that `const [a, b, c] = cluster.nodes` is typed. */
type Nodes<N extends number, R extends TestHub[] = []> = R['length'] extends N
  ? R
  : Nodes<N, [...R, TestHub]>;

/** A node, by index or as the hub itself. */
export type NodeRef = number | TestHub;

/** What a cluster test file gets from {@link useTestCluster}; valid inside a test. */
export interface ClusterFixture<T extends TestHub[] = TestHub[]> {
  /** The file's Redis server (kill and start it to test an outage). */
  readonly redis: RedisServer;
  /** This test's cluster. */
  readonly cluster: TestCluster;
  /** This test's nodes: A, B, C… */
  readonly nodes: T;
  /** The clock the nodes share. */
  readonly clock: TestClock;
  /** See {@link TestCluster.advance}. */
  advance(ms: number): Promise<void>;
  /** See {@link TestCluster.kill}. */
  kill(node: NodeRef): Promise<void>;
  /** See {@link TestCluster.ready}. */
  ready(): Promise<void>;
  /** A recorded widget socket on `node`, closed after the test. */
  widget(node: NodeRef, widgetToken: string): Promise<Recorder<VerifierClient>>;
  /** A recorded phone socket on `node` for an existing device, closed after the test. */
  phone(node: NodeRef, deviceToken: string): Promise<Recorder<CitizenClient>>;
  /**
   * A citizen who logs in and activates a device on `node`, whose phone stays connected there:
   * the `index`-th sample person, or the one named.
   */
  citizen(node: NodeRef, who: number | { pesel: string; deviceName?: string }): Promise<Enrolled>;
  /**
   * Waits until every event the live nodes sent so far has reached `recorders` (default: every
   * connected socket this test opened). Each node sends a marker through the Redis adapter, which
   * keeps each node's messages in order; with `local`, each node sends it to its own sockets only
   * (no Redis needed), and each socket waits for its own node's marker.
   */
  settle(recorders?: Array<Recorder<Socket>>, options?: { local?: boolean }): Promise<void>;
  /** The whole audit log read on `node`, newest first, after checking that its chain holds (H2). */
  audit(node: NodeRef): Promise<AuditEvent[]>;
}

/** Options of {@link useTestCluster}. */
export interface ClusterFixtureOptions<N extends number> {
  /** How many hub nodes each test gets. */
  nodes: N;
  config?: Parameters<typeof createConfig>[0];
  /** Runs after each test once its cluster is closed (e.g. a check of what surfaced meanwhile). */
  afterClose?: () => void;
}

/** How long a test or hook of a cluster file may take before it counts as hung. */
const CLUSTER_TIMEOUT_MS = 60_000;

/**
 * Registers the hooks of a cluster test file: Redis before all tests and after all, a cluster
 * before each test, and after each one Redis running again (a test that failed mid-outage must
 * not leave the next one without it), then its sockets and cluster closed. Three hub nodes in one
 * process take 3 s for a test on an idle machine and up to 12 s was seen on a loaded one, so the
 * file's tests and hooks get {@link CLUSTER_TIMEOUT_MS} instead of the suite's 20 s / 30 s.
 */
export function useTestCluster<N extends number>(
  options: ClusterFixtureOptions<N>,
): ClusterFixture<Nodes<N>> {
  vi.setConfig({ testTimeout: CLUSTER_TIMEOUT_MS, hookTimeout: CLUSTER_TIMEOUT_MS });
  let redis: RedisServer | undefined;
  let current: TestCluster | undefined;
  /** Every recorder this test opened, with the index of its node. */
  const opened = new Map<Recorder<Socket>, number>();

  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  beforeEach(async () => {
    current = await startTestCluster(redis!, { nodes: options.nodes, config: options.config });
  });
  afterEach(async () => {
    await redis?.start();
    for (const recorder of opened.keys()) recorder.socket.close();
    opened.clear();
    await current?.close();
    current = undefined;
    options.afterClose?.();
  });

  const cluster = (): TestCluster => {
    if (!current) throw new Error('the test cluster exists only inside a test');
    return current;
  };
  const indexOf = (node: NodeRef): number =>
    typeof node === 'number' ? node : cluster().nodes.indexOf(node);
  const hubOf = (node: NodeRef): TestHub => cluster().nodes[indexOf(node)]!;
  const track = <S extends Socket>(recorder: Recorder<S>, node: NodeRef): Recorder<S> => {
    opened.set(recorder, indexOf(node));
    return recorder;
  };

  return {
    get redis() {
      if (!redis) throw new Error('the Redis server exists only inside a test');
      return redis;
    },
    get cluster() {
      return cluster();
    },
    get nodes() {
      return cluster().nodes as Nodes<N>;
    },
    get clock() {
      return cluster().clock;
    },
    advance: (ms) => cluster().advance(ms),
    kill: (node) => cluster().kill(indexOf(node)),
    ready: () => cluster().ready(),
    async widget(node, widgetToken) {
      const url = hubOf(node).url;
      return track(await openSocket<VerifierClient>(url, '/verifier', widgetToken), node);
    },
    async phone(node, deviceToken) {
      const url = hubOf(node).url;
      return track(await openSocket<CitizenClient>(url, '/citizen', deviceToken), node);
    },
    async citizen(node, who) {
      const citizen = await hubOf(node).citizen(typeof who === 'number' ? { index: who } : who);
      return { ...citizen, device: track(record(citizen.socket), node) };
    },
    async settle(recorders = [...opened.keys()], settleOptions = {}) {
      const id = randomUUID();
      const { nodes, dead } = cluster();
      const live = nodes.map((node, i) => ({ node, i })).filter(({ i }) => !dead.has(i));
      const from = (recorder: Recorder<Socket>) => {
        if (!settleOptions.local) return live.map(({ i }) => i);
        const node = opened.get(recorder);
        if (node === undefined)
          throw new Error('settle({ local }) needs sockets the fixture opened');
        return [node];
      };
      const waits = recorders
        .filter((recorder) => recorder.socket.connected)
        .flatMap((recorder) =>
          from(recorder).map((node) =>
            recorder.next(
              'test:barrier',
              (marker: { id: string; node: number }) => marker.id === id && marker.node === node,
            ),
          ),
        );
      for (const { node, i } of live) {
        for (const name of ['/verifier', '/citizen']) {
          const namespace = node.hub.io.of(name);
          (settleOptions.local ? namespace.local : namespace).emit('test:barrier', { id, node: i });
        }
      }
      await Promise.all(waits);
    },
    async audit(node) {
      const hub = hubOf(node);
      const answer = await hub.api<{ events: AuditEvent[] }>('GET', '/v1/admin/audit?limit=1000', {
        auth: hub.adminToken,
      });
      expect(answer.status).toBe(200);
      const verified = await hub.api<{ ok: boolean }>('GET', '/v1/admin/audit/verify', {
        auth: hub.adminToken,
      });
      expect(verified.body).toMatchObject({ ok: true });
      return answer.body.events;
    },
  };
}
