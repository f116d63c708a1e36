/**
 * The MongoDB record store (PRODUCT A1, A3, H1–H3, X1): verifier registrations, API-key hashes,
 * enrollments, devices and the hash-chained audit log in a database that outlives every hub
 * node — the production home of records, beside Redis for sessions and events. It is given a
 * `Db` from a `MongoClient` the caller owns (pool size, timeouts, `retryWrites`, write concern
 * `majority` are the caller's: hub/mongo-deps.ts) and never connects or closes it; MongoDB
 * failures reach callers as rejected promises. Collections, validators and indexes are created
 * by `ensureMongoRecordSchema` (mongo-setup.ts), which the caller runs once at start.
 */
import type { Db } from 'mongodb';
import type { RecordStore } from '../record-store.js';
import { createMongoApiKeyRepository } from './mongo-api-key-repository.js';
import { createMongoAuditLog } from './mongo-audit-log.js';
import { createMongoCitizenRepository } from './mongo-citizen-repository.js';
import { mongoRecordCollections } from './mongo-context.js';
import type { MongoRecordContext } from './mongo-context.js';
import { createMongoReferenceRepository } from './mongo-reference-repository.js';
import { createMongoVerifierRepository } from './mongo-verifier-repository.js';

const DAY_MS = 86_400_000;

/** Options of {@link createMongoRecordStore}. */
export interface MongoRecordStoreOptions {
  /** The database, from a connected `MongoClient` the caller owns. */
  db: Db;
  /** The store's clock, epoch ms (retention counts from it). Default `Date.now`. */
  now?: () => number;
  /** Days a revoked API key is kept before MongoDB deletes it. Default 365. */
  revokedKeyRetentionDays?: number;
  /** Days a deactivated device stays listed before MongoDB deletes it. Default 90. */
  deactivatedDeviceRetentionDays?: number;
}

/**
 * Creates a record store on MongoDB. `close()` only stops this store (later calls reject); the
 * client stays open for its owner.
 */
export function createMongoRecordStore(options: MongoRecordStoreOptions): RecordStore {
  let closed = false;
  const context: MongoRecordContext = {
    collections: mongoRecordCollections(options.db),
    now: options.now ?? Date.now,
    revokedKeyRetentionMs: (options.revokedKeyRetentionDays ?? 365) * DAY_MS,
    deactivatedDeviceRetentionMs: (options.deactivatedDeviceRetentionDays ?? 90) * DAY_MS,
    assertOpen() {
      if (closed) throw new Error('the MongoDB record store is closed');
    },
  };
  return {
    verifiers: createMongoVerifierRepository(context),
    apiKeys: createMongoApiKeyRepository(context),
    citizens: createMongoCitizenRepository(context),
    audit: createMongoAuditLog(context),
    references: createMongoReferenceRepository(context),
    async close() {
      closed = true;
    },
  };
}
