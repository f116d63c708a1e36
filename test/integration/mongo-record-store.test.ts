/**
 * The `RecordStore` contract suite against a REAL MongoDB, and what only MongoDB can show: the
 * indexes (unique and TTL) and validators as specified, the database itself refusing a PESEL, a
 * claim value or an unknown field, one phone per citizen and one event per session, tampering
 * found by `verify()`, and a schema set-up that any number of nodes can run at once.
 *
 * It runs only when `MONGODB_URL` points at a MongoDB 6/7/8 server (a replica set for the
 * production layout; `npm run test:mongo -- mongodb://host/…` sets it), each test in its own
 * database, dropped afterwards. Without it every test here is reported as skipped, with the reason
 * in the suite's name and printed: no MongoDB server can be installed on this machine, and no
 * double can stand in for one here (test/helpers/scripted-mongo-double.ts tests the store's own
 * logic elsewhere, not MongoDB).
 */
import { randomUUID } from 'node:crypto';
import { BSON, MongoClient } from 'mongodb';
import type { Db } from 'mongodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  collectionNames,
  createMongoRecordStore,
  ensureMongoRecordSchema,
  indexSpecs,
  validators,
} from '../../adapters/records/index.js';
import type { AuditEventInput, CollectionName, RecordStore } from '../../adapters/records/index.js';
import { mongoClientOptions, redactMongoUrl } from '../../hub/mongo-deps.js';
import { describeRecordStore } from '../contracts/record-store.contract.js';

const url = process.env.MONGODB_URL;

/** Why the suite is skipped, in its name and printed, so a skip never passes for a pass. */
const MONGO_SKIP_REASON =
  'skipped: MONGODB_URL is not set — no MongoDB server can be installed on this machine; ' +
  'run `npm run test:mongo -- mongodb://host/…` against a real MongoDB 6/7/8';

if (!url) console.warn(`MongoDB contract ${MONGO_SKIP_REASON}`);

const suiteName = url
  ? `MongoDB contract (against ${redactMongoUrl(url)})`
  : `MongoDB contract (${MONGO_SKIP_REASON})`;

/** Server error code of a write refused by a collection validator. */
const DOCUMENT_VALIDATION_FAILURE = 121;

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

describe.skipIf(!url)(suiteName, () => {
  let client: MongoClient;
  const opened: MongoClient[] = [];

  async function connect(): Promise<MongoClient> {
    const next = new MongoClient(url!, mongoClientOptions(url!, 'mdok-contract'));
    await next.connect();
    opened.push(next);
    return next;
  }

  /** A fresh database with the schema, and a function that drops it. */
  async function freshDb(): Promise<{ db: Db; drop: () => Promise<void> }> {
    const db = client.db(`mdok_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`);
    await ensureMongoRecordSchema(db);
    return { db, drop: async () => void (await db.dropDatabase()) };
  }

  async function dump(db: Db): Promise<string> {
    const all: Record<string, unknown[]> = {};
    for (const name of Object.values(collectionNames)) {
      all[name] = await db.collection(name).find({}).toArray();
    }
    return BSON.EJSON.stringify(all);
  }

  beforeAll(async () => {
    client = await connect();
  });
  afterAll(async () => {
    for (const c of opened.splice(0)) await c.close();
  });

  describeRecordStore('mongodb', async () => {
    const { db, drop } = await freshDb();
    const store = createMongoRecordStore({ db });
    const peers: RecordStore[] = [];
    return {
      store,
      async openPeer() {
        // Another node: its own client, pool and connections.
        const peer = createMongoRecordStore({ db: (await connect()).db(db.databaseName) });
        peers.push(peer);
        return peer;
      },
      storedText: () => dump(db),
      async cleanup() {
        for (const peer of peers) await peer.close();
        await store.close();
        await drop();
      },
    };
  });

  describe('what only MongoDB can show', () => {
    let db: Db;
    let drop: () => Promise<void>;
    let store: RecordStore;

    beforeAll(async () => {
      ({ db, drop } = await freshDb());
      store = createMongoRecordStore({ db });
    });
    afterAll(async () => {
      await store?.close();
      await drop?.();
    });
    afterEach(async () => {
      for (const name of Object.values(collectionNames)) await db.collection(name).deleteMany({});
    });

    it('[A1][A3][H1] every specified index exists as specified, the TTL ones included', async () => {
      for (const [name, specs] of Object.entries(indexSpecs)) {
        const existing = await db.collection(name).listIndexes().toArray();
        for (const spec of specs) {
          const found = existing.find((index) => index.name === spec.name);
          expect(found, `${name}.${spec.name}`).toBeDefined();
          expect(found?.key).toEqual(spec.key);
          expect(Boolean(found?.unique)).toBe(Boolean(spec.unique));
          expect(found?.expireAfterSeconds).toBe(spec.expireAfterSeconds);
        }
      }
      const ttl = async (name: string) =>
        (await db.collection(name).listIndexes().toArray()).filter(
          (index) => index.expireAfterSeconds === 0 && index.key.expiresAt === 1,
        );
      expect(await ttl(collectionNames.apiKeys)).toHaveLength(1);
      expect(await ttl(collectionNames.devices)).toHaveLength(1);
    });

    it('[D5] every collection has its validator, strict, refusing invalid writes', async () => {
      for (const name of Object.values(collectionNames) as CollectionName[]) {
        const [info] = await db.listCollections({ name }).toArray();
        const options = (info as { options?: Record<string, unknown> } | undefined)?.options;
        expect(options?.validator).toEqual({ $jsonSchema: validators[name] });
        expect(options?.validationLevel).toBe('strict');
        expect(options?.validationAction).toBe('error');
      }
    });

    it('[D5] the database refuses a PESEL as a reference, a claim value and an unknown field', async () => {
      const refused = async (write: Promise<unknown>) =>
        expect(write).rejects.toMatchObject({ code: DOCUMENT_VALIDATION_FAILURE });
      const at = new Date('2025-01-01T10:00:00.000Z');
      await refused(
        db.collection(collectionNames.enrollments).insertOne({
          _id: '44051401359' as never,
          phoneHash: 'p',
          activatedAt: at,
        }),
      );
      await refused(
        db.collection(collectionNames.devices).insertOne({
          _id: 'd1' as never,
          citizenRef: 'c',
          name: 'Pixel',
          createdAt: at,
          pesel: '44051401359',
        }),
      );
      const event = await store.audit.append(auditInput());
      const events = db.collection(collectionNames.auditEvents);
      const stored = await events.findOne({ _id: event.seq as never });
      // A valid event but for one claim *value* where claim names belong.
      await refused(
        events.insertOne({ ...stored, _id: 99 as never, sessionId: 's', claims: ['Jan'] }),
      );
    });

    it('[A3] one phone number, one citizen: the unique index refuses a second', async () => {
      const at = '2025-01-01T10:00:00.000Z';
      await store.citizens.upsertEnrollment({ citizenRef: 'a', phoneHash: 'p1', activatedAt: at });
      await expect(
        store.citizens.upsertEnrollment({ citizenRef: 'b', phoneHash: 'p1', activatedAt: at }),
      ).rejects.toThrow(/another citizen/);
      expect((await store.citizens.findByPhoneHash('p1'))?.citizenRef).toBe('a');
    });

    it('[H1] one event per session: a retried append answers the event already written', async () => {
      const input = auditInput();
      const first = await store.audit.append(input);
      expect(await store.audit.append(input)).toEqual(first);
      await expect(store.audit.append({ ...input, outcome: 'failed' })).rejects.toThrow(
        /exists already/,
      );
      expect(await store.audit.verify()).toEqual({ ok: true, count: 1 });
    });

    it('[A1][A3] revoking and deactivating set the expiry the TTL indexes act on', async () => {
      const before = Date.now();
      await store.apiKeys.insert({
        keyId: 'k1',
        verifierId: 'v-1',
        hash: 'a'.repeat(64),
        createdAt: '2025-01-01T10:00:00.000Z',
      });
      await store.apiKeys.revoke('v-1', 'k1', '2025-01-02T00:00:00.000Z');
      await store.citizens.insertDevice({
        id: 'd1',
        citizenRef: 'c',
        name: 'Pixel',
        createdAt: '2025-01-01T10:00:00.000Z',
      });
      await store.citizens.deactivateDevice('d1', '2025-01-02T00:00:00.000Z');
      const day = 86_400_000;
      const key = await db.collection(collectionNames.apiKeys).findOne({ _id: 'k1' as never });
      const device = await db.collection(collectionNames.devices).findOne({ _id: 'd1' as never });
      expect((key?.expiresAt as Date).getTime()).toBeGreaterThanOrEqual(before + 365 * day);
      expect((device?.expiresAt as Date).getTime()).toBeGreaterThanOrEqual(before + 90 * day);
    });

    it('[H2] verify() finds an altered event, a gap and a cut-off tail, at their seq', async () => {
      for (let i = 0; i < 6; i++) await store.audit.append(auditInput());
      const events = db.collection(collectionNames.auditEvents);
      await events.updateOne({ _id: 3 as never }, { $set: { outcome: 'rejected' } });
      expect(await store.audit.verify()).toEqual({ ok: false, count: 3, brokenAt: 3 });
      await events.updateOne({ _id: 3 as never }, { $set: { outcome: 'delivered' } });
      expect(await store.audit.verify()).toEqual({ ok: true, count: 6 });
      await events.deleteOne({ _id: 6 as never });
      expect(await store.audit.verify()).toEqual({ ok: false, count: 5, brokenAt: 6 });
      await events.deleteOne({ _id: 2 as never });
      expect(await store.audit.verify()).toEqual({ ok: false, count: 2, brokenAt: 3 });
    });

    it('[X1] three nodes setting up one fresh database at once all succeed', async () => {
      const target = client.db(`mdok_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`);
      try {
        await Promise.all(
          [1, 2, 3].map(async () =>
            ensureMongoRecordSchema((await connect()).db(target.databaseName)),
          ),
        );
        await ensureMongoRecordSchema(target);
        const names = (await target.listCollections().toArray()).map((c) => c.name).sort();
        expect(names).toEqual(Object.values(collectionNames).sort());
      } finally {
        await target.dropDatabase();
      }
    });
  });
});
