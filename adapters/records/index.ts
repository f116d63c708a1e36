/**
 * The record-store adapters: the interface for what outlives a session, the audit hash chain
 * shared by every implementation, and the in-memory store (MongoDB and Redis beside it later).
 * Named exports only, so the public surface is visible here.
 */
export {
  DEFAULT_AUDIT_LIST_LIMIT,
  GENESIS_HASH,
  auditHash,
  auditInputOf,
  canonicalJson,
  verifyAuditChain,
} from './audit-chain.js';
export { createMemoryRecordStore } from './memory-record-store.js';
export { createRedisRecordStore } from './redis-record-store.js';
export type { RedisRecordStoreOptions } from './redis-record-store.js';
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
  VerifierRecord,
  VerifierRepository,
} from './record-store.js';
