/**
 * Writing records into MongoDB as they are, for moving a deployment's records from another store
 * (`npm run records:migrate`): registrations, keys, enrollments and devices are upserted by their
 * natural key, so a migration can be run again; audit events are inserted verbatim — same seq,
 * same hashes — and only as a continuation of the chain already in the target, so a copy can be
 * resumed but never forks or rewrites a chain. Retention (`expiresAt`) of revoked keys and
 * deactivated devices counts from the import, as if they had been revoked or deactivated then.
 */
import type { AnyBulkWriteOperation } from 'mongodb';
import { GENESIS_HASH } from '../audit-chain.js';
import type {
  ApiKeyRecord,
  AuditEvent,
  DeviceRecord,
  EnrollmentRecord,
  VerifierRecord,
} from '../record-store.js';
import { AUDIT_HEAD_ID } from './mongo-collections.js';
import { mongoRecordCollections } from './mongo-context.js';
import {
  toApiKeyDocument,
  toAuditEventDocument,
  toDeviceDocument,
  toEnrollmentDocument,
  toVerifierDocument,
} from './mongo-documents.js';
import type { AuditEventDocument } from './mongo-documents.js';
import type { MongoRecordStoreOptions } from './mongo-record-store.js';

/** Writes records verbatim into a MongoDB record store's collections. */
export interface MongoRecordImporter {
  putVerifiers(records: VerifierRecord[]): Promise<void>;
  putApiKeys(records: ApiKeyRecord[]): Promise<void>;
  putEnrollments(records: EnrollmentRecord[]): Promise<void>;
  putDevices(records: DeviceRecord[]): Promise<void>;
  /** The newest audit event in the target: seq 0 and the genesis hash when empty. */
  auditTip(): Promise<{ seq: number; hash: string }>;
  /** Appends events that continue the target's chain exactly (seq and prevHash), in order. */
  appendAuditEvents(events: AuditEvent[]): Promise<void>;
}

const DAY_MS = 86_400_000;

/** Replaces (or inserts) each document under its `_id`, in one ordered bulk write. */
async function upsertAll<T extends { _id: string }>(
  collection: { bulkWrite(ops: AnyBulkWriteOperation<T>[]): Promise<unknown> },
  docs: T[],
): Promise<void> {
  if (docs.length === 0) return;
  await collection.bulkWrite(
    docs.map((doc) => ({
      replaceOne: { filter: { _id: doc._id } as never, replacement: doc, upsert: true },
    })),
  );
}

/** An importer into the collections of `options.db` (the schema must exist). */
export function createMongoRecordImporter(options: MongoRecordStoreOptions): MongoRecordImporter {
  const collections = mongoRecordCollections(options.db);
  const now = options.now ?? Date.now;
  const keyExpiry = () => new Date(now() + (options.revokedKeyRetentionDays ?? 365) * DAY_MS);
  const deviceExpiry = () =>
    new Date(now() + (options.deactivatedDeviceRetentionDays ?? 90) * DAY_MS);

  async function auditTip(): Promise<{ seq: number; hash: string }> {
    const [newest] = await collections.auditEvents.find({}).sort({ _id: -1 }).limit(1).toArray();
    return newest === undefined
      ? { seq: 0, hash: GENESIS_HASH }
      : { seq: Number(newest._id), hash: newest.hash };
  }

  return {
    async putVerifiers(records) {
      await upsertAll(collections.verifiers, records.map(toVerifierDocument));
    },
    async putApiKeys(records) {
      await upsertAll(
        collections.apiKeys,
        records.map((record) => toApiKeyDocument(record, keyExpiry())),
      );
    },
    async putEnrollments(records) {
      await upsertAll(collections.enrollments, records.map(toEnrollmentDocument));
    },
    async putDevices(records) {
      await upsertAll(
        collections.devices,
        records.map((record) => toDeviceDocument(record, deviceExpiry())),
      );
    },
    auditTip,
    async appendAuditEvents(events) {
      if (events.length === 0) return;
      let expected = await auditTip();
      const docs: AuditEventDocument[] = [];
      for (const event of events) {
        if (event.seq !== expected.seq + 1 || event.prevHash !== expected.hash) {
          throw new Error(
            `audit event ${event.seq} does not continue the target's chain at ${expected.seq}`,
          );
        }
        docs.push(toAuditEventDocument(event));
        expected = { seq: event.seq, hash: event.hash };
      }
      // Ordered: a duplicate seq stops the copy there, whatever came before stays whole.
      await collections.auditEvents.insertMany(docs, { ordered: true });
      await collections.auditHead.updateOne(
        { _id: AUDIT_HEAD_ID, seq: { $lt: expected.seq } },
        { $set: { seq: expected.seq, hash: expected.hash } },
        { upsert: true },
      );
    },
  };
}
