/**
 * The audit hash chain (PRODUCT H2) as pure functions, shared by every record-store
 * implementation and by the chain-verifying command: each event's hash is SHA-256 over the
 * previous event's hash and the canonical JSON of the event's input fields, so changing, removing
 * or reordering any stored event breaks every hash after it. Canonical JSON sorts object keys and
 * leaves out undefined values, so the same event hashes the same whichever store wrote it. The
default page size of the audit list lives here too, being shared by every store in the same way.
 */
import { createHash } from 'node:crypto';
import type { AuditEvent, AuditEventInput, AuditVerification } from './record-store.js';

/** `AuditLog.list` returns at most this many events when no limit is given (every store). */
export const DEFAULT_AUDIT_LIST_LIMIT = 100;

/** `AuditLog.range` returns at most this many events when no limit is given (every store). */
export const DEFAULT_AUDIT_RANGE_LIMIT = 1000;

/** The `prevHash` of the first event: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The fields of {@link AuditEventInput}, the ones a hash covers. Typed so that adding a field to
 * the interface without listing it here fails to compile (a field left out would be unprotected).
 */
const inputFields = {
  at: true,
  sessionId: true,
  verifierId: true,
  verifierName: true,
  verifierKind: true,
  verifierBranch: true,
  flow: true,
  citizenRef: true,
  claims: true,
  outcome: true,
  node: true,
  legalBasis: true,
} as const satisfies Record<keyof AuditEventInput, true>;

/**
 * JSON with object keys sorted (recursively) and undefined-valued properties left out; arrays
 * keep their order (an undefined element becomes `null`, as in `JSON.stringify`).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value))
    return value.map((item) => (item === undefined ? null : sortKeys(item)));
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined) sorted[key] = sortKeys(item);
  }
  return sorted;
}

/** Just the input fields of an event (a stored `AuditEvent` may be passed; its chain fields go). */
export function auditInputOf(event: AuditEventInput): AuditEventInput {
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(inputFields)) {
    const value = (event as unknown as Record<string, unknown>)[key];
    if (value !== undefined) picked[key] = value;
  }
  return picked as unknown as AuditEventInput;
}

/** SHA-256 hex over `prevHash`, a newline and the canonical JSON of the event's input fields. */
export function auditHash(prevHash: string, input: AuditEventInput): string {
  return createHash('sha256')
    .update(`${prevHash}\n${canonicalJson(auditInputOf(input))}`)
    .digest('hex');
}

/**
 * Checks events given in `seq` order (the whole log, from seq 1): numbering without gaps, each
 * `prevHash` equal to the previous event's `hash` (the genesis hash first), each `hash`
 * recomputed. `count` is the number of events examined, up to and including the first break.
 */
export function verifyAuditChain(events: readonly AuditEvent[]): AuditVerification {
  const checker = auditChainChecker();
  for (const event of events) if (!checker.add(event)) break;
  return checker.result();
}

/**
 * {@link verifyAuditChain} one event at a time, for stores that read a long log page by page:
 * `add` answers false once the chain is broken (later events change nothing).
 */
export function auditChainChecker(): {
  add(event: AuditEvent): boolean;
  result(): AuditVerification;
} {
  let prevHash = GENESIS_HASH;
  let count = 0;
  let broken: AuditVerification | undefined;
  return {
    add(event) {
      if (broken !== undefined) return false;
      count++;
      const fits =
        event.seq === count &&
        event.prevHash === prevHash &&
        event.hash === auditHash(prevHash, event);
      if (!fits) {
        broken = { ok: false, count, brokenAt: event.seq };
        return false;
      }
      prevHash = event.hash;
      return true;
    },
    result() {
      return broken ?? { ok: true, count };
    },
  };
}
