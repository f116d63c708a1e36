/**
 * Records ⇄ MongoDB documents, proven without a server: every record round-trips exactly, times
 * become BSON dates and must round-trip to the character, absent optionals stay absent, and — D5
 * — no field of any document (names and values, nested ones included) carries the PESEL, the
 * phone number or any register value of a synthetic citizen whose records were built the way the
 * hub builds them (keyed hashes from `HUB_SECRET`-derived keys).
 */
import { describe, expect, it } from 'vitest';
import {
  fromApiKeyDocument,
  fromAuditEventDocument,
  fromDeviceDocument,
  fromEnrollmentDocument,
  fromVerifierDocument,
  toApiKeyDocument,
  toAuditEventDocument,
  toDeviceDocument,
  toEnrollmentDocument,
  toVerifierDocument,
} from '../../../adapters/records/mongo/mongo-documents.js';
import { GENESIS_HASH, auditHash } from '../../../adapters/records/index.js';
import type {
  ApiKeyRecord,
  AuditEvent,
  AuditEventInput,
  DeviceRecord,
  VerifierRecord,
} from '../../../adapters/records/index.js';
import { createSyntheticRegister } from '../../../adapters/registers/index.js';
import { allClaims, claimsByDocument, derivedClaims } from '../../../contracts/index.js';
import type { Claim, DocumentType } from '../../../contracts/index.js';
import { keyedHash } from '../../../hub/security/crypto.js';
import { createHubKeys } from '../../../hub/security/hub-keys.js';

const verifier: VerifierRecord = {
  id: 'v_1',
  name: 'Bank Przykładowy',
  kind: 'bank',
  branch: 'Oddział Kraków 3',
  claims: { id_card: ['given_names', 'family_name'], driving_licence: ['categories'] },
  flows: ['code', 'push'],
  origins: ['https://bank.example'],
  retain: false,
  displaySeconds: 120,
  status: 'active',
  createdAt: '2025-01-01T10:00:00.000Z',
};

function event(input: AuditEventInput, seq = 1, prevHash = GENESIS_HASH): AuditEvent {
  return { ...input, seq, prevHash, hash: auditHash(prevHash, input) };
}

/** Every key and every leaf value of a document, nested ones included, as text. */
function fieldsOf(value: unknown, path = ''): Array<{ path: string; text: string }> {
  if (value instanceof Date) return [{ path, text: value.toISOString() }];
  if (Array.isArray(value)) return value.flatMap((item, i) => fieldsOf(item, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => [
      { path: `${path}.${key}`, text: key },
      ...fieldsOf(item, `${path}.${key}`),
    ]);
  }
  return [{ path, text: String(value) }];
}

describe('MongoDB documents', () => {
  it('[D3][A1][A3] every record round-trips exactly, natural keys as _id, times as dates', () => {
    const key: ApiKeyRecord = {
      keyId: 'k_1',
      verifierId: 'v_1',
      hash: 'a'.repeat(64),
      createdAt: '2025-01-01T10:00:00.000Z',
      revokedAt: '2025-02-01T10:00:00.000Z',
    };
    const device: DeviceRecord = {
      id: 'd_1',
      citizenRef: 'ref',
      name: 'Pixel',
      createdAt: '2025-01-01T10:00:00.000Z',
    };
    const enrollment = {
      citizenRef: 'ref',
      phoneHash: 'ph',
      activatedAt: '2025-01-01T10:00:00.000Z',
    };
    const audit = event({
      at: '2025-01-01T10:00:00.000Z',
      sessionId: 's',
      verifierId: 'v_1',
      verifierName: 'Komenda',
      verifierKind: 'police',
      flow: 'privileged',
      citizenRef: 'ref',
      claims: ['id_card.given_names'],
      outcome: 'delivered',
      node: 'n1',
      legalBasis: 'art. 15',
    });

    const verifierDoc = toVerifierDocument(verifier);
    expect(verifierDoc._id).toBe('v_1');
    expect(verifierDoc.createdAt).toEqual(new Date('2025-01-01T10:00:00.000Z'));
    expect(verifierDoc).not.toHaveProperty('id');
    expect(fromVerifierDocument(verifierDoc)).toEqual(verifier);
    const { branch: _branch, ...noBranch } = verifier;
    expect(toVerifierDocument(noBranch)).not.toHaveProperty('branch');
    expect(fromVerifierDocument(toVerifierDocument(noBranch))).toEqual(noBranch);

    const expiresAt = new Date('2026-02-01T10:00:00.000Z');
    const keyDoc = toApiKeyDocument(key, expiresAt);
    expect(keyDoc).toMatchObject({ _id: 'k_1', expiresAt, revokedAt: new Date(key.revokedAt!) });
    expect(fromApiKeyDocument(keyDoc)).toEqual(key);
    const { revokedAt: _r, ...liveKey } = key;
    // Only a revoked key expires.
    expect(toApiKeyDocument(liveKey, expiresAt)).not.toHaveProperty('expiresAt');
    expect(toApiKeyDocument(liveKey, expiresAt)).not.toHaveProperty('revokedAt');

    expect(toDeviceDocument(device, expiresAt)).not.toHaveProperty('expiresAt');
    const gone = { ...device, deactivatedAt: '2025-03-01T00:00:00.000Z' };
    expect(toDeviceDocument(gone, expiresAt).expiresAt).toEqual(expiresAt);
    expect(fromDeviceDocument(toDeviceDocument(gone, expiresAt))).toEqual(gone);
    expect(fromDeviceDocument(toDeviceDocument(device))).toEqual(device);

    expect(toEnrollmentDocument(enrollment)).toEqual({
      _id: 'ref',
      phoneHash: 'ph',
      activatedAt: new Date(enrollment.activatedAt),
    });
    expect(fromEnrollmentDocument(toEnrollmentDocument(enrollment))).toEqual(enrollment);

    const auditDoc = toAuditEventDocument(audit);
    expect(auditDoc._id).toBe(1);
    expect(auditDoc).not.toHaveProperty('seq');
    expect(fromAuditEventDocument(auditDoc)).toEqual(audit);
    const { citizenRef: _c, legalBasis: _l, ...anonymous } = audit;
    expect(toAuditEventDocument(anonymous)).not.toHaveProperty('citizenRef');
    expect(fromAuditEventDocument(toAuditEventDocument(anonymous))).toEqual(anonymous);
  });

  it('[H2] a time that would not come back character for character is refused', () => {
    for (const at of ['2025-01-01T10:00:00Z', '2025-01-01', '2025-01-01T11:00:00.000+01:00', 'x']) {
      expect(() => toVerifierDocument({ ...verifier, createdAt: at })).toThrow(/ISO time/);
    }
  });

  it('[D5] a PESEL or a phone number where a keyed reference belongs is refused', () => {
    const at = '2025-01-01T10:00:00.000Z';
    for (const bad of ['44051401359', '+48600100200', '600100200']) {
      expect(() =>
        toEnrollmentDocument({ citizenRef: bad, phoneHash: 'h', activatedAt: at }),
      ).toThrow(/keyed hash/);
      expect(() =>
        toEnrollmentDocument({ citizenRef: 'r', phoneHash: bad, activatedAt: at }),
      ).toThrow(/keyed hash/);
      expect(() =>
        toDeviceDocument({ id: 'd', citizenRef: bad, name: 'n', createdAt: at }),
      ).toThrow(/keyed hash/);
    }
  });

  it('[D5][H1] no field of any document holds the PESEL, the phone or a register value', async () => {
    const register = createSyntheticRegister({ seed: 'mongo-documents', size: 50 });
    const keys = await createHubKeys({ secret: 'a-hub-secret-of-at-least-32-characters!' });
    const asks = (Object.keys(claimsByDocument) as DocumentType[]).map((type) => ({
      type,
      claims: (claimsByDocument[type] as readonly Claim[]).filter(
        (claim) => !(derivedClaims as readonly string[]).includes(claim),
      ),
    }));
    for (const person of await register.sample(5)) {
      // As the hub derives them (hub/sessions/subjects.ts).
      const citizenRef = keyedHash(keys.refKey, `pesel:${person.pesel}`);
      const phoneHash = keyedHash(keys.refKey, `phone:${person.phone}`);
      const documents = await register.readDocuments(person.pesel, asks);
      const secrets = [
        person.pesel,
        person.phone,
        person.phone.replace('+', ''),
        person.phone.slice(-9),
        ...person.givenNames.split(' '),
        person.familyName,
        ...documents.flatMap((doc) =>
          Object.values(doc.claims).filter(
            (v): v is string => typeof v === 'string' && v.length >= 4,
          ),
        ),
      ];
      const input: AuditEventInput = {
        at: '2025-01-01T10:00:00.000Z',
        sessionId: 's_abc',
        verifierId: 'v_1',
        verifierName: 'Urząd Miasta',
        verifierKind: 'public_office',
        flow: 'push',
        citizenRef,
        claims: allClaims.map((claim) => `id_card.${claim}`),
        outcome: 'delivered',
        node: 'hub-1',
      };
      const docs = [
        toVerifierDocument(verifier),
        toEnrollmentDocument({ citizenRef, phoneHash, activatedAt: '2025-01-01T10:00:00.000Z' }),
        toDeviceDocument(
          {
            id: 'd_1',
            citizenRef,
            name: 'Mój telefon',
            createdAt: '2025-01-01T10:00:00.000Z',
            deactivatedAt: '2025-01-02T10:00:00.000Z',
          },
          new Date('2025-04-02T10:00:00.000Z'),
        ),
        toAuditEventDocument(event(input)),
      ];
      for (const { path, text } of docs.flatMap((doc) => fieldsOf(doc))) {
        for (const secret of secrets) {
          expect(text.includes(secret), `${path} holds "${secret}"`).toBe(false);
        }
        // Nor any 11-digit run a PESEL could hide in (chain hashes are hex: the genesis one is
        // 64 zeros).
        const isHash = /^[0-9a-f]{64}$/.test(text);
        expect(!isHash && /\d{11}/.test(text), `${path}: ${text}`).toBe(false);
      }
    }
  });
});
