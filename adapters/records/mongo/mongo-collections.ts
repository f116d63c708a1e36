/**
 * The MongoDB record store's collections and their indexes, in one place so that operators and
 * tests can read exactly what the database enforces. Natural keys are `_id` (verifier id, API-key
 * id, device id, citizen reference of an enrollment, seq of an audit event), so a duplicate can
 * never be written; the unique indexes hold the rules that need one (one phone per enrollment,
 * one audit event per session, H1); the TTL indexes delete what must not be kept for ever
 * (revoked keys, deactivated devices: each document carries its own `expiresAt`). No collection
 * holds a PESEL, a phone number or a claim value (D5): citizens appear only as the keyed
 * reference (H1) and phones only as keyed hashes. The validators are in mongo-validators.ts.
 */
import type { IndexDescription } from 'mongodb';

/** Collection names. */
export const collectionNames = {
  verifiers: 'verifiers',
  apiKeys: 'api_keys',
  enrollments: 'enrollments',
  devices: 'devices',
  auditEvents: 'audit_events',
  auditHead: 'audit_head',
  sessionRefs: 'session_refs',
} as const;

/** A collection of the record store. */
export type CollectionName = (typeof collectionNames)[keyof typeof collectionNames];

/** The `_id` of the one document in `audit_head`. */
export const AUDIT_HEAD_ID = 'head';

/**
 * The indexes each collection must have (besides `_id`). Their names are part of the spec: a
 * start-up meets an index of the same name with other options as an error, never silently.
 */
export const indexSpecs: Record<CollectionName, IndexDescription[]> = {
  verifiers: [{ key: { createdAt: 1, _id: 1 }, name: 'verifiers_in_order' }],
  api_keys: [
    // listFor(verifierId), oldest first.
    { key: { verifierId: 1, createdAt: 1, _id: 1 }, name: 'keys_by_verifier' },
    // A revoked key is deleted once its retention ends (A1: the hash is useless after that).
    { key: { expiresAt: 1 }, name: 'revoked_keys_expire', expireAfterSeconds: 0 },
  ],
  enrollments: [
    // findByPhoneHash, and the rule behind it: one phone number, one citizen.
    { key: { phoneHash: 1 }, name: 'one_citizen_per_phone', unique: true },
  ],
  devices: [
    // listDevices(citizenRef), oldest first.
    { key: { citizenRef: 1, createdAt: 1, _id: 1 }, name: 'devices_by_citizen' },
    // A deactivated device is deleted once its retention ends (A3).
    { key: { expiresAt: 1 }, name: 'deactivated_devices_expire', expireAfterSeconds: 0 },
  ],
  audit_events: [
    // H3: a citizen's history, newest first (seq is the chain's order of time), paged by seq.
    { key: { citizenRef: 1, _id: -1 }, name: 'history_by_citizen' },
    // The operator report's range filter.
    { key: { at: 1 }, name: 'events_by_time' },
    // H1: one audit event per session, also when an append is retried after a lost answer.
    { key: { sessionId: 1 }, name: 'one_event_per_session', unique: true },
  ],
  audit_head: [],
  session_refs: [
    // GET /v1/sessions?reference=…: a verifier's sessions with one reference, newest first.
    {
      key: { verifierId: 1, referenceHash: 1, createdAt: -1, _id: -1 },
      name: 'sessions_by_reference',
    },
    // An entry goes when its session's state is gone (the store's TTL runs every minute; reads
    // also filter on `expiresAt`).
    { key: { expiresAt: 1 }, name: 'session_refs_expire', expireAfterSeconds: 0 },
  ],
};
