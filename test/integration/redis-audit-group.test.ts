/**
 * Group commit of the Redis audit log (H1–H3, operations): a burst of appends from one node (a
 * reaper ending hundreds of sessions at once) is written in a few script calls instead of one
 * round trip each, and still makes one unbroken chain in append order, with every citizen's
 * history newest first; two nodes bursting together still make one chain.
 */
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisRecordStore } from '../../adapters/records/index.js';
import type { AuditEventInput } from '../../adapters/records/index.js';
import type { RedisClient } from '../../adapters/redis/index.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';

let server: RedisServer;
const clients: RedisClient[] = [];

beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await server.stop();
});

async function connect(): Promise<RedisClient> {
  const client: RedisClient = createClient({ url: server.url });
  client.on('error', () => {});
  await client.connect();
  clients.push(client);
  return client;
}

function event(i: number): AuditEventInput {
  return {
    at: new Date(1_800_000_000_000 + i).toISOString(),
    sessionId: `s${i}`,
    verifierId: 'v1',
    verifierName: 'Bank',
    verifierKind: 'bank',
    flow: 'code',
    citizenRef: `c${i % 7}`,
    claims: ['id_card.age_over_18'],
    outcome: 'timed_out',
    node: 'n1',
  };
}

/** Script calls Redis has run so far (EVAL and EVALSHA). */
async function scriptCalls(client: RedisClient): Promise<number> {
  const info = await client.info('commandstats');
  let calls = 0;
  for (const match of info.matchAll(/cmdstat_(?:evalsha|eval):calls=(\d+)/g)) {
    calls += Number(match[1]);
  }
  return calls;
}

describe('[H2] audit group commit', () => {
  it('a burst of 250 appends from one node takes a few script calls and keeps order', async () => {
    const client = await connect();
    const store = createRedisRecordStore({ client, prefix: 'group1:' });
    const before = await scriptCalls(client);
    const appended = await Promise.all(
      Array.from({ length: 250 }, (_, i) => store.audit.append(event(i))),
    );
    expect(await scriptCalls(client)).toBeLessThan(before + 10);
    expect(appended.map((e) => e.seq)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    expect(appended.map((e) => e.sessionId)).toEqual(
      Array.from({ length: 250 }, (_, i) => `s${i}`),
    );
    expect(await store.audit.verify()).toEqual({ ok: true, count: 250 });
    const history = await store.audit.list({ citizenRef: 'c3', limit: 1000 });
    const expected = appended.filter((e) => e.citizenRef === 'c3').reverse();
    expect(history.map((e) => e.seq)).toEqual(expected.map((e) => e.seq));
  });

  it('two nodes bursting at once still make one chain', async () => {
    const a = createRedisRecordStore({ client: await connect(), prefix: 'group2:' });
    const b = createRedisRecordStore({ client: await connect(), prefix: 'group2:' });
    await Promise.all(
      Array.from({ length: 300 }, (_, i) => (i % 2 === 0 ? a : b).audit.append(event(i))),
    );
    expect(await a.audit.verify()).toEqual({ ok: true, count: 300 });
    const all = await a.audit.list({ limit: 1000 });
    expect(new Set(all.map((e) => e.sessionId)).size).toBe(300);
  });
});
