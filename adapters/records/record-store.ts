/**
 * The record store: what outlives a session (PRODUCT A1, A3, H1–H3): verifier registrations,
 * API-key hashes, enrollments and devices, and the audit log from which citizens' history is
 * read. Nothing here holds personal data: citizens appear only as `citizenRef` (a keyed hash of
 * the PESEL) and phones only as keyed hashes.
 *
 * In-memory by default; Redis (cluster) and MongoDB (durable) implementations pass the same
 * contract suite. What a read answers is read-only: the in-memory store hands out its own frozen
 * records; a change goes through the repository's write methods with a new object.
 */
import type {
  ClaimPolicy,
  Flow,
  RequesterKind,
  VerifierKind,
  VerificationReport,
  VerifierStatus,
} from '../../contracts/index.js';

/**
 * What a verification report covers: events whose `at` is in `[from, to)`; ISO times.
 * (`verification-report.ts` computes the report.)
 */
export interface ReportRange {
  from: string;
  to: string;
  /** IANA time zone of the days. Default: Europe/Warsaw. */
  timeZone?: string;
}

/**
 * A verifier's webhook endpoint (§6 webhooks) and its signing secret, kept sealed by the hub
 * (AES-GCM under a key derived from `HUB_SECRET`), so a copy of the store alone cannot sign.
 */
export interface WebhookRecord {
  url: string;
  /** The current secret, sealed. */
  secretSealed: string;
  /** ISO time the current secret was made. */
  secretCreatedAt: string;
  /** After a rotation: the previous secret, sealed, which still signs until `previousSecretUntil`. */
  previousSecretSealed?: string;
  /** ISO time. */
  previousSecretUntil?: string;
}

/** A verifier institution's registration. */
export interface VerifierRecord {
  id: string;
  name: string;
  kind: VerifierKind;
  branch?: string;
  claims: ClaimPolicy;
  flows: Flow[];
  origins: string[];
  retain: boolean;
  displaySeconds: number;
  status: VerifierStatus;
  /** ISO time. */
  createdAt: string;
  /** Where session events are posted; none when absent. */
  webhook?: WebhookRecord;
}

/** An API key, stored only as a hash (A1). */
export interface ApiKeyRecord {
  keyId: string;
  verifierId: string;
  /** SHA-256 of the secret part, hex. */
  hash: string;
  createdAt: string;
  revokedAt?: string;
  /** Set when the key was rotated: it works until then (ISO time), then no more. */
  validUntil?: string;
}

/**
 * One session a verifier created with a `reference` (`GET /v1/sessions?reference=…`). The
 * reference itself is not stored: only a keyed hash of it, as the verifier may have put
 * anything in it (a customer number, a case file).
 */
export interface SessionReferenceRecord {
  sessionId: string;
  verifierId: string;
  /** Keyed hash of the verifier id and the reference. */
  referenceHash: string;
  /** ISO time. */
  createdAt: string;
  /** ISO time after which the entry is no longer listed (the session's state is gone by then). */
  expiresAt: string;
}

/** A citizen's activation of the service (one per citizen). */
export interface EnrollmentRecord {
  citizenRef: string;
  /** Keyed hash of the registered phone number, for F2 lookups by phone. */
  phoneHash: string;
  activatedAt: string;
}

/** A citizen's enrolled device. */
export interface DeviceRecord {
  id: string;
  citizenRef: string;
  name: string;
  createdAt: string;
  deactivatedAt?: string;
}

/** What the hub hands in for one audit event (H1). */
export interface AuditEventInput {
  /** ISO time of the outcome. */
  at: string;
  sessionId: string;
  verifierId: string;
  verifierName: string;
  verifierKind: RequesterKind;
  verifierBranch?: string;
  flow: Flow;
  /** Keyed hash of the PESEL; absent when no citizen was ever identified. */
  citizenRef?: string;
  /** Requested claim names as `documentType.claim`, never values. */
  claims: string[];
  /** `delivered`, `rejected`, `cancelled`, `timed_out` or `failed`. */
  outcome: string;
  /** Hub node that wrote the event. */
  node: string;
  /** F5 only: the legal basis / case reference given (A6). */
  legalBasis?: string;
}

/** An audit event as stored: numbered and chained to its predecessor (H2). */
export interface AuditEvent extends AuditEventInput {
  /** 1, 2, 3… in append order. */
  seq: number;
  /** `hash` of the previous event; 64 zeros for the first. */
  prevHash: string;
  /** SHA-256 over `prevHash` and the canonical JSON of this event's input fields. */
  hash: string;
}

/** The result of checking the audit chain. */
export interface AuditVerification {
  ok: boolean;
  /** Events checked. */
  count: number;
  /** `seq` of the first event that does not fit the chain, when `ok` is false. */
  brokenAt?: number;
}

/** Verifier registrations. */
export interface VerifierRepository {
  insert(verifier: VerifierRecord): Promise<void>;
  get(id: string): Promise<VerifierRecord | null>;
  list(): Promise<VerifierRecord[]>;
  /** Replaces the whole record; false when unknown. */
  update(verifier: VerifierRecord): Promise<boolean>;
}

/** API-key hashes. */
export interface ApiKeyRepository {
  insert(key: ApiKeyRecord): Promise<void>;
  get(keyId: string): Promise<ApiKeyRecord | null>;
  listFor(verifierId: string): Promise<ApiKeyRecord[]>;
  /** Marks the key revoked; false when unknown or not the verifier's. */
  revoke(verifierId: string, keyId: string, at: string): Promise<boolean>;
  /**
   * Sets `validUntil` unless already set (the first time is kept, as with `revoke`); false when
   * unknown or not the verifier's.
   */
  limitValidity(verifierId: string, keyId: string, validUntil: string): Promise<boolean>;
}

/** Sessions by the verifier's reference (hashed), for as long as their state is kept. */
export interface SessionReferenceRepository {
  /** Adds one entry; a second entry for the same session is ignored. */
  add(entry: SessionReferenceRecord): Promise<void>;
  /**
   * The entries of `verifierId` with `referenceHash` whose `expiresAt` is after `now` (ISO),
   * newest first (by `createdAt`, then session id), at most `limit`.
   */
  find(query: {
    verifierId: string;
    referenceHash: string;
    now: string;
    limit: number;
  }): Promise<SessionReferenceRecord[]>;
}

/** Enrollments and devices. */
export interface CitizenRepository {
  /** Creates or replaces the citizen's enrollment. */
  upsertEnrollment(enrollment: EnrollmentRecord): Promise<void>;
  getEnrollment(citizenRef: string): Promise<EnrollmentRecord | null>;
  /** The enrollment whose phone hash matches, or null. */
  findByPhoneHash(phoneHash: string): Promise<EnrollmentRecord | null>;
  /** Removes the enrollment (the citizen deactivated the service). */
  deleteEnrollment(citizenRef: string): Promise<void>;
  insertDevice(device: DeviceRecord): Promise<void>;
  getDevice(id: string): Promise<DeviceRecord | null>;
  /** All devices of the citizen, active and deactivated, oldest first. */
  listDevices(citizenRef: string): Promise<DeviceRecord[]>;
  /** Sets `deactivatedAt` unless already set; false when unknown. */
  deactivateDevice(id: string, at: string): Promise<boolean>;
}

/** The append-only, hash-chained audit log (H1, H2); the citizen's history reads from it (H3). */
export interface AuditLog {
  /** Appends one event, numbering and chaining it atomically. */
  append(event: AuditEventInput): Promise<AuditEvent>;
  /**
   * Events, newest first; only the citizen's when `citizenRef` is given; at most `limit`
   * (default `DEFAULT_AUDIT_LIST_LIMIT`, 100, from audit-chain.ts); only events older than seq
   * `before` when given (the next page starts before the last seq of this one).
   */
  list(query?: { citizenRef?: string; limit?: number; before?: number }): Promise<AuditEvent[]>;
  /**
   * Events with seq ≥ `fromSeq` (default 1), oldest first, at most `limit` (default 1000): how a
   * migration or a chain check reads the whole log, page by page.
   */
  range(query?: { fromSeq?: number; limit?: number }): Promise<AuditEvent[]>;
  /** Recomputes every hash in order and reports the first break. */
  verify(): Promise<AuditVerification>;
  /** The operator's report over events whose `at` is in the range (counts only, no personal data). */
  report(range: ReportRange): Promise<VerificationReport>;
}

/** Everything that outlives a session. */
export interface RecordStore {
  verifiers: VerifierRepository;
  apiKeys: ApiKeyRepository;
  citizens: CitizenRepository;
  audit: AuditLog;
  references: SessionReferenceRepository;
  /** Releases what the store owns (not the clients it was given). */
  close(): Promise<void>;
}
