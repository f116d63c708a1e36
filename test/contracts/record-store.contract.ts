/**
 * The contract suite of `RecordStore` (PRODUCT A1, A3, H1–H3), run against every implementation:
 * memory now, MongoDB and Redis beside it. It knows nothing of any implementation; it checks the
 * audit chain with the shared pure functions of audit-chain.ts, which every store must use.
 * Tampering with a stored chain is not reachable through the interface, so it is tested against
 * `verifyAuditChain` directly (test/unit/stores/audit-chain.test.ts).
 *
 * A factory may also give what only a shared store has: `openPeer` (another node's store over
 * the same data, for appends from several nodes at once) and `storedText` (everything the store
 * wrote, as text, for the D5 scan); without them the suite uses the one store and its answers.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_AUDIT_LIST_LIMIT,
  GENESIS_HASH,
  auditHash,
  verifyAuditChain,
} from '../../adapters/records/index.js';
import type {
  ApiKeyRecord,
  AuditEvent,
  AuditEventInput,
  DeviceRecord,
  RecordStore,
  SessionReferenceRecord,
  VerifierRecord,
} from '../../adapters/records/index.js';
import { createSyntheticRegister } from '../../adapters/registers/index.js';
import { allClaims, claimsByDocument, derivedClaims, isValidPesel } from '../../contracts/index.js';
import type { Claim, DocumentType } from '../../contracts/index.js';

/** What a factory hands the suite for one test. */
export interface RecordStoreFixture {
  /** An empty store. */
  store: RecordStore;
  /** Closes the store and whatever the factory opened for it. */
  cleanup: () => Promise<void>;
  /** Another node's store over the same data (closed by `cleanup`). Default: `store` again. */
  openPeer?: () => Promise<RecordStore>;
  /** Everything the store holds, as stored, as one text (D5 scan). Default: its answers. */
  storedText?: () => Promise<string>;
}

function verifier(overrides: Partial<VerifierRecord> = {}): VerifierRecord {
  return {
    id: randomUUID(),
    name: 'Bank Przykładowy',
    kind: 'bank',
    branch: 'Oddział Kraków 3',
    claims: { id_card: ['given_names', 'family_name'] },
    flows: ['code', 'push'],
    origins: ['https://bank.example'],
    retain: false,
    displaySeconds: 120,
    status: 'pending',
    createdAt: '2025-01-01T10:00:00.000Z',
    ...overrides,
  };
}

function apiKey(verifierId: string, overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  return {
    keyId: randomUUID(),
    verifierId,
    hash: 'a'.repeat(64),
    createdAt: '2025-01-01T10:00:00.000Z',
    ...overrides,
  };
}

function device(citizenRef: string, overrides: Partial<DeviceRecord> = {}): DeviceRecord {
  return {
    id: randomUUID(),
    citizenRef,
    name: 'Pixel',
    createdAt: '2025-01-01T10:00:00.000Z',
    ...overrides,
  };
}

function auditInput(overrides: Partial<AuditEventInput> = {}): AuditEventInput {
  return {
    at: '2025-01-01T10:00:00.000Z',
    sessionId: randomUUID(),
    verifierId: 'v-1',
    verifierName: 'Urząd Miasta',
    verifierKind: 'public_office',
    flow: 'code',
    citizenRef: 'citizen-a',
    claims: ['id_card.given_names', 'id_card.age_over_18'],
    outcome: 'delivered',
    node: 'node-1',
    ...overrides,
  };
}

/** Registers the `RecordStore` contract for one implementation. */
export function describeRecordStore(
  name: string,
  factory: () => Promise<RecordStoreFixture>,
): void {
  describe(`[X1][X4] RecordStore contract (every implementation alike): ${name}`, () => {
    let fixture: RecordStoreFixture;
    let store: RecordStore;

    beforeEach(async () => {
      fixture = await factory();
      store = fixture.store;
    });
    /** Another node's store over the same data, or this one again. */
    const peer = async (): Promise<RecordStore> => (fixture.openPeer ? fixture.openPeer() : store);
    afterEach(async () => {
      await fixture.cleanup();
    });

    describe('verifiers', () => {
      it('[D3] insert, get, list and update a registration', async () => {
        const a = verifier();
        const b = verifier({ name: 'Poczta', kind: 'post' });
        delete b.branch;
        await store.verifiers.insert(a);
        await store.verifiers.insert(b);
        expect(await store.verifiers.get(a.id)).toEqual(a);
        expect(await store.verifiers.get(b.id)).toEqual(b);
        expect(await store.verifiers.get(randomUUID())).toBeNull();
        const listed = await store.verifiers.list();
        expect(listed.map((v) => v.id).sort()).toEqual([a.id, b.id].sort());

        const approved = { ...a, status: 'active' as const };
        expect(await store.verifiers.update(approved)).toBe(true);
        expect(await store.verifiers.get(a.id)).toEqual(approved);
        expect(await store.verifiers.update(verifier())).toBe(false);
        expect(await store.verifiers.list()).toHaveLength(2);
      });

      it('[D3] records are copies: mutating inputs or results changes nothing', async () => {
        const a = verifier();
        await store.verifiers.insert(a);
        a.origins.push('https://evil.example');
        const read = await store.verifiers.get(a.id);
        expect(read?.origins).toEqual(['https://bank.example']);
        try {
          read?.flows.push('privileged');
        } catch (error) {
          // A read is read-only: frozen (the write throws) or a fresh copy (the write is lost).
          expect(error).toBeInstanceOf(TypeError);
        }
        expect((await store.verifiers.get(a.id))?.flows).toEqual(['code', 'push']);
      });
    });

    describe('API keys', () => {
      it('[A1] insert, get and list the keys of a verifier', async () => {
        const k1 = apiKey('v-1');
        const k2 = apiKey('v-1');
        const other = apiKey('v-2');
        for (const key of [k1, k2, other]) await store.apiKeys.insert(key);
        expect(await store.apiKeys.get(k1.keyId)).toEqual(k1);
        expect(await store.apiKeys.get(randomUUID())).toBeNull();
        const listed = await store.apiKeys.listFor('v-1');
        expect(listed.map((k) => k.keyId).sort()).toEqual([k1.keyId, k2.keyId].sort());
        expect(await store.apiKeys.listFor('v-3')).toEqual([]);
      });

      it('[A1] a key is revoked only by its own verifier', async () => {
        const key = apiKey('v-1');
        await store.apiKeys.insert(key);
        expect(await store.apiKeys.revoke('v-2', key.keyId, '2025-01-02T00:00:00.000Z')).toBe(
          false,
        );
        expect((await store.apiKeys.get(key.keyId))?.revokedAt).toBeUndefined();
        expect(await store.apiKeys.revoke('v-1', randomUUID(), '2025-01-02T00:00:00.000Z')).toBe(
          false,
        );
        expect(await store.apiKeys.revoke('v-1', key.keyId, '2025-01-02T00:00:00.000Z')).toBe(true);
        expect(await store.apiKeys.get(key.keyId)).toEqual({
          ...key,
          revokedAt: '2025-01-02T00:00:00.000Z',
        });
      });
    });

    describe('verifier management (issue 11)', () => {
      it('[D3] a webhook (sealed secrets, previous one with its end) round-trips through update', async () => {
        const a = verifier();
        await store.verifiers.insert(a);
        const hooked: VerifierRecord = {
          ...a,
          origins: ['https://bank.example', 'https://branch.bank.example'],
          webhook: {
            url: 'https://bank.example/hooks/mdok',
            secretSealed: 'sealed.new',
            secretCreatedAt: '2025-01-02T10:00:00.000Z',
            previousSecretSealed: 'sealed.old',
            previousSecretUntil: '2025-01-03T10:00:00.000Z',
          },
        };
        expect(await store.verifiers.update(hooked)).toBe(true);
        expect(await (await peer()).verifiers.get(a.id)).toEqual(hooked);
        const { webhook: _removed, ...unhooked } = hooked;
        expect(await store.verifiers.update(unhooked)).toBe(true);
        expect(await store.verifiers.get(a.id)).toEqual(unhooked);
      });

      it('[A1] a rotated key keeps the first validUntil; only its own verifier may set it', async () => {
        const v = verifier();
        await store.verifiers.insert(v);
        const key = apiKey(v.id);
        await store.apiKeys.insert(key);
        expect(
          await store.apiKeys.limitValidity('someone-else', key.keyId, '2025-01-02T00:00:00.000Z'),
        ).toBe(false);
        expect(
          await store.apiKeys.limitValidity(v.id, randomUUID(), '2025-01-02T00:00:00.000Z'),
        ).toBe(false);
        expect(await store.apiKeys.get(key.keyId)).toEqual(key);
        expect(await store.apiKeys.limitValidity(v.id, key.keyId, '2025-01-02T00:00:00.000Z')).toBe(
          true,
        );
        expect(await store.apiKeys.limitValidity(v.id, key.keyId, '2025-01-09T00:00:00.000Z')).toBe(
          true,
        );
        expect(await (await peer()).apiKeys.get(key.keyId)).toEqual({
          ...key,
          validUntil: '2025-01-02T00:00:00.000Z',
        });
        expect(await store.apiKeys.listFor(v.id)).toEqual([
          { ...key, validUntil: '2025-01-02T00:00:00.000Z' },
        ]);
      });

      it('[S1] sessions by reference: newest first, per verifier and reference, until they expire', async () => {
        const hash = (text: string) => createHmac('sha256', 'k').update(text).digest('hex');
        const entry = (minute: number, overrides: Partial<SessionReferenceRecord> = {}) => ({
          sessionId: randomUUID(),
          verifierId: 'v-1',
          referenceHash: hash('loan-1'),
          createdAt: `2025-01-01T10:0${minute}:00.000Z`,
          expiresAt: `2025-01-01T10:${20 + minute}:00.000Z`,
          ...overrides,
        });
        const first = entry(1);
        const second = entry(2);
        const third = entry(3);
        const otherVerifier = entry(4, { verifierId: 'v-2' });
        const otherReference = entry(5, { referenceHash: hash('loan-2') });
        for (const e of [second, first, third, otherVerifier, otherReference]) {
          await store.references.add(e);
        }
        // A second entry for a session changes nothing.
        await store.references.add({ ...first, createdAt: '2025-01-01T10:09:00.000Z' });
        const query = { verifierId: 'v-1', referenceHash: hash('loan-1'), limit: 10 };
        const reader = await peer();
        expect(await reader.references.find({ ...query, now: '2025-01-01T10:10:00.000Z' })).toEqual(
          [third, second, first],
        );
        expect(
          await reader.references.find({ ...query, now: '2025-01-01T10:10:00.000Z', limit: 2 }),
        ).toEqual([third, second]);
        // The first entry expires at 10:21; at that very moment it is no longer listed.
        expect(await reader.references.find({ ...query, now: '2025-01-01T10:21:00.000Z' })).toEqual(
          [third, second],
        );
        expect(await reader.references.find({ ...query, now: '2025-01-01T11:00:00.000Z' })).toEqual(
          [],
        );
      });
    });

    describe('citizens', () => {
      it('[A3] enrollments are found by citizen and by phone hash', async () => {
        const enrollment = {
          citizenRef: 'citizen-a',
          phoneHash: 'phone-1',
          activatedAt: '2025-01-01T10:00:00.000Z',
        };
        await store.citizens.upsertEnrollment(enrollment);
        expect(await store.citizens.getEnrollment('citizen-a')).toEqual(enrollment);
        expect(await store.citizens.findByPhoneHash('phone-1')).toEqual(enrollment);
        expect(await store.citizens.getEnrollment('citizen-b')).toBeNull();
        expect(await store.citizens.findByPhoneHash('phone-2')).toBeNull();
      });

      it('[A3] a new enrollment replaces the old one, phone included', async () => {
        await store.citizens.upsertEnrollment({
          citizenRef: 'citizen-a',
          phoneHash: 'phone-1',
          activatedAt: '2025-01-01T10:00:00.000Z',
        });
        const replaced = {
          citizenRef: 'citizen-a',
          phoneHash: 'phone-2',
          activatedAt: '2025-02-01T10:00:00.000Z',
        };
        await store.citizens.upsertEnrollment(replaced);
        expect(await store.citizens.getEnrollment('citizen-a')).toEqual(replaced);
        expect(await store.citizens.findByPhoneHash('phone-2')).toEqual(replaced);
        expect(await store.citizens.findByPhoneHash('phone-1')).toBeNull();
      });

      it('[A3] deleting an enrollment removes it from both lookups', async () => {
        await store.citizens.upsertEnrollment({
          citizenRef: 'citizen-a',
          phoneHash: 'phone-1',
          activatedAt: '2025-01-01T10:00:00.000Z',
        });
        await store.citizens.deleteEnrollment('citizen-a');
        expect(await store.citizens.getEnrollment('citizen-a')).toBeNull();
        expect(await store.citizens.findByPhoneHash('phone-1')).toBeNull();
        await store.citizens.deleteEnrollment('citizen-a');
      });

      it('[A3] devices are listed per citizen, oldest first, active and deactivated', async () => {
        const later = device('citizen-a', { createdAt: '2025-01-03T00:00:00.000Z' });
        const earlier = device('citizen-a', { createdAt: '2025-01-02T00:00:00.000Z' });
        const other = device('citizen-b');
        for (const d of [later, earlier, other]) await store.citizens.insertDevice(d);
        expect(await store.citizens.getDevice(earlier.id)).toEqual(earlier);
        expect(await store.citizens.getDevice(randomUUID())).toBeNull();
        expect(await store.citizens.deactivateDevice(later.id, '2025-01-04T00:00:00.000Z')).toBe(
          true,
        );
        expect(await store.citizens.listDevices('citizen-a')).toEqual([
          earlier,
          { ...later, deactivatedAt: '2025-01-04T00:00:00.000Z' },
        ]);
        expect(await store.citizens.listDevices('citizen-c')).toEqual([]);
      });

      it('[A3] deactivating keeps the first time and is false for unknown devices', async () => {
        const d = device('citizen-a');
        await store.citizens.insertDevice(d);
        expect(await store.citizens.deactivateDevice(d.id, '2025-01-04T00:00:00.000Z')).toBe(true);
        expect(await store.citizens.deactivateDevice(d.id, '2025-01-05T00:00:00.000Z')).toBe(true);
        expect((await store.citizens.getDevice(d.id))?.deactivatedAt).toBe(
          '2025-01-04T00:00:00.000Z',
        );
        expect(
          await store.citizens.deactivateDevice(randomUUID(), '2025-01-04T00:00:00.000Z'),
        ).toBe(false);
      });
    });

    describe('audit log', () => {
      it('[H2] an empty log verifies', async () => {
        expect(await store.audit.verify()).toEqual({ ok: true, count: 0 });
        expect(await store.audit.list()).toEqual([]);
      });

      it('[H1][H2] append numbers from 1 and chains each event to the previous one', async () => {
        const first = auditInput();
        const second = auditInput({ outcome: 'rejected', verifierBranch: 'Filia 2' });
        const e1 = await store.audit.append(first);
        const e2 = await store.audit.append(second);
        expect(e1).toEqual({
          ...first,
          seq: 1,
          prevHash: GENESIS_HASH,
          hash: auditHash(GENESIS_HASH, first),
        });
        expect(e2).toEqual({
          ...second,
          seq: 2,
          prevHash: e1.hash,
          hash: auditHash(e1.hash, second),
        });
        expect(await store.audit.verify()).toEqual({ ok: true, count: 2 });
      });

      it('[H1] an event without citizen or legal basis keeps those fields absent', async () => {
        const input = auditInput({ outcome: 'timed_out' });
        delete input.citizenRef;
        const event = await store.audit.append(input);
        expect(event).not.toHaveProperty('citizenRef');
        expect(event).not.toHaveProperty('legalBasis');
        const [listed] = await store.audit.list();
        expect(listed).toEqual(event);
      });

      it('[H2] stored events are copies of what was appended', async () => {
        const input = auditInput();
        const event = await store.audit.append(input);
        input.claims.push('id_card.pesel');
        try {
          event.outcome = 'failed';
        } catch (error) {
          // A frozen event: the write is refused, which is as good as lost.
          expect(error).toBeInstanceOf(TypeError);
        }
        const [listed] = await store.audit.list();
        expect(listed?.claims).toEqual(['id_card.given_names', 'id_card.age_over_18']);
        expect(listed?.outcome).toBe('delivered');
        expect(await store.audit.verify()).toEqual({ ok: true, count: 1 });
      });

      it('[H3] list is newest first, filtered by citizen and limited', async () => {
        const refs = ['citizen-a', 'citizen-b', 'citizen-a', 'citizen-a', 'citizen-b'];
        for (const citizenRef of refs) await store.audit.append(auditInput({ citizenRef }));
        expect((await store.audit.list()).map((e) => e.seq)).toEqual([5, 4, 3, 2, 1]);
        expect((await store.audit.list({ limit: 2 })).map((e) => e.seq)).toEqual([5, 4]);
        const a = await store.audit.list({ citizenRef: 'citizen-a' });
        expect(a.map((e) => e.seq)).toEqual([4, 3, 1]);
        const a2 = await store.audit.list({ citizenRef: 'citizen-a', limit: 2 });
        expect(a2.map((e) => e.seq)).toEqual([4, 3]);
        expect(await store.audit.list({ citizenRef: 'citizen-z' })).toEqual([]);
      });

      it(`[H3] list returns at most ${DEFAULT_AUDIT_LIST_LIMIT} events by default`, async () => {
        for (let i = 0; i < DEFAULT_AUDIT_LIST_LIMIT + 3; i++) {
          await store.audit.append(auditInput());
        }
        const listed = await store.audit.list();
        expect(listed).toHaveLength(DEFAULT_AUDIT_LIST_LIMIT);
        expect(listed[0]?.seq).toBe(DEFAULT_AUDIT_LIST_LIMIT + 3);
      });

      it('[H2] 20 concurrent appends form one valid chain numbered 1..20', async () => {
        const appended = await Promise.all(
          Array.from({ length: 20 }, (_, i) => store.audit.append(auditInput({ node: `n-${i}` }))),
        );
        expect(appended.map((e) => e.seq).sort((x, y) => x - y)).toEqual(
          Array.from({ length: 20 }, (_, i) => i + 1),
        );
        expect(await store.audit.verify()).toEqual({ ok: true, count: 20 });
        const inOrder = (await store.audit.list({ limit: 20 })).reverse();
        expect(inOrder.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
        expect(verifyAuditChain(inOrder)).toEqual({ ok: true, count: 20 });
      });
    });

    describe('natural keys', () => {
      it('[A1][A3] a second insert under the same id is refused and changes nothing', async () => {
        const v = verifier();
        await store.verifiers.insert(v);
        await expect(store.verifiers.insert({ ...v, name: 'Other' })).rejects.toThrow(/exists/);
        expect(await store.verifiers.get(v.id)).toEqual(v);
        expect(await store.verifiers.list()).toHaveLength(1);
        const key = apiKey('v-1');
        await store.apiKeys.insert(key);
        await expect(store.apiKeys.insert({ ...key, verifierId: 'v-2' })).rejects.toThrow(/exists/);
        expect(await store.apiKeys.get(key.keyId)).toEqual(key);
        expect(await store.apiKeys.listFor('v-2')).toEqual([]);
        const d = device('citizen-a');
        await store.citizens.insertDevice(d);
        await expect(store.citizens.insertDevice({ ...d, name: 'Other' })).rejects.toThrow(
          /exists/,
        );
        expect(await store.citizens.listDevices('citizen-a')).toEqual([d]);
      });
    });

    describe('audit log: pages, ranges and many nodes', () => {
      it('[H3] history pages: each page starts before the last seq of the one before', async () => {
        const refs = ['a', 'b', 'a', 'a', 'b', 'a', 'a'];
        for (const ref of refs)
          await store.audit.append(auditInput({ citizenRef: `citizen-${ref}` }));
        const page = (before?: number) =>
          store.audit
            .list({ citizenRef: 'citizen-a', limit: 2, ...(before ? { before } : {}) })
            .then((events) => events.map((e) => e.seq));
        expect(await page()).toEqual([7, 6]);
        expect(await page(6)).toEqual([4, 3]);
        expect(await page(3)).toEqual([1]);
        expect(await page(1)).toEqual([]);
        const all = await store.audit.list({ limit: 3, before: 5 });
        expect(all.map((e) => e.seq)).toEqual([4, 3, 2]);
      });

      it('[H2] range reads the log oldest first from a seq, a page at a time', async () => {
        const appended: AuditEvent[] = [];
        for (let i = 0; i < 5; i++) appended.push(await store.audit.append(auditInput()));
        expect(await store.audit.range()).toEqual(appended);
        expect(await store.audit.range({ fromSeq: 2, limit: 2 })).toEqual(appended.slice(1, 3));
        expect(await store.audit.range({ fromSeq: 4 })).toEqual(appended.slice(3));
        expect(await store.audit.range({ fromSeq: 6 })).toEqual([]);
        expect(await store.audit.range({ limit: 0 })).toEqual([]);
      });

      it('[H2][X1] 3 nodes appending at once keep one unbroken chain 1..45', async () => {
        const nodes = [store, ...(await Promise.all([peer(), peer()]))];
        const appended = await Promise.all(
          Array.from({ length: 45 }, (_, i) =>
            nodes[i % 3]!.audit.append(auditInput({ node: `node-${i % 3}`, outcome: `o-${i}` })),
          ),
        );
        const seqs = appended.map((e) => e.seq).sort((x, y) => x - y);
        expect(seqs).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));
        for (const node of nodes)
          expect(await node.audit.verify()).toEqual({ ok: true, count: 45 });
        const stored = [
          ...(await store.audit.range({ limit: 30 })),
          ...(await store.audit.range({ fromSeq: 31 })),
        ];
        expect(verifyAuditChain(stored)).toEqual({ ok: true, count: 45 });
        // What each node was answered is exactly what was stored, once.
        expect([...stored].sort((a, b) => a.outcome.localeCompare(b.outcome))).toEqual(
          [...appended].sort((a, b) => a.outcome.localeCompare(b.outcome)),
        );
      });
    });

    describe('verification report', () => {
      const range = { from: '2025-03-29T00:00:00.000Z', to: '2025-03-31T00:00:00.000Z' };

      it('[H1] counts per verifier and Warsaw day and per flow, [from, to), no personal data', async () => {
        const office = { verifierId: 'v-1', verifierName: 'Urząd Miasta' };
        const events: Partial<AuditEventInput>[] = [
          // Before `from` and at `to`: outside.
          { ...office, at: '2025-03-28T23:59:59.999Z' },
          { ...office, at: '2025-03-31T00:00:00.000Z' },
          // 23:30 in Warsaw (CET) on the 29th; then 00:30 on the 30th.
          { ...office, at: '2025-03-29T22:30:00.000Z' },
          { ...office, at: '2025-03-29T23:30:00.000Z', outcome: 'rejected' },
          // After the switch to CEST; the office renamed itself.
          {
            ...office,
            verifierName: 'Urząd Miasta Kraków',
            at: '2025-03-30T10:00:00.000Z',
            flow: 'push',
          },
          {
            verifierId: 'v-2',
            verifierName: 'Bank',
            verifierKind: 'bank',
            at: '2025-03-30T11:00:00.000Z',
            flow: 'otp',
            outcome: 'timed_out',
          },
          // Citizens verifying citizens (F4): counted together, never by id or name.
          {
            verifierId: 'citizen:abc',
            verifierName: 'Jan Kowalski',
            verifierKind: 'citizen',
            at: '2025-03-30T12:00:00.000Z',
            flow: 'peer',
          },
          {
            verifierId: 'citizen:def',
            verifierName: 'Anna Nowak',
            verifierKind: 'citizen',
            at: '2025-03-30T12:30:00.000Z',
            flow: 'peer',
            outcome: 'cancelled',
          },
        ];
        const sessionIds: string[] = [];
        for (const overrides of events) {
          const event = await store.audit.append(auditInput(overrides));
          sessionIds.push(event.sessionId);
        }
        const report = await store.audit.report(range);
        expect(report).toEqual({
          ...range,
          timeZone: 'Europe/Warsaw',
          total: 6,
          byVerifierDay: [
            {
              day: '2025-03-29',
              verifierId: 'v-1',
              verifierName: 'Urząd Miasta',
              verifierKind: 'public_office',
              total: 1,
              outcomes: { delivered: 1 },
            },
            {
              day: '2025-03-30',
              verifierId: 'v-1',
              verifierName: 'Urząd Miasta Kraków',
              verifierKind: 'public_office',
              total: 2,
              outcomes: { delivered: 1, rejected: 1 },
            },
            {
              day: '2025-03-30',
              verifierId: 'v-2',
              verifierName: 'Bank',
              verifierKind: 'bank',
              total: 1,
              outcomes: { timed_out: 1 },
            },
            {
              day: '2025-03-30',
              verifierId: null,
              verifierName: null,
              verifierKind: 'citizen',
              total: 2,
              outcomes: { cancelled: 1, delivered: 1 },
            },
          ],
          byFlow: [
            { flow: 'code', total: 2, outcomes: { delivered: 1, rejected: 1 } },
            { flow: 'push', total: 1, outcomes: { delivered: 1 } },
            { flow: 'otp', total: 1, outcomes: { timed_out: 1 } },
            { flow: 'peer', total: 2, outcomes: { cancelled: 1, delivered: 1 } },
          ],
        });
        const text = JSON.stringify(report);
        for (const personal of [
          'citizen-a',
          'Jan',
          'Kowalski',
          'Nowak',
          'citizen:',
          ...sessionIds,
        ]) {
          expect(text).not.toContain(personal);
        }
      });

      it('[H1] a period without sessions is an empty report', async () => {
        await store.audit.append(auditInput({ at: '2025-01-01T10:00:00.000Z' }));
        expect(await store.audit.report(range)).toEqual({
          ...range,
          timeZone: 'Europe/Warsaw',
          total: 0,
          byVerifierDay: [],
          byFlow: [],
        });
      });
    });

    describe('privacy', () => {
      it('[D5][H1] nothing stored carries the PESEL, the phone number or a claim value', async () => {
        const register = createSyntheticRegister({ seed: 'record-store-d5', size: 20 });
        const [person] = await register.sample(1);
        if (person === undefined) throw new Error('no synthetic person');
        expect(isValidPesel(person.pesel)).toBe(true);
        const keyed = (value: string) =>
          createHmac('sha256', 'contract-ref-key').update(value).digest('base64url');
        const citizenRef = keyed(`pesel:${person.pesel}`);
        const phoneHash = keyed(`phone:${person.phone}`);
        const asks = (Object.keys(claimsByDocument) as DocumentType[]).map((type) => ({
          type,
          claims: (claimsByDocument[type] as readonly Claim[]).filter(
            (claim) => !(derivedClaims as readonly string[]).includes(claim),
          ),
        }));
        const documents = await register.readDocuments(person.pesel, asks);
        const values = [
          person.givenNames,
          person.familyName,
          ...documents.flatMap((doc) => Object.values(doc.claims)),
        ].filter((value): value is string => typeof value === 'string' && value.length >= 4);
        expect(values.length).toBeGreaterThan(5);

        const v = verifier();
        const key = apiKey(v.id);
        const d = device(citizenRef, { name: 'Telefon służbowy' });
        await store.verifiers.insert(v);
        await store.apiKeys.insert(key);
        await store.apiKeys.revoke(v.id, key.keyId, '2025-01-02T00:00:00.000Z');
        await store.citizens.upsertEnrollment({
          citizenRef,
          phoneHash,
          activatedAt: '2025-01-01T10:00:00.000Z',
        });
        await store.citizens.insertDevice(d);
        await store.citizens.deactivateDevice(d.id, '2025-01-03T00:00:00.000Z');
        const claims = [...allClaims].map((claim) => `id_card.${claim}`);
        await store.audit.append(auditInput({ citizenRef, claims }));
        await store.audit.append(
          auditInput({
            citizenRef,
            flow: 'privileged',
            verifierKind: 'police',
            legalBasis: 'art. 15 ust. 1 pkt 1 ustawy o Policji, RSD-123/25',
          }),
        );

        const text = fixture.storedText
          ? await fixture.storedText()
          : JSON.stringify([
              await store.verifiers.list(),
              await store.apiKeys.listFor(v.id),
              await store.citizens.getEnrollment(citizenRef),
              await store.citizens.listDevices(citizenRef),
              await store.audit.range(),
            ]);
        // The scan sees the stored data: the keyed references are there…
        expect(text).toContain(citizenRef);
        expect(text).toContain(phoneHash);
        // …and nothing they stand for.
        expect(text).not.toContain(person.pesel);
        expect(text).not.toContain(person.phone.replace('+', ''));
        for (const value of values) expect(text).not.toContain(value);
      });
    });
  });
}
