/**
 * The record-store adapters: the interface for what outlives a session, the audit hash chain
 * shared by every implementation, the operator report's shared counting, and the stores: in-memory,
 * Redis and MongoDB.
 * Named exports only, so the public surface is visible here.
 */
export {
  DEFAULT_AUDIT_LIST_LIMIT,
  DEFAULT_AUDIT_RANGE_LIMIT,
  GENESIS_HASH,
  auditChainChecker,
  auditHash,
  auditInputOf,
  canonicalJson,
  verifyAuditChain,
} from './audit-chain.js';
export { createMemoryRecordStore } from './memory-record-store.js';
export { createRedisRecordStore } from './redis-record-store.js';
export type { RedisRecordStoreOptions } from './redis-record-store.js';
export {
  DEFAULT_REPORT_TIME_ZONE,
  computeVerificationReport,
  createReportTally,
  foldReport,
  reportBounds,
  reportDay,
} from './verification-report.js';
export type { FlowCount, ReportCounts, VerifierDayCount } from './verification-report.js';
export type { ReportRange } from './record-store.js';
export { createMongoRecordStore } from './mongo/mongo-record-store.js';
export type { MongoRecordStoreOptions } from './mongo/mongo-record-store.js';
export { ensureMongoRecordSchema, VALIDATION } from './mongo/mongo-setup.js';
export { AUDIT_HEAD_ID, collectionNames, indexSpecs } from './mongo/mongo-collections.js';
export type { CollectionName } from './mongo/mongo-collections.js';
export { CLAIM_NAME, DIGITS_ONLY, SHA256_HEX, validators } from './mongo/mongo-validators.js';
export type { JsonSchema } from './mongo/mongo-validators.js';
export { createMongoRecordImporter } from './mongo/mongo-record-import.js';
export type { MongoRecordImporter } from './mongo/mongo-record-import.js';
export type {
  ApiKeyRecord,
  ApiKeyRepository,
  AuditEvent,
  AuditEventInput,
  AuditLog,
  AuditVerification,
  CitizenRepository,
  DeviceRecord,
  EnrollmentRecord,
  RecordStore,
  SessionReferenceRecord,
  SessionReferenceRepository,
  VerifierRecord,
  VerifierRepository,
  WebhookRecord,
} from './record-store.js';
