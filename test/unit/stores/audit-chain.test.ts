/**
 * Unit tests of the audit hash chain (PRODUCT H2): canonical JSON, hashing of input fields only,
 * and that tampering with any field, dropping or reordering events is caught and located.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  GENESIS_HASH,
  auditHash,
  canonicalJson,
  verifyAuditChain,
} from '../../../adapters/records/index.js';
import type { AuditEvent, AuditEventInput } from '../../../adapters/records/index.js';

function input(i: number): AuditEventInput {
  return {
    at: `2025-01-01T10:00:0${i % 10}.000Z`,
    sessionId: `session-${i}`,
    verifierId: 'v-1',
    verifierName: 'Komenda Policji',
    verifierKind: 'police',
    verifierBranch: 'KP Śródmieście',
    flow: 'privileged',
    citizenRef: `citizen-${i % 2}`,
    claims: ['id_card.given_names', 'id_card.photo'],
    outcome: 'delivered',
    node: 'node-1',
    legalBasis: `RSD-${i}/25`,
  };
}

/** A valid chain of `n` events. */
function chain(n: number): AuditEvent[] {
  const events: AuditEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const fields = input(i);
    const hash = auditHash(prevHash, fields);
    events.push({ ...fields, seq: i, prevHash, hash });
    prevHash = hash;
  }
  return events;
}

describe('canonicalJson', () => {
  it('[H2] sorts keys at every depth and drops undefined properties', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: undefined }], c: undefined } })).toBe(
      '{"a":{"d":[3,{"z":1}]},"b":1}',
    );
    expect(canonicalJson({ y: 2, x: 1 })).toBe(canonicalJson({ x: 1, y: 2 }));
    expect(canonicalJson([undefined, 'a'])).toBe('[null,"a"]');
    expect(canonicalJson('ź')).toBe('"ź"');
  });
});

describe('auditHash', () => {
  it('[H2] is sha256 hex over prevHash, a newline and the canonical input', () => {
    const fields = input(1);
    const expected = createHash('sha256')
      .update(`${GENESIS_HASH}\n${canonicalJson(fields)}`)
      .digest('hex');
    expect(auditHash(GENESIS_HASH, fields)).toBe(expected);
    expect(GENESIS_HASH).toBe('0'.repeat(64));
  });

  it('[H2] ignores the chain fields and key order of a stored event', () => {
    const [event] = chain(1);
    if (event === undefined) throw new Error('no event');
    const reordered = Object.fromEntries(Object.entries(input(1)).reverse()) as AuditEventInput;
    expect(auditHash(GENESIS_HASH, event)).toBe(event.hash);
    expect(auditHash(GENESIS_HASH, reordered)).toBe(event.hash);
  });
});

describe('verifyAuditChain', () => {
  it('[H2] accepts an intact chain and an empty one', () => {
    expect(verifyAuditChain(chain(5))).toEqual({ ok: true, count: 5 });
    expect(verifyAuditChain([])).toEqual({ ok: true, count: 0 });
  });

  const tamperings: [string, (event: AuditEvent) => void][] = [
    ['at', (e) => (e.at = '2024-12-31T23:59:59.000Z')],
    ['sessionId', (e) => (e.sessionId = 'other')],
    ['verifierId', (e) => (e.verifierId = 'v-2')],
    ['verifierName', (e) => (e.verifierName = 'Someone else')],
    ['verifierKind', (e) => (e.verifierKind = 'bank')],
    ['verifierBranch', (e) => delete e.verifierBranch],
    ['flow', (e) => (e.flow = 'code')],
    ['citizenRef', (e) => (e.citizenRef = 'citizen-9')],
    ['claims', (e) => e.claims.push('id_card.pesel')],
    ['outcome', (e) => (e.outcome = 'rejected')],
    ['node', (e) => (e.node = 'node-2')],
    ['legalBasis', (e) => delete e.legalBasis],
    ['seq', (e) => (e.seq = 7)],
    ['prevHash', (e) => (e.prevHash = GENESIS_HASH)],
    ['hash', (e) => (e.hash = 'f'.repeat(64))],
  ];
  for (const [field, tamper] of tamperings) {
    it(`[H2] tampering with ${field} breaks the chain at that event`, () => {
      const events = chain(5);
      const target = events[2];
      if (target === undefined) throw new Error('no event');
      const seq = target.seq;
      tamper(target);
      const result = verifyAuditChain(events);
      expect(result.ok).toBe(false);
      expect(result.brokenAt).toBe(field === 'seq' ? 7 : seq);
      expect(result.count).toBe(3);
    });
  }

  it('[H2] rehashing a tampered event still breaks the chain at the next one', () => {
    const events = chain(5);
    const target = events[2];
    if (target === undefined) throw new Error('no event');
    target.outcome = 'rejected';
    target.hash = auditHash(target.prevHash, target);
    expect(verifyAuditChain(events)).toEqual({ ok: false, count: 4, brokenAt: 4 });
  });

  it('[H2] reordering events is caught', () => {
    const events = chain(5);
    const swapped = [events[0], events[2], events[1], events[3], events[4]] as AuditEvent[];
    expect(verifyAuditChain(swapped)).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('[H2] swapping two events contents under the same numbers is caught', () => {
    const events = chain(5);
    const [second, third] = [events[1], events[2]] as [AuditEvent, AuditEvent];
    events[1] = { ...third, seq: 2 };
    events[2] = { ...second, seq: 3 };
    expect(verifyAuditChain(events)).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('[H2] dropping an event is caught', () => {
    const events = chain(5);
    events.splice(1, 1);
    expect(verifyAuditChain(events)).toMatchObject({ ok: false, brokenAt: 3 });
    expect(verifyAuditChain(chain(5).slice(1))).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('[H2] a truncated tail is indistinguishable from a shorter log (count tells)', () => {
    expect(verifyAuditChain(chain(5).slice(0, 3))).toEqual({ ok: true, count: 3 });
  });
});
