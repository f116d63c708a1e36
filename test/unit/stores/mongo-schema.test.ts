/**
 * The MongoDB record store's schema, proven without a server: the exact index specifications
 * (names, keys, unique, TTL), the validators' shape, the documents the mapping writes checked
 * against those validators (so a validator can never refuse the store's own writes, and does
 * refuse a PESEL, a claim value or a stray field), and the set-up calls `ensureMongoRecordSchema`
 * makes, first and later starts alike, recorded by the scripted driver double. The validator
 * check below implements only the `$jsonSchema` keywords the validators use and throws on any
 * other, so it cannot pass a keyword it does not understand; whether MongoDB reads the validators
 * the same way is checked against a real server when `MONGODB_URL` is set.
 */
import { describe, expect, it } from 'vitest';
import {
  GENESIS_HASH,
  VALIDATION,
  auditHash,
  collectionNames,
  ensureMongoRecordSchema,
  indexSpecs,
  validators,
} from '../../../adapters/records/index.js';
import type { AuditEventInput, JsonSchema } from '../../../adapters/records/index.js';
import {
  toApiKeyDocument,
  toAuditEventDocument,
  toDeviceDocument,
  toEnrollmentDocument,
  toVerifierDocument,
} from '../../../adapters/records/mongo/mongo-documents.js';
import { allClaims, documentTypes } from '../../../contracts/index.js';
import { createScriptedMongoDouble } from '../../helpers/scripted-mongo-double.js';

/** The BSON type the driver writes for a JS value (numbers: int32 when whole and in range). */
function bsonTypeOf(value: unknown): string {
  if (value instanceof Date) return 'date';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') {
    return Number.isInteger(value) && Math.abs(value) < 2 ** 31 ? 'int' : 'double';
  }
  if (value !== null && typeof value === 'object') return 'object';
  return String(value);
}

/** Problems of `value` under `schema` (empty: valid); throws on a keyword it does not know. */
function violations(schema: JsonSchema, value: unknown, path = '$'): string[] {
  const problems: string[] = [];
  for (const [keyword, arg] of Object.entries(schema)) {
    switch (keyword) {
      case 'bsonType': {
        const allowed = Array.isArray(arg) ? arg : [arg];
        if (!allowed.includes(bsonTypeOf(value))) problems.push(`${path}: not ${allowed}`);
        break;
      }
      case 'enum':
        if (!(arg as unknown[]).includes(value)) problems.push(`${path}: not in enum`);
        break;
      case 'pattern':
        if (typeof value === 'string' && !new RegExp(arg as string).test(value)) {
          problems.push(`${path}: does not match ${arg}`);
        }
        break;
      case 'not':
        if (violations(arg as JsonSchema, value, path).length === 0) {
          problems.push(`${path}: matches what is forbidden`);
        }
        break;
      case 'minLength':
        if (typeof value === 'string' && value.length < (arg as number))
          problems.push(`${path}: short`);
        break;
      case 'minItems':
        if (Array.isArray(value) && value.length < (arg as number)) problems.push(`${path}: few`);
        break;
      case 'minimum':
        if (typeof value === 'number' && value < (arg as number)) problems.push(`${path}: small`);
        break;
      case 'maximum':
        if (typeof value === 'number' && value > (arg as number)) problems.push(`${path}: large`);
        break;
      case 'multipleOf':
        if (typeof value === 'number' && value % (arg as number) !== 0) problems.push(`${path}: ×`);
        break;
      case 'items':
        if (Array.isArray(value)) {
          value.forEach((item, i) =>
            problems.push(...violations(arg as JsonSchema, item, `${path}[${i}]`)),
          );
        }
        break;
      case 'required':
        for (const field of arg as string[]) {
          if ((value as Record<string, unknown>)?.[field] === undefined)
            problems.push(`${path}.${field}: missing`);
        }
        break;
      case 'properties':
        for (const [field, sub] of Object.entries(arg as Record<string, JsonSchema>)) {
          const item = (value as Record<string, unknown>)?.[field];
          if (item !== undefined) problems.push(...violations(sub, item, `${path}.${field}`));
        }
        break;
      case 'additionalProperties': {
        const known = Object.keys((schema.properties as Record<string, unknown>) ?? {});
        for (const field of Object.keys((value as Record<string, unknown>) ?? {})) {
          if (known.includes(field)) continue;
          if (arg === false) problems.push(`${path}.${field}: not allowed`);
          else
            problems.push(
              ...violations(
                arg as JsonSchema,
                (value as Record<string, unknown>)[field],
                `${path}.${field}`,
              ),
            );
        }
        break;
      }
      default:
        throw new Error(`this check does not implement $jsonSchema keyword ${keyword}`);
    }
  }
  return problems;
}

const at = '2025-01-01T10:00:00.000Z';
const input: AuditEventInput = {
  at,
  sessionId: 's_1',
  verifierId: 'v_1',
  verifierName: 'Komenda Miejska Policji',
  verifierKind: 'police',
  verifierBranch: 'Wydział Kryminalny',
  flow: 'privileged',
  citizenRef: 'Xj3kQ9-abcdefghijklmnopqrstuvwxyz0123456789',
  claims: allClaims.map((claim) => `id_card.${claim}`),
  outcome: 'delivered',
  node: 'hub-1',
  legalBasis: 'art. 15 ust. 1 ustawy o Policji',
};
const auditDoc = toAuditEventDocument({
  ...input,
  seq: 1,
  prevHash: GENESIS_HASH,
  hash: auditHash(GENESIS_HASH, input),
});
const later = new Date('2026-01-01T10:00:00.000Z');
const valid = {
  verifiers: toVerifierDocument({
    id: 'v_1',
    name: 'Urząd',
    kind: 'public_office',
    branch: 'Filia 2',
    claims: Object.fromEntries(documentTypes.map((type) => [type, ['document_valid']])),
    flows: ['code', 'push', 'otp', 'privileged'],
    origins: ['https://urzad.example'],
    retain: true,
    displaySeconds: 600,
    status: 'active',
    createdAt: at,
  }),
  api_keys: toApiKeyDocument(
    { keyId: 'k', verifierId: 'v_1', hash: 'f'.repeat(64), createdAt: at, revokedAt: at },
    later,
  ),
  enrollments: toEnrollmentDocument({
    citizenRef: input.citizenRef!,
    phoneHash: 'pH-1',
    activatedAt: at,
  }),
  devices: toDeviceDocument(
    { id: 'd', citizenRef: input.citizenRef!, name: 'Pixel', createdAt: at, deactivatedAt: at },
    later,
  ),
  audit_events: auditDoc,
  audit_head: { _id: 'head', seq: 1, hash: auditDoc.hash },
  session_refs: {
    _id: 'sess-1',
    verifierId: 'v_1',
    referenceHash: 'c'.repeat(64),
    createdAt: new Date('2025-01-01T10:00:00.000Z'),
    expiresAt: new Date('2025-01-01T10:25:00.000Z'),
  },
};

describe('MongoDB schema', () => {
  it('[A1][A3][H1][H3] the indexes are exactly these (unique and TTL included)', () => {
    expect(indexSpecs).toEqual({
      verifiers: [{ key: { createdAt: 1, _id: 1 }, name: 'verifiers_in_order' }],
      api_keys: [
        { key: { verifierId: 1, createdAt: 1, _id: 1 }, name: 'keys_by_verifier' },
        { key: { expiresAt: 1 }, name: 'revoked_keys_expire', expireAfterSeconds: 0 },
      ],
      enrollments: [{ key: { phoneHash: 1 }, name: 'one_citizen_per_phone', unique: true }],
      devices: [
        { key: { citizenRef: 1, createdAt: 1, _id: 1 }, name: 'devices_by_citizen' },
        { key: { expiresAt: 1 }, name: 'deactivated_devices_expire', expireAfterSeconds: 0 },
      ],
      audit_events: [
        { key: { citizenRef: 1, _id: -1 }, name: 'history_by_citizen' },
        { key: { at: 1 }, name: 'events_by_time' },
        { key: { sessionId: 1 }, name: 'one_event_per_session', unique: true },
      ],
      audit_head: [],
      session_refs: [
        {
          key: { verifierId: 1, referenceHash: 1, createdAt: -1, _id: -1 },
          name: 'sessions_by_reference',
        },
        { key: { expiresAt: 1 }, name: 'session_refs_expire', expireAfterSeconds: 0 },
      ],
    });
    expect(Object.keys(indexSpecs).sort()).toEqual(Object.values(collectionNames).sort());
  });

  it('[D5] every validator is closed (no field it does not name) and requires its keys', () => {
    for (const name of Object.values(collectionNames)) {
      const schema = validators[name];
      expect(schema.bsonType).toBe('object');
      expect(schema.additionalProperties).toBe(false);
      expect(schema.required).toContain('_id');
    }
  });

  it('[D5] what the store writes passes its validator; every field is named by it', () => {
    for (const [name, doc] of Object.entries(valid)) {
      expect(violations(validators[name as keyof typeof validators], doc), name).toEqual([]);
    }
  });

  it('[D5] the validators refuse a PESEL or phone as reference, a claim value, a stray field', () => {
    const refused = (name: keyof typeof validators, doc: unknown) =>
      expect(violations(validators[name], doc).length, JSON.stringify(doc)).toBeGreaterThan(0);
    refused('enrollments', { ...valid.enrollments, _id: '44051401359' });
    refused('enrollments', { ...valid.enrollments, phoneHash: '+48600100200' });
    refused('devices', { ...valid.devices, citizenRef: '44051401359' });
    refused('devices', { ...valid.devices, pesel: '44051401359' });
    refused('audit_events', { ...valid.audit_events, citizenRef: '44051401359' });
    refused('audit_events', { ...valid.audit_events, claims: ['Jan'] });
    refused('audit_events', {
      ...valid.audit_events,
      claims: ['id_card.given_names', 'Kowalski Jan'],
    });
    refused('audit_events', { ...valid.audit_events, claimValues: { given_names: 'Jan' } });
    refused('audit_events', { ...valid.audit_events, _id: 1.5 });
    refused('audit_events', { ...valid.audit_events, at });
    refused('verifiers', { ...valid.verifiers, claims: { id_card: ['Jan Kowalski'] } });
    refused('verifiers', { ...valid.verifiers, claims: { passport: ['number'] } });
    refused('api_keys', { ...valid.api_keys, hash: 'secret-api-key' });
    refused('audit_head', { ...valid.audit_head, _id: 'other' });
  });

  it('[X1] set-up: collections with validators, then indexes; a later start updates in place', async () => {
    const double = createScriptedMongoDouble();
    await ensureMongoRecordSchema(double.db);
    const names = Object.values(collectionNames);
    const expectedIndexes = names
      .filter((name) => indexSpecs[name].length > 0)
      .map((name) => ({ collection: name, op: 'createIndexes', args: [indexSpecs[name]] }));
    expect(double.calls.filter((c) => c.op === 'createCollection')).toEqual(
      names.map((name) => ({
        collection: null,
        op: 'createCollection',
        args: [name, { validator: { $jsonSchema: validators[name] }, ...VALIDATION }],
      })),
    );
    expect(double.calls.filter((c) => c.op === 'createIndexes')).toEqual(expectedIndexes);
    expect(VALIDATION).toEqual({ validationLevel: 'strict', validationAction: 'error' });

    double.calls.length = 0;
    await ensureMongoRecordSchema(double.db);
    expect(double.calls.filter((c) => c.op === 'createCollection')).toEqual([]);
    expect(double.calls.filter((c) => c.op === 'command')).toEqual(
      names.map((name) => ({
        collection: null,
        op: 'command',
        args: [{ collMod: name, validator: { $jsonSchema: validators[name] }, ...VALIDATION }],
      })),
    );
    expect(double.calls.filter((c) => c.op === 'createIndexes')).toEqual(expectedIndexes);
  });

  it('[X1] set-up: a collection another node created meanwhile is updated, not an error', async () => {
    const double = createScriptedMongoDouble();
    let raced = false;
    double.hook = async (call) => {
      if (call.op === 'createCollection' && !raced) {
        raced = true;
        // Another node's whole set-up runs between our listing and our create.
        const hook = double.hook;
        double.hook = undefined;
        await ensureMongoRecordSchema(double.db);
        double.hook = hook;
      }
    };
    await ensureMongoRecordSchema(double.db);
    expect(raced).toBe(true);
    expect(
      double.calls.filter((c) => c.op === 'command' && c.collection === null).length,
    ).toBeGreaterThan(0);
  });
});
