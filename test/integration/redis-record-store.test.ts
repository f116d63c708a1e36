/**
 * Runs the `RecordStore` contract suite against the Redis store on a private redis-server, then
 * what only Redis can show: one audit chain appended to from two connections at once (two hub
 * nodes, H2), tampering with the stored stream found by `verify()`, key prefixes that keep hubs
 * apart, a citizen's history served from its index (H3), the phone index kept consistent (A3),
 * duplicate ids refused, and Redis failures surfacing as rejections.
 */
import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRedisRecordStore } from '../../adapters/records/index.js';
import type { AuditEventInput, RecordStore } from '../../adapters/records/index.js';
import type { RedisClient } from '../../adapters/redis/redis-types.js';
import { describeRecordStore } from '../contracts/record-store.contract.js';
import { startRedisServer } from '../helpers/redis-server.js';
import type { RedisServer } from '../helpers/redis-server.js';

let server: RedisServer;

beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.stop();
});

/** A connected client with an `error` listener (without one, a socket error would crash). */
async function connect(): Promise<RedisClient> {
  const client: RedisClient = createClient({ url: server.url, disableOfflineQueue: true });
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** A prefix no other test uses. */
function uniquePrefix(): string {
  return `test:${randomUUID()}:`;
}

function auditInput(overrides: Partial<AuditEventInput> = {}): AuditEventInput {
  return {
    at: '2025-01-01T10:00:00.000Z',
    sessionId: randomUUID(),
    verifierId: 'v-1',
    verifierName: 'Urząd Miasta',
    verifierKind: 'public_office',
    flow: 'code',
    citizenRef: 'citizen-a',
    claims: ['id_card.given_names'],
    outcome: 'delivered',
    node: 'node-1',
    ...overrides,
  };
}

const seqs = (n: number, from = 1): number[] => Array.from({ length: n }, (_, i) => from + i);

/** Every key under `prefix` with its value, as text (what the D5 scan reads). */
async function dumpPrefix(client: RedisClient, prefix: string): Promise<string> {
  const dump: Record<string, unknown> = {};
  for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 100 })) {
    for (const key of keys) {
      const type = await client.type(key);
      dump[key] =
        type === 'string'
          ? await client.get(key)
          : type === 'hash'
            ? await client.hGetAll(key)
            : type === 'list'
              ? await client.lRange(key, 0, -1)
              : type === 'set'
                ? await client.sMembers(key)
                : type === 'stream'
                  ? await client.xRange(key, '-', '+')
                  : `<${type}>`;
    }
  }
  return JSON.stringify(dump);
}

describeRecordStore('redis', async () => {
  const client = await connect();
  const prefix = uniquePrefix();
  const store = createRedisRecordStore({ client, prefix });
  const peers: Array<{ client: RedisClient; store: RecordStore }> = [];
  return {
    store,
    async openPeer() {
      const peerClient = await connect();
      const peerStore = createRedisRecordStore({ client: peerClient, prefix });
      peers.push({ client: peerClient, store: peerStore });
      return peerStore;
    },
    storedText: () => dumpPrefix(client, prefix),
    cleanup: async () => {
      for (const peer of peers) {
        await peer.store.close();
        await peer.client.close();
      }
      await store.close();
      await client.close();
    },
  };
});

describe('redis record store specifics', () => {
  const clients: RedisClient[] = [];
  const stores: RecordStore[] = [];
  let prefix: string;

  async function open(storePrefix = prefix): Promise<{ client: RedisClient; store: RecordStore }> {
    const client = await connect();
    const store = createRedisRecordStore({ client, prefix: storePrefix });
    clients.push(client);
    stores.push(store);
    return { client, store };
  }

  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    for (const client of clients.splice(0)) if (client.isOpen) await client.close();
  });

  it('[H2] 40 concurrent appends from two clients (two nodes) form one chain 1..40', async () => {
    prefix = uniquePrefix();
    const [a, b] = [await open(), await open()];
    const appended = await Promise.all(
      seqs(40).map((i) =>
        (i % 2 === 0 ? a : b).store.audit.append(
          auditInput({ node: `n-${i % 2}`, outcome: `${i}` }),
        ),
      ),
    );
    expect(appended.map((e) => e.seq).sort((x, y) => x - y)).toEqual(seqs(40));
    expect(await a.store.audit.verify()).toEqual({ ok: true, count: 40 });
    expect(await b.store.audit.verify()).toEqual({ ok: true, count: 40 });
    const listed = await b.store.audit.list({ limit: 40 });
    expect(listed.map((e) => e.seq)).toEqual(seqs(40).reverse());
    // What each append answered is exactly what was stored.
    const bySeq = new Map(listed.map((e) => [e.seq, e]));
    for (const event of appended) expect(bySeq.get(event.seq)).toEqual(event);
  });

  it('[H2] alternating appends from two nodes recover from a stale head', async () => {
    prefix = uniquePrefix();
    const [a, b] = [await open(), await open()];
    for (let i = 1; i <= 10; i++) {
      const event = await (i % 2 === 0 ? a : b).store.audit.append(auditInput());
      expect(event.seq).toBe(i);
    }
    expect(await a.store.audit.verify()).toEqual({ ok: true, count: 10 });
  });

  it('[H2] a rewritten stream entry is found by verify() at its seq', async () => {
    prefix = uniquePrefix();
    const { client, store } = await open();
    for (let i = 0; i < 10; i++) await store.audit.append(auditInput({ outcome: 'delivered' }));
    const stream = `${prefix}audit`;
    const entries = await client.xRange(stream, '-', '+');
    expect(entries).toHaveLength(10);
    // Entries cannot be inserted mid-stream, so rewrite it whole with event 4 changed.
    await client.del(stream);
    for (const entry of entries) {
      const event = JSON.parse(entry.message.event ?? '') as Record<string, unknown>;
      if (event.seq === 4) event.outcome = 'rejected';
      await client.xAdd(stream, entry.id, { event: JSON.stringify(event) });
    }
    expect(await store.audit.verify()).toEqual({ ok: false, count: 4, brokenAt: 4 });
  });

  it('[H2] a removed or unreadable entry breaks the chain, the newest one included', async () => {
    prefix = uniquePrefix();
    const { client, store } = await open();
    for (let i = 0; i < 5; i++) await store.audit.append(auditInput());
    const stream = `${prefix}audit`;
    await client.xDel(stream, '5-0');
    expect(await store.audit.verify()).toEqual({ ok: false, count: 4, brokenAt: 5 });
    await client.xDel(stream, '3-0');
    expect(await store.audit.verify()).toEqual({ ok: false, count: 3, brokenAt: 4 });

    prefix = uniquePrefix();
    const other = await open();
    for (let i = 0; i < 3; i++) await other.store.audit.append(auditInput());
    const entries = await other.client.xRange(`${prefix}audit`, '-', '+');
    await other.client.del(`${prefix}audit`);
    for (const entry of entries) {
      const message = entry.id === '2-0' ? { event: '{not json' } : entry.message;
      await other.client.xAdd(`${prefix}audit`, entry.id, message);
    }
    expect(await other.store.audit.verify()).toEqual({ ok: false, count: 2, brokenAt: 2 });
  });

  it('[X1] prefixes keep two hubs on one Redis apart', async () => {
    const first = await open(uniquePrefix());
    const second = await open(uniquePrefix());
    const verifier = {
      id: randomUUID(),
      name: 'Poczta',
      kind: 'post' as const,
      claims: {},
      flows: ['code' as const],
      origins: [],
      retain: false,
      displaySeconds: 120,
      status: 'active' as const,
      createdAt: '2025-01-01T10:00:00.000Z',
    };
    await first.store.verifiers.insert(verifier);
    await first.store.citizens.upsertEnrollment({
      citizenRef: 'citizen-a',
      phoneHash: 'phone-1',
      activatedAt: '2025-01-01T10:00:00.000Z',
    });
    expect(await second.store.verifiers.get(verifier.id)).toBeNull();
    expect(await second.store.verifiers.list()).toEqual([]);
    expect(await second.store.citizens.findByPhoneHash('phone-1')).toBeNull();
    expect((await first.store.audit.append(auditInput())).seq).toBe(1);
    expect((await second.store.audit.append(auditInput())).seq).toBe(1);
    expect((await first.store.audit.append(auditInput())).seq).toBe(2);
    expect(await second.store.audit.list()).toHaveLength(1);
  });

  it('[H3] a citizen history among 200 events is read from its index, newest first', async () => {
    prefix = uniquePrefix();
    const { client, store } = await open();
    const mine: number[] = [];
    for (let seq = 1; seq <= 200; seq++) {
      const citizenRef = seq % 7 === 3 ? 'citizen-x' : `citizen-${seq % 5}`;
      if (citizenRef === 'citizen-x') mine.push(seq);
      await store.audit.append(auditInput({ citizenRef, outcome: `o-${seq}` }));
    }
    const newestFirst = [...mine].reverse();
    const all = await store.audit.list({ citizenRef: 'citizen-x' });
    expect(all.map((e) => e.seq)).toEqual(newestFirst);
    expect(all.every((e) => e.citizenRef === 'citizen-x' && e.outcome === `o-${e.seq}`)).toBe(true);
    const five = await store.audit.list({ citizenRef: 'citizen-x', limit: 5 });
    expect(five.map((e) => e.seq)).toEqual(newestFirst.slice(0, 5));
    expect(await store.audit.list({ citizenRef: 'citizen-x', limit: 0 })).toEqual([]);
    // Served from the index, not a scan: cutting the index cuts the answer.
    const index = `${prefix}audit:citizen:citizen-x`;
    expect(await client.lRange(index, 0, -1)).toEqual(newestFirst.map(String));
    await client.lTrim(index, 0, 1);
    const cut = await store.audit.list({ citizenRef: 'citizen-x' });
    expect(cut.map((e) => e.seq)).toEqual(newestFirst.slice(0, 2));
  });

  it('[A3] the phone index follows replaced and deleted enrollments', async () => {
    prefix = uniquePrefix();
    const { client, store } = await open();
    const at = '2025-01-01T10:00:00.000Z';
    await store.citizens.upsertEnrollment({ citizenRef: 'a', phoneHash: 'p1', activatedAt: at });
    // Citizen b registers the same number later: the number is b's now.
    await store.citizens.upsertEnrollment({ citizenRef: 'b', phoneHash: 'p1', activatedAt: at });
    await store.citizens.upsertEnrollment({ citizenRef: 'a', phoneHash: 'p2', activatedAt: at });
    expect((await store.citizens.findByPhoneHash('p1'))?.citizenRef).toBe('b');
    expect((await store.citizens.findByPhoneHash('p2'))?.citizenRef).toBe('a');
    expect(await client.hGetAll(`${prefix}enrollments-by-phone`)).toEqual({ p1: 'b', p2: 'a' });
    await store.citizens.deleteEnrollment('a');
    await store.citizens.deleteEnrollment('b');
    expect(await client.hGetAll(`${prefix}enrollments-by-phone`)).toEqual({});
    expect(await store.citizens.findByPhoneHash('p1')).toBeNull();
  });

  it('[A1][A3] a second insert under the same id is refused and changes nothing', async () => {
    prefix = uniquePrefix();
    const { client, store } = await open();
    const key = { keyId: 'k1', verifierId: 'v-1', hash: 'a'.repeat(64), createdAt: 'x' };
    await store.apiKeys.insert(key);
    await expect(store.apiKeys.insert({ ...key, verifierId: 'v-2' })).rejects.toThrow(/exists/);
    expect(await store.apiKeys.get('k1')).toEqual(key);
    expect(await store.apiKeys.listFor('v-2')).toEqual([]);
    const device = { id: 'd1', citizenRef: 'c', name: 'Pixel', createdAt: 'x' };
    await store.citizens.insertDevice(device);
    await expect(store.citizens.insertDevice({ ...device, name: 'Other' })).rejects.toThrow(
      /exists/,
    );
    expect(await store.citizens.listDevices('c')).toEqual([device]);
    expect(await client.lLen(`${prefix}citizen-devices:c`)).toBe(1);
  });

  it('[X1] Redis failures and a closed store reject instead of crashing', async () => {
    prefix = uniquePrefix();
    const { client, store } = await open();
    await store.audit.append(auditInput());
    // Scripts are cached by SHA-1; a flushed cache falls back to EVAL transparently.
    await client.scriptFlush();
    expect((await store.audit.append(auditInput())).seq).toBe(2);

    await store.close();
    await expect(store.audit.append(auditInput())).rejects.toThrow(/closed/);
    await expect(store.verifiers.list()).rejects.toThrow(/closed/);
    expect(await client.ping()).toBe('PONG');

    const other = await open();
    await other.client.close();
    await expect(other.store.audit.append(auditInput())).rejects.toThrow();
    await expect(other.store.citizens.getDevice('d')).rejects.toThrow();
    await expect(other.store.audit.verify()).rejects.toThrow();
  });
});
