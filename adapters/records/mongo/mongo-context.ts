/**
 * What every part of the MongoDB record store is given: its typed collections (from a `Db` the
 * caller owns), the store's clock and retention periods (for `expiresAt`, which TTL indexes act
 * on), and a check that the store has not been closed.
 */
import type { Collection, Db } from 'mongodb';
import { collectionNames } from './mongo-collections.js';
import type {
  ApiKeyDocument,
  AuditEventDocument,
  AuditHeadDocument,
  DeviceDocument,
  EnrollmentDocument,
  SessionReferenceDocument,
  VerifierDocument,
} from './mongo-documents.js';

/** The store's collections, typed by their documents. */
export interface MongoRecordCollections {
  verifiers: Collection<VerifierDocument>;
  apiKeys: Collection<ApiKeyDocument>;
  enrollments: Collection<EnrollmentDocument>;
  devices: Collection<DeviceDocument>;
  auditEvents: Collection<AuditEventDocument>;
  auditHead: Collection<AuditHeadDocument>;
  sessionRefs: Collection<SessionReferenceDocument>;
}

/** Shared by the repositories of one MongoDB record store. */
export interface MongoRecordContext {
  collections: MongoRecordCollections;
  /** Epoch ms; retention periods count from it. */
  now(): number;
  /** How long a revoked API key is kept before MongoDB deletes it, in ms. */
  revokedKeyRetentionMs: number;
  /** How long a deactivated device is kept (still listed) before MongoDB deletes it, in ms. */
  deactivatedDeviceRetentionMs: number;
  /** Throws once the store is closed (inside an async method, so it becomes a rejection). */
  assertOpen(): void;
}

/** The record store's collections in `db`. */
export function mongoRecordCollections(db: Db): MongoRecordCollections {
  return {
    verifiers: db.collection<VerifierDocument>(collectionNames.verifiers),
    apiKeys: db.collection<ApiKeyDocument>(collectionNames.apiKeys),
    enrollments: db.collection<EnrollmentDocument>(collectionNames.enrollments),
    devices: db.collection<DeviceDocument>(collectionNames.devices),
    auditEvents: db.collection<AuditEventDocument>(collectionNames.auditEvents),
    auditHead: db.collection<AuditHeadDocument>(collectionNames.auditHead),
    sessionRefs: db.collection<SessionReferenceDocument>(collectionNames.sessionRefs),
  };
}
