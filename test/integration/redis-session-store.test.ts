/**
 * Runs the `SessionStore` contract suite against the Redis store on a private redis-server (real
 * time, no controllable clock), then what only Redis can show: compare-and-set across two
 * connections (two hub nodes, S1), key prefixes that keep hubs apart, Redis TTLs on the record
 * hash (S3, D5), and rejected calls instead of a crash while Redis is down, then recovery (X3).
 */
import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RedisClient } from '../../adapters/redis/redis-types.js';
import { createRedisSessionStore } from '../../adapters/sessions/index.js';
import { describeSessionStore, waitUntil } from '../contracts/session-store.contract.js';
import type { TestSession } from '../contracts/session-store.contract.js';
import { startRedisServer } from '../helpers/redis-server.js';
import type { RedisServer } from '../helpers/redis-server.js';

let server: RedisServer;

beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.stop();
});

/** A connected client; `errors` collects what it emits on 'error' (the listener keeps it alive). */
async function connect(): Promise<{ client: RedisClient; errors: Error[] }> {
  const errors: Error[] = [];
  const client: RedisClient = createClient({
    url: server.url,
    disableOfflineQueue: true,
    socket: { reconnectStrategy: () => 50 },
  });
  client.on('error', (error: Error) => errors.push(error));
  await client.connect();
  return { client, errors };
}

/** A prefix no other test uses. */
function uniquePrefix(): string {
  return `test:${randomUUID()}:`;
}

function session(overrides: Partial<TestSession> = {}): TestSession {
  return {
    id: randomUUID(),
    version: 1,
    deadlineAt: null,
    state: 'awaiting_citizen',
    data: { claims: ['id_card.given_names'], nested: { n: 1 } },
    ...overrides,
  };
}

describeSessionStore('redis', async () => {
  const { client } = await connect();
  const store = createRedisSessionStore<TestSession>({ client, prefix: uniquePrefix() });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await client.close();
    },
  };
});

describe('redis session store specifics', () => {
  const opened: RedisClient[] = [];

  async function open(): Promise<RedisClient> {
    const { client } = await connect();
    opened.push(client);
    return client;
  }

  afterEach(async () => {
    for (const client of opened.splice(0)) client.destroy();
  });

  it('[S1] of 50 concurrent transitions from two connections exactly one wins', async () => {
    const prefix = uniquePrefix();
    const nodeA = createRedisSessionStore<TestSession>({ client: await open(), prefix });
    const nodeB = createRedisSessionStore<TestSession>({ client: await open(), prefix });
    const s = session();
    expect(await nodeA.insert(s, 60_000)).toBe(true);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 === 0 ? nodeA : nodeB).compareAndSet(
          { ...s, version: 2, state: `approved-by-${i}` },
          1,
          60_000,
        ),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const stored = await nodeB.get(s.id);
    expect(stored).toEqual({ ...s, version: 2, state: `approved-by-${results.indexOf(true)}` });
  });

  it('[X1] keys under one prefix are never visible under another', async () => {
    const client = await open();
    const prefixA = uniquePrefix();
    const prefixB = uniquePrefix();
    const a = createRedisSessionStore<TestSession>({ client, prefix: prefixA });
    const b = createRedisSessionStore<TestSession>({ client, prefix: prefixB });
    const before = new Set(await client.keys('*'));

    const s = session({ deadlineAt: 100 });
    await a.insert(s, 60_000);
    await a.claimKey('busy:x', 'a', 60_000);
    await a.increment('attempts:x', 60_000);
    await a.putBlob('presentation:x', 'sealed', 60_000);

    expect(await b.get(s.id)).toBeNull();
    expect(await b.due(1_000, 10)).toEqual([]);
    expect(await b.readKey('busy:x')).toBeNull();
    expect(await b.count('attempts:x')).toBe(0);
    expect(await b.getBlob('presentation:x')).toBeNull();
    expect(await b.claimKey('busy:x', 'b', 60_000)).toBe(true);
    expect(await b.insert(s, 60_000)).toBe(true);
    expect(await a.readKey('busy:x')).toBe('a');

    const created = (await client.keys('*')).filter((key) => !before.has(key));
    expect(created.length).toBeGreaterThan(0);
    for (const key of created) {
      expect(key.startsWith(prefixA) || key.startsWith(prefixB)).toBe(true);
    }
    expect(created.filter((key) => key.startsWith(prefixA)).sort()).toEqual(
      [
        `${prefixA}blob:presentation:x`,
        `${prefixA}count:attempts:x`,
        `${prefixA}deadlines`,
        `${prefixA}key:busy:x`,
        `${prefixA}session:${s.id}`,
      ].sort(),
    );
  });

  it('[S3] the record hash carries a time-to-live no longer than the one given', async () => {
    const client = await open();
    const prefix = uniquePrefix();
    const store = createRedisSessionStore<TestSession>({ client, prefix });
    const s = session();
    const key = `${prefix}session:${s.id}`;

    await store.insert(s, 60_000);
    expect(await client.type(key)).toBe('hash');
    const first = await client.pTTL(key);
    expect(first).toBeGreaterThan(59_000);
    expect(first).toBeLessThanOrEqual(60_000);

    // A compare-and-set sets the new time-to-live, shorter as well as longer.
    await store.compareAndSet({ ...s, version: 2 }, 1, 5_000);
    const second = await client.pTTL(key);
    expect(second).toBeGreaterThan(0);
    expect(second).toBeLessThanOrEqual(5_000);
    expect(await client.hGet(key, 'v')).toBe('2');

    // Fractions of a millisecond round up; every other entry expires too (D5: blobs above all).
    await store.putBlob('presentation:x', 'sealed', 1_500.2);
    const blobTtl = await client.pTTL(`${prefix}blob:presentation:x`);
    expect(blobTtl).toBeGreaterThan(0);
    expect(blobTtl).toBeLessThanOrEqual(1_501);
    await store.claimKey('k', 'v', 2_000);
    expect(await client.pTTL(`${prefix}key:k`)).toBeLessThanOrEqual(2_000);
    await store.increment('c', 3_000);
    await store.increment('c', 30_000);
    expect(await client.pTTL(`${prefix}count:c`)).toBeLessThanOrEqual(3_000);
  });

  it('[X1] rejects non-positive time-to-lives and bad deadlines before touching Redis', async () => {
    const client = await open();
    const store = createRedisSessionStore<TestSession>({ client, prefix: uniquePrefix() });
    const s = session();
    await expect(store.insert(s, 0)).rejects.toThrow(/ttlMs/);
    await expect(store.insert({ ...s, deadlineAt: Number.NaN }, 1_000)).rejects.toThrow(
      /deadlineAt/,
    );
    expect(await store.get(s.id)).toBeNull();
    await store.insert(s, 60_000);
    await expect(store.compareAndSet({ ...s, version: 2 }, 1, -5)).rejects.toThrow(/ttlMs/);
    await expect(store.claimKey('k', 'v', Number.NaN)).rejects.toThrow(/ttlMs/);
    await expect(store.increment('c', 0)).rejects.toThrow(/windowMs/);
    await expect(store.putBlob('b', 'x', Number.POSITIVE_INFINITY)).rejects.toThrow(/ttlMs/);
    expect(await store.get(s.id)).toEqual(s);
  });

  it('[S3] a failed compare-and-set on an expired record drops its deadline entry', async () => {
    const client = await open();
    const store = createRedisSessionStore<TestSession>({ client, prefix: uniquePrefix() });
    const s = session({ deadlineAt: 100 });
    await store.insert(s, 50);
    await waitUntil(async () => (await store.get(s.id)) === null);
    expect(await store.compareAndSet({ ...s, version: 2 }, 1, 60_000)).toBe(false);
    expect(await store.due(1_000, 10)).toEqual([]);
  });

  it('[S3] runs its scripts again after Redis forgot them (SCRIPT FLUSH)', async () => {
    const client = await open();
    const store = createRedisSessionStore<TestSession>({ client, prefix: uniquePrefix() });
    const s = session();
    expect(await store.insert(s, 60_000)).toBe(true);
    await client.scriptFlush();
    expect(await store.compareAndSet({ ...s, version: 2 }, 1, 60_000)).toBe(true);
    expect(await store.increment('c', 60_000)).toBe(1);
  });

  it('[X3] rejects while Redis is down, without crashing, and works again after it returns', async () => {
    const { client, errors } = await connect();
    opened.push(client);
    const store = createRedisSessionStore<TestSession>({ client, prefix: uniquePrefix() });
    const s = session({ deadlineAt: 100 });
    expect(await store.insert(s, 60_000)).toBe(true);

    await server.kill();
    try {
      const calls: Promise<unknown>[] = [
        store.get(s.id),
        store.insert(session(), 60_000),
        store.compareAndSet({ ...s, version: 2 }, 1, 60_000),
        store.due(1_000, 10),
        store.forgetDue(s.id),
        store.claimKey('k', 'v', 60_000),
        store.readKey('k'),
        store.releaseKey('k', 'v'),
        store.increment('c', 60_000),
        store.count('c'),
        store.putBlob('b', 'sealed', 60_000),
        store.getBlob('b'),
        store.deleteBlob('b'),
      ];
      const settled = await Promise.allSettled(calls);
      expect(settled.map((result) => result.status)).toEqual(calls.map(() => 'rejected'));
      // Once the client knows it is offline, calls fail at once instead of queueing.
      await waitUntil(() => !client.isReady);
      await expect(store.get(s.id)).rejects.toThrow();
      expect(errors.length).toBeGreaterThan(0);
    } finally {
      await server.start();
    }

    await waitUntil(() => client.isReady, 5_000);
    // The restarted server is empty (no persistence) and knows none of the scripts.
    expect(await store.get(s.id)).toBeNull();
    expect(await store.insert(s, 60_000)).toBe(true);
    expect(await store.compareAndSet({ ...s, version: 2 }, 1, 60_000)).toBe(true);
    expect(await store.due(1_000, 10)).toEqual([s.id]);
  });
});
