/**
 * Moving records from Redis to MongoDB (`npm run records:migrate`) and checking a chain from the
 * command line (`npm run audit:verify -- --store …`), over a real redis-server.
 * - The copy logic reads a real Redis record store and writes through the MongoDB importer into
 *   the scripted driver double (test/helpers/scripted-mongo-double.ts — a double, not a server):
 *   everything arrives, the chain keeps its seqs and hashes, a second run resumes, a target with
 *   another chain and a broken source are refused.
 * - The command itself, end to end into a real MongoDB, runs only when `MONGODB_URL` is set
 *   (skipped with the reason otherwise).
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { MongoClient } from 'mongodb';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createMongoRecordStore,
  createRedisRecordStore,
  ensureMongoRecordSchema,
} from '../../adapters/records/index.js';
import type { AuditEventInput, RecordStore } from '../../adapters/records/index.js';
import type { RedisClient } from '../../adapters/redis/redis-types.js';
import { MigrationError, migrateRecords } from '../../scripts/lib/records-migration.js';
import { startRedisServer } from '../helpers/redis-server.js';
import type { RedisServer } from '../helpers/redis-server.js';
import { createScriptedMongoDouble } from '../helpers/scripted-mongo-double.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const mongoUrl = process.env.MONGODB_URL;
const SKIP_REASON =
  'skipped: MONGODB_URL is not set — no MongoDB server can be installed on this machine';
if (!mongoUrl) console.warn(`records:migrate into a real MongoDB ${SKIP_REASON}`);

let server: RedisServer;
const clients: RedisClient[] = [];
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.stop();
});
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
});

const at = '2025-01-01T10:00:00.000Z';

function auditInput(i: number): AuditEventInput {
  return {
    at,
    sessionId: randomUUID(),
    verifierId: `v-${i % 3}`,
    verifierName: 'Urząd',
    verifierKind: 'public_office',
    flow: 'code',
    citizenRef: `ref-${i % 2}`,
    claims: ['id_card.given_names'],
    outcome: 'delivered',
    node: 'node-1',
  };
}

/** A Redis record store under a fresh prefix, filled with a small deployment's records. */
async function filledSource(): Promise<{
  client: RedisClient;
  prefix: string;
  store: RecordStore;
}> {
  const client: RedisClient = createClient({ url: server.url });
  client.on('error', () => {});
  await client.connect();
  clients.push(client);
  const prefix = `migrate:${randomUUID()}:`;
  const store = createRedisRecordStore({ client, prefix });
  for (let i = 0; i < 3; i++) {
    await store.verifiers.insert({
      id: `v-${i}`,
      name: `Urząd ${i}`,
      kind: 'public_office',
      claims: { id_card: ['given_names'] },
      flows: ['code'],
      origins: [],
      retain: false,
      displaySeconds: 120,
      status: 'active',
      createdAt: `2025-01-0${i + 1}T10:00:00.000Z`,
    });
    await store.apiKeys.insert({
      keyId: `k-${i}`,
      verifierId: `v-${i}`,
      hash: 'a'.repeat(64),
      createdAt: at,
    });
  }
  await store.apiKeys.revoke('v-0', 'k-0', '2025-02-01T10:00:00.000Z');
  for (let i = 0; i < 2; i++) {
    await store.citizens.upsertEnrollment({
      citizenRef: `ref-${i}`,
      phoneHash: `ph-${i}`,
      activatedAt: at,
    });
    await store.citizens.insertDevice({
      id: `d-${i}`,
      citizenRef: `ref-${i}`,
      name: 'Pixel',
      createdAt: at,
    });
  }
  await store.citizens.deactivateDevice('d-1', '2025-02-01T10:00:00.000Z');
  for (let i = 0; i < 25; i++) await store.audit.append(auditInput(i));
  return { client, prefix, store };
}

async function everything(store: RecordStore) {
  return {
    verifiers: await store.verifiers.list(),
    keys: [
      ...(await store.apiKeys.listFor('v-0')),
      ...(await store.apiKeys.listFor('v-1')),
      ...(await store.apiKeys.listFor('v-2')),
    ],
    enrollments: [
      await store.citizens.getEnrollment('ref-0'),
      await store.citizens.getEnrollment('ref-1'),
    ],
    devices: [
      ...(await store.citizens.listDevices('ref-0')),
      ...(await store.citizens.listDevices('ref-1')),
    ],
    audit: await store.audit.range(),
  };
}

describe('records:migrate (copy logic; target: the scripted driver double, not a server)', () => {
  it('[H2][A1][A3] copies every record and the chain verbatim; a second run resumes', async () => {
    const source = await filledSource();
    const double = createScriptedMongoDouble();
    await ensureMongoRecordSchema(double.db);
    const summary = await migrateRecords({ source, target: { db: double.db } });
    expect(summary).toEqual({
      verifiers: 3,
      apiKeys: 3,
      enrollments: 2,
      devices: 2,
      auditEventsCopied: 25,
      target: { ok: true, count: 25 },
    });
    const target = createMongoRecordStore({ db: double.db });
    expect(await everything(target)).toEqual(await everything(source.store));
    expect(double.documents('audit_head')).toEqual([
      { _id: 'head', seq: 25, hash: (await source.store.audit.list({ limit: 1 }))[0]!.hash },
    ]);

    for (let i = 25; i < 30; i++) await source.store.audit.append(auditInput(i));
    const again = await migrateRecords({ source, target: { db: double.db } });
    expect(again.auditEventsCopied).toBe(5);
    expect(again.target).toEqual({ ok: true, count: 30 });
    expect(await target.audit.range()).toEqual(await source.store.audit.range());
  });

  it('[H2] a target holding another chain is refused, and nothing of the chain is written', async () => {
    const source = await filledSource();
    const double = createScriptedMongoDouble();
    await ensureMongoRecordSchema(double.db);
    await createMongoRecordStore({ db: double.db }).audit.append(auditInput(99));
    await expect(migrateRecords({ source, target: { db: double.db } })).rejects.toThrow(
      /another audit chain/,
    );
    expect(double.documents('audit_events')).toHaveLength(1);
  });

  it('[H2] a broken source chain is refused with where and why', async () => {
    const source = await filledSource();
    await source.client.xDel(`${source.prefix}audit`, '7-0');
    const double = createScriptedMongoDouble();
    await ensureMongoRecordSchema(double.db);
    const refused = migrateRecords({ source, target: { db: double.db } });
    await expect(refused).rejects.toBeInstanceOf(MigrationError);
    await expect(refused).rejects.toThrow(/broken at event 8: event 7 is missing/);
  });
});

describe('audit:verify --store (the command, on a real redis-server)', () => {
  it('[H2] exits 0 on an intact chain and 1 on a changed event, saying which and how', async () => {
    const source = await filledSource();
    const args = [
      '--import',
      'tsx',
      'scripts/audit-verify.ts',
      '--store',
      server.url,
      '--prefix',
      source.prefix,
    ];
    const intact = await run(process.execPath, args, { cwd: root });
    expect(intact.stdout).toContain('audit chain intact: 25 event(s)');

    const stream = `${source.prefix}audit`;
    const entries = await source.client.xRange(stream, '-', '+');
    await source.client.del(stream);
    for (const entry of entries) {
      const event = JSON.parse(entry.message.event ?? '') as Record<string, unknown>;
      if (event.seq === 12) event.outcome = 'rejected';
      await source.client.xAdd(stream, entry.id, { event: JSON.stringify(event) });
    }
    const broken = await run(process.execPath, args, { cwd: root }).then(
      () => expect.unreachable('audit:verify exited 0 on a broken chain'),
      (error: { code: number; stderr: string }) => error,
    );
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('audit chain BROKEN at event 12 (12 checked');
    expect(broken.stderr).toContain('event 12 was changed after it was written');
  });
});

describe.skipIf(!mongoUrl)(
  `records:migrate into a real MongoDB (${mongoUrl ? 'MONGODB_URL set' : SKIP_REASON})`,
  () => {
    it('[H2] the command copies a Redis deployment and the copy verifies', async () => {
      const source = await filledSource();
      const dbName = `mdok_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
      const client = new MongoClient(mongoUrl!);
      await client.connect();
      try {
        const migrate = await run(
          process.execPath,
          [
            '--import',
            'tsx',
            'scripts/records-migrate.ts',
            '--from',
            server.url,
            '--from-prefix',
            source.prefix,
            '--to',
            mongoUrl!,
            '--to-db',
            dbName,
          ],
          { cwd: root },
        );
        expect(migrate.stdout).toContain(
          '25 audit event(s) copied; target chain intact (25 event(s))',
        );
        const verify = await run(
          process.execPath,
          ['--import', 'tsx', 'scripts/audit-verify.ts', '--store', mongoUrl!, '--db', dbName],
          { cwd: root },
        );
        expect(verify.stdout).toContain('audit chain intact: 25 event(s)');
        const target = createMongoRecordStore({ db: client.db(dbName) });
        expect(await everything(target)).toEqual(await everything(source.store));
      } finally {
        await client.db(dbName).dropDatabase();
        await client.close();
      }
    });
  },
);
