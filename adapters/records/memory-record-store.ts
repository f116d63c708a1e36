/**
 * The in-memory record store, the embedded default (PRODUCT X4): verifier registrations, API-key
 * hashes, enrollments, devices and the hash-chained audit log (A1, A3, H1–H3), kept in maps for
 * the life of the process. Everything is copied and deep-frozen on the way in, so reads hand out
 * the stored record and no caller can change stored state behind the store's back. Appends number and chain the event in one synchronous
 * step, which is what keeps the chain whole under concurrent appends here.
 */
import {
  DEFAULT_AUDIT_LIST_LIMIT,
  DEFAULT_AUDIT_RANGE_LIMIT,
  GENESIS_HASH,
  auditHash,
  auditInputOf,
  verifyAuditChain,
} from './audit-chain.js';
import { frozenCopy } from '../frozen.js';
import type {
  ApiKeyRecord,
  ApiKeyRepository,
  AuditEvent,
  AuditLog,
  CitizenRepository,
  DeviceRecord,
  EnrollmentRecord,
  RecordStore,
  SessionReferenceRecord,
  SessionReferenceRepository,
  VerifierRecord,
  VerifierRepository,
} from './record-store.js';
import { computeVerificationReport } from './verification-report.js';

/** What goes into a map: a frozen deep copy (one argument, so it can be passed to `map`). */
function copy<T>(value: T): T {
  return frozenCopy(value);
}

/** Refuses a second record under the same id: ids are random, so a clash is a bug. */
function insertNew<T>(map: Map<string, T>, id: string, value: T, what: string): void {
  if (map.has(id)) throw new Error(`${what} ${id} already exists`);
  map.set(id, copy(value));
}

function createVerifiers(): VerifierRepository {
  const verifiers = new Map<string, VerifierRecord>();
  return {
    async insert(verifier) {
      insertNew(verifiers, verifier.id, verifier, 'verifier');
    },
    async get(id) {
      const found = verifiers.get(id);
      return found ?? null;
    },
    async list() {
      return [...verifiers.values()];
    },
    async update(verifier) {
      if (!verifiers.has(verifier.id)) return false;
      verifiers.set(verifier.id, copy(verifier));
      return true;
    },
  };
}

function createApiKeys(): ApiKeyRepository {
  const keys = new Map<string, ApiKeyRecord>();
  return {
    async insert(key) {
      insertNew(keys, key.keyId, key, 'API key');
    },
    async get(keyId) {
      const found = keys.get(keyId);
      return found ?? null;
    },
    async listFor(verifierId) {
      return [...keys.values()].filter((key) => key.verifierId === verifierId);
    },
    async revoke(verifierId, keyId, at) {
      const key = keys.get(keyId);
      if (key === undefined || key.verifierId !== verifierId) return false;
      // Revoking twice keeps the first time: that is when the key stopped working.
      if (key.revokedAt === undefined) keys.set(keyId, copy({ ...key, revokedAt: at }));
      return true;
    },
    async limitValidity(verifierId, keyId, validUntil) {
      const key = keys.get(keyId);
      if (key === undefined || key.verifierId !== verifierId) return false;
      if (key.validUntil === undefined) keys.set(keyId, copy({ ...key, validUntil }));
      return true;
    },
  };
}

function createReferences(): SessionReferenceRepository {
  const entries = new Map<string, SessionReferenceRecord>();
  return {
    async add(entry) {
      if (!entries.has(entry.sessionId)) entries.set(entry.sessionId, copy(entry));
    },
    async find({ verifierId, referenceHash, now, limit }) {
      const found: SessionReferenceRecord[] = [];
      for (const [id, entry] of entries) {
        // Expired entries go as they are met, so the map holds live sessions only.
        if (entry.expiresAt <= now) entries.delete(id);
        else if (entry.verifierId === verifierId && entry.referenceHash === referenceHash) {
          found.push(entry);
        }
      }
      return found
        .sort((a, b) =>
          a.createdAt !== b.createdAt
            ? a.createdAt < b.createdAt
              ? 1
              : -1
            : a.sessionId < b.sessionId
              ? 1
              : -1,
        )
        .slice(0, Math.max(0, limit));
    },
  };
}

function createCitizens(): CitizenRepository {
  const enrollments = new Map<string, EnrollmentRecord>();
  const byPhoneHash = new Map<string, string>();
  const devices = new Map<string, DeviceRecord>();

  function dropEnrollment(citizenRef: string): void {
    const existing = enrollments.get(citizenRef);
    if (existing === undefined) return;
    enrollments.delete(citizenRef);
    if (byPhoneHash.get(existing.phoneHash) === citizenRef) byPhoneHash.delete(existing.phoneHash);
  }

  return {
    async upsertEnrollment(enrollment) {
      dropEnrollment(enrollment.citizenRef);
      enrollments.set(enrollment.citizenRef, copy(enrollment));
      byPhoneHash.set(enrollment.phoneHash, enrollment.citizenRef);
    },
    async getEnrollment(citizenRef) {
      const found = enrollments.get(citizenRef);
      return found ?? null;
    },
    async findByPhoneHash(phoneHash) {
      const citizenRef = byPhoneHash.get(phoneHash);
      const found = citizenRef === undefined ? undefined : enrollments.get(citizenRef);
      return found ?? null;
    },
    async deleteEnrollment(citizenRef) {
      dropEnrollment(citizenRef);
    },
    async insertDevice(device) {
      insertNew(devices, device.id, device, 'device');
    },
    async getDevice(id) {
      const found = devices.get(id);
      return found ?? null;
    },
    async listDevices(citizenRef) {
      // Map order is insertion order and Array.prototype.sort is stable: ties stay as inserted.
      return [...devices.values()]
        .filter((device) => device.citizenRef === citizenRef)
        .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
    },
    async deactivateDevice(id, at) {
      const device = devices.get(id);
      if (device === undefined) return false;
      if (device.deactivatedAt === undefined)
        devices.set(id, copy({ ...device, deactivatedAt: at }));
      return true;
    },
  };
}

function createAudit(): AuditLog {
  const events: AuditEvent[] = [];
  // Positions in `events` per citizen, oldest first, so a citizen's history never scans the log.
  const byCitizen = new Map<string, number[]>();
  return {
    async append(input) {
      const prevHash = events.at(-1)?.hash ?? GENESIS_HASH;
      const fields = auditInputOf(input);
      const event: AuditEvent = copy({
        ...fields,
        seq: events.length + 1,
        prevHash,
        hash: auditHash(prevHash, fields),
      });
      events.push(event);
      if (event.citizenRef !== undefined) {
        const positions = byCitizen.get(event.citizenRef) ?? [];
        positions.push(events.length - 1);
        byCitizen.set(event.citizenRef, positions);
      }
      return event;
    },
    async list(query = {}) {
      const limit = Math.max(0, Math.floor(query.limit ?? DEFAULT_AUDIT_LIST_LIMIT));
      if (limit === 0) return [];
      // Positions are seq - 1, so `before` cuts both lists at the same place.
      const end = query.before === undefined ? Infinity : Math.max(0, query.before - 1);
      const picked =
        query.citizenRef === undefined
          ? events.slice(0, end).slice(-limit)
          : (byCitizen.get(query.citizenRef) ?? [])
              .filter((position) => position < end)
              .slice(-limit)
              .map((position) => events[position] as AuditEvent);
      return picked.reverse();
    },
    async range(query = {}) {
      const start = Math.max(1, Math.floor(query.fromSeq ?? 1)) - 1;
      const limit = Math.max(0, Math.floor(query.limit ?? DEFAULT_AUDIT_RANGE_LIMIT));
      return events.slice(start, start + limit);
    },
    async verify() {
      return verifyAuditChain(events);
    },
    async report(range) {
      return computeVerificationReport(events, range);
    },
  };
}

/** Creates the in-memory record store. Nothing to release: `close()` resolves at once. */
export function createMemoryRecordStore(): RecordStore {
  return {
    verifiers: createVerifiers(),
    apiKeys: createApiKeys(),
    citizens: createCitizens(),
    audit: createAudit(),
    references: createReferences(),
    async close() {},
  };
}
