/**
 * Records ⇄ MongoDB documents. Natural keys become `_id`; ISO times become BSON dates (so TTL
 * indexes, range queries and day buckets work in the database) and only times that come back
 * exactly as they went in are accepted — an audit event's `at` is covered by its hash, so it must
 * round-trip to the character. Optional fields are left out rather than stored as null, and
 * reading picks the known fields only, so nothing unexpected in a document reaches a record.
 * The citizen reference and phone hash are refused when they look like what they stand for
 * (digits alone: a PESEL or a phone number), the last guard of D5 before the validator's.
 */
import type {
  ApiKeyRecord,
  AuditEvent,
  DeviceRecord,
  EnrollmentRecord,
  SessionReferenceRecord,
  VerifierRecord,
  WebhookRecord,
} from '../record-store.js';
import type { AUDIT_HEAD_ID } from './mongo-collections.js';
import { DIGITS_ONLY } from './mongo-validators.js';

/** A verifier's webhook inside its document; the secrets stay sealed. */
export interface WebhookDocument {
  url: string;
  secretSealed: string;
  secretCreatedAt: Date;
  previousSecretSealed?: string;
  previousSecretUntil?: Date;
}

/** A verifier registration (`verifiers`). */
export interface VerifierDocument extends Omit<VerifierRecord, 'id' | 'createdAt' | 'webhook'> {
  _id: string;
  createdAt: Date;
  webhook?: WebhookDocument;
}

/** A session found by its verifier's reference (`session_refs`), keyed by the session id. */
export interface SessionReferenceDocument {
  _id: string;
  verifierId: string;
  referenceHash: string;
  createdAt: Date;
  /** TTL: the entry goes when the session's state is gone. */
  expiresAt: Date;
}

/** An API-key hash (`api_keys`); `expiresAt` is set when revoked (TTL). */
export interface ApiKeyDocument {
  _id: string;
  verifierId: string;
  hash: string;
  createdAt: Date;
  revokedAt?: Date;
  expiresAt?: Date;
  validUntil?: Date;
}

/** A citizen's enrollment (`enrollments`), keyed by the citizen reference. */
export interface EnrollmentDocument {
  _id: string;
  phoneHash: string;
  activatedAt: Date;
}

/** An enrolled device (`devices`); `expiresAt` is set when deactivated (TTL). */
export interface DeviceDocument {
  _id: string;
  citizenRef: string;
  name: string;
  createdAt: Date;
  deactivatedAt?: Date;
  expiresAt?: Date;
}

/** An audit event (`audit_events`), keyed by its seq. */
export interface AuditEventDocument extends Omit<AuditEvent, 'seq' | 'at'> {
  _id: number;
  at: Date;
}

/** The newest event ever appended (`audit_head`): what `verify` checks the chain reaches. */
export interface AuditHeadDocument {
  _id: typeof AUDIT_HEAD_ID;
  seq: number;
  hash: string;
}

const digitsOnly = new RegExp(DIGITS_ONLY);

/** A BSON date for an ISO time; throws unless the date gives back exactly the same text. */
export function toDate(iso: string, field: string): Date {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime()) || date.toISOString() !== iso) {
    throw new Error(`${field} must be an ISO time as Date#toISOString writes it, got ${iso}`);
  }
  return date;
}

/** A keyed reference, refused when it is digits alone (a PESEL or phone number, D5). */
export function toReference(value: string, field: string): string {
  if (digitsOnly.test(value)) throw new Error(`${field} must be a keyed hash, not an identifier`);
  return value;
}

/** Copies the listed fields that are defined (no nulls stored for absent optionals). */
function pick<T extends object, K extends keyof T>(source: T, fields: readonly K[]): Pick<T, K> {
  const picked = {} as Pick<T, K>;
  for (const field of fields) if (source[field] !== undefined) picked[field] = source[field];
  return picked;
}

function optionalDate(iso: string | undefined, field: string): { [field: string]: Date } {
  return iso === undefined ? {} : { [field]: toDate(iso, field) };
}

function optionalIso<K extends string>(date: Date | undefined, field: K): { [F in K]?: string } {
  return (date === undefined ? {} : { [field]: date.toISOString() }) as { [F in K]?: string };
}

/** A verifier record as a document. */
export function toVerifierDocument(record: VerifierRecord): VerifierDocument {
  return {
    _id: record.id,
    ...structuredClone(
      pick(record, [
        'name',
        'kind',
        'branch',
        'claims',
        'flows',
        'origins',
        'retain',
        'displaySeconds',
        'status',
      ]),
    ),
    createdAt: toDate(record.createdAt, 'createdAt'),
    ...(record.webhook === undefined ? {} : { webhook: toWebhookDocument(record.webhook) }),
  };
}

function toWebhookDocument(webhook: WebhookRecord): WebhookDocument {
  return {
    url: webhook.url,
    secretSealed: webhook.secretSealed,
    secretCreatedAt: toDate(webhook.secretCreatedAt, 'webhook.secretCreatedAt'),
    ...(webhook.previousSecretSealed === undefined
      ? {}
      : { previousSecretSealed: webhook.previousSecretSealed }),
    ...optionalDate(webhook.previousSecretUntil, 'previousSecretUntil'),
  };
}

function fromWebhookDocument(doc: WebhookDocument): WebhookRecord {
  return {
    url: doc.url,
    secretSealed: doc.secretSealed,
    secretCreatedAt: doc.secretCreatedAt.toISOString(),
    ...(doc.previousSecretSealed === undefined
      ? {}
      : { previousSecretSealed: doc.previousSecretSealed }),
    ...optionalIso(doc.previousSecretUntil, 'previousSecretUntil'),
  };
}

/** A session-reference entry as a document. */
export function toSessionReferenceDocument(
  record: SessionReferenceRecord,
): SessionReferenceDocument {
  return {
    _id: record.sessionId,
    verifierId: record.verifierId,
    referenceHash: record.referenceHash,
    createdAt: toDate(record.createdAt, 'createdAt'),
    expiresAt: toDate(record.expiresAt, 'expiresAt'),
  };
}

/** A session-reference document as a record. */
export function fromSessionReferenceDocument(
  doc: SessionReferenceDocument,
): SessionReferenceRecord {
  return {
    sessionId: doc._id,
    verifierId: doc.verifierId,
    referenceHash: doc.referenceHash,
    createdAt: doc.createdAt.toISOString(),
    expiresAt: doc.expiresAt.toISOString(),
  };
}

/** A verifier document as a record. */
export function fromVerifierDocument(doc: VerifierDocument): VerifierRecord {
  return {
    id: doc._id,
    ...pick(doc, [
      'name',
      'kind',
      'branch',
      'claims',
      'flows',
      'origins',
      'retain',
      'displaySeconds',
      'status',
    ]),
    createdAt: doc.createdAt.toISOString(),
    ...(doc.webhook === undefined ? {} : { webhook: fromWebhookDocument(doc.webhook) }),
  };
}

/** An API-key record as a document; `expiresAt` is the store's to set. */
export function toApiKeyDocument(record: ApiKeyRecord, expiresAt?: Date): ApiKeyDocument {
  return {
    _id: record.keyId,
    verifierId: record.verifierId,
    hash: record.hash,
    createdAt: toDate(record.createdAt, 'createdAt'),
    ...optionalDate(record.revokedAt, 'revokedAt'),
    ...(record.revokedAt !== undefined && expiresAt !== undefined ? { expiresAt } : {}),
    ...optionalDate(record.validUntil, 'validUntil'),
  };
}

/** An API-key document as a record. */
export function fromApiKeyDocument(doc: ApiKeyDocument): ApiKeyRecord {
  return {
    keyId: doc._id,
    verifierId: doc.verifierId,
    hash: doc.hash,
    createdAt: doc.createdAt.toISOString(),
    ...optionalIso(doc.revokedAt, 'revokedAt'),
    ...optionalIso(doc.validUntil, 'validUntil'),
  };
}

/** An enrollment record as a document. */
export function toEnrollmentDocument(record: EnrollmentRecord): EnrollmentDocument {
  return {
    _id: toReference(record.citizenRef, 'citizenRef'),
    phoneHash: toReference(record.phoneHash, 'phoneHash'),
    activatedAt: toDate(record.activatedAt, 'activatedAt'),
  };
}

/** An enrollment document as a record. */
export function fromEnrollmentDocument(doc: EnrollmentDocument): EnrollmentRecord {
  return {
    citizenRef: doc._id,
    phoneHash: doc.phoneHash,
    activatedAt: doc.activatedAt.toISOString(),
  };
}

/** A device record as a document; `expiresAt` is the store's to set. */
export function toDeviceDocument(record: DeviceRecord, expiresAt?: Date): DeviceDocument {
  return {
    _id: record.id,
    citizenRef: toReference(record.citizenRef, 'citizenRef'),
    name: record.name,
    createdAt: toDate(record.createdAt, 'createdAt'),
    ...optionalDate(record.deactivatedAt, 'deactivatedAt'),
    ...(record.deactivatedAt !== undefined && expiresAt !== undefined ? { expiresAt } : {}),
  };
}

/** A device document as a record. */
export function fromDeviceDocument(doc: DeviceDocument): DeviceRecord {
  return {
    id: doc._id,
    citizenRef: doc.citizenRef,
    name: doc.name,
    createdAt: doc.createdAt.toISOString(),
    ...optionalIso(doc.deactivatedAt, 'deactivatedAt'),
  };
}

const auditFields = [
  'sessionId',
  'verifierId',
  'verifierName',
  'verifierKind',
  'verifierBranch',
  'flow',
  'claims',
  'outcome',
  'node',
  'legalBasis',
  'prevHash',
  'hash',
] as const;

/** An audit event as a document. */
export function toAuditEventDocument(event: AuditEvent): AuditEventDocument {
  return {
    _id: event.seq,
    at: toDate(event.at, 'at'),
    ...structuredClone(pick(event, auditFields)),
    ...(event.citizenRef === undefined
      ? {}
      : { citizenRef: toReference(event.citizenRef, 'citizenRef') }),
  };
}

/** An audit event document as an event. */
export function fromAuditEventDocument(doc: AuditEventDocument): AuditEvent {
  return {
    seq: Number(doc._id),
    at: doc.at.toISOString(),
    ...pick(doc, auditFields),
    ...(doc.citizenRef === undefined ? {} : { citizenRef: doc.citizenRef }),
  };
}
