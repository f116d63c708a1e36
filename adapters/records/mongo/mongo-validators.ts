/**
 * The `$jsonSchema` validators of the MongoDB record store: each collection admits exactly the
 * fields its documents have (`additionalProperties: false`), with their BSON types. Two rules
 * keep personal data out (D5) even if a bug tried to write it: claim names must look like
 * `document.claim` (so no claim value fits), and the citizen reference and phone hash refuse
 * anything made of digits alone (a PESEL, a phone number). Applied with `validationLevel:
 * strict` and `validationAction: error`, so an invalid write fails instead of being logged.
 */
import { documentTypes, flows, verifierKinds } from '../../../contracts/index.js';
import type { CollectionName } from './mongo-collections.js';

/** A `$jsonSchema` document (the subset of JSON Schema draft 4 that MongoDB implements). */
export type JsonSchema = Record<string, unknown>;

/** Digits alone (optionally after `+`), 9 or more: a PESEL or a phone number, never a hash. */
export const DIGITS_ONLY = '^\\+?[0-9]{9,}$';

/** A claim name: `documentType.claim`, lower case. */
export const CLAIM_NAME = '^[a-z_]+\\.[a-z0-9_]+$';

/** A SHA-256 in hex. */
export const SHA256_HEX = '^[0-9a-f]{64}$';

const string = { bsonType: 'string', minLength: 1 } as const;
const date = { bsonType: 'date' } as const;
const bool = { bsonType: 'bool' } as const;
/** A keyed hash standing for a person or a phone: never digits alone. */
const reference = { bsonType: 'string', minLength: 1, not: { pattern: DIGITS_ONLY } } as const;
/** A positive whole number, whichever numeric type the driver chose for it. */
const seq = { bsonType: ['int', 'long', 'double'], minimum: 1, multipleOf: 1 } as const;
const sha256 = { bsonType: 'string', pattern: SHA256_HEX } as const;

function object(required: string[], properties: Record<string, JsonSchema>): JsonSchema {
  return { bsonType: 'object', required, additionalProperties: false, properties };
}

const claimPolicy: JsonSchema = {
  bsonType: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(
    documentTypes.map((type) => [
      type,
      { bsonType: 'array', minItems: 1, items: { bsonType: 'string', pattern: '^[a-z0-9_]+$' } },
    ]),
  ),
};

/** The validator of each collection. */
export const validators: Record<CollectionName, JsonSchema> = {
  verifiers: object(
    [
      '_id',
      'name',
      'kind',
      'claims',
      'flows',
      'origins',
      'retain',
      'displaySeconds',
      'status',
      'createdAt',
    ],
    {
      _id: string,
      name: string,
      kind: { enum: [...verifierKinds] },
      branch: string,
      claims: claimPolicy,
      flows: { bsonType: 'array', items: { enum: [...flows] } },
      origins: { bsonType: 'array', items: { bsonType: 'string' } },
      retain: bool,
      displaySeconds: { bsonType: 'int', minimum: 1, maximum: 600 },
      status: { enum: ['pending', 'active', 'suspended'] },
      createdAt: date,
      webhook: object(['url', 'secretSealed', 'secretCreatedAt'], {
        url: string,
        secretSealed: string,
        secretCreatedAt: date,
        previousSecretSealed: string,
        previousSecretUntil: date,
      }),
    },
  ),
  api_keys: object(['_id', 'verifierId', 'hash', 'createdAt'], {
    _id: string,
    verifierId: string,
    hash: sha256,
    createdAt: date,
    revokedAt: date,
    expiresAt: date,
    validUntil: date,
  }),
  enrollments: object(['_id', 'phoneHash', 'activatedAt'], {
    _id: reference,
    phoneHash: reference,
    activatedAt: date,
  }),
  devices: object(['_id', 'citizenRef', 'name', 'createdAt'], {
    _id: string,
    citizenRef: reference,
    name: string,
    createdAt: date,
    deactivatedAt: date,
    expiresAt: date,
  }),
  audit_events: object(
    [
      '_id',
      'at',
      'sessionId',
      'verifierId',
      'verifierName',
      'verifierKind',
      'flow',
      'claims',
      'outcome',
      'node',
      'prevHash',
      'hash',
    ],
    {
      _id: seq,
      at: date,
      sessionId: string,
      verifierId: string,
      verifierName: string,
      verifierKind: { enum: [...verifierKinds, 'citizen'] },
      verifierBranch: string,
      flow: { enum: [...flows] },
      citizenRef: reference,
      claims: { bsonType: 'array', items: { bsonType: 'string', pattern: CLAIM_NAME } },
      outcome: string,
      node: string,
      legalBasis: string,
      prevHash: sha256,
      hash: sha256,
    },
  ),
  audit_head: object(['_id', 'seq', 'hash'], {
    _id: { enum: ['head'] },
    seq,
    hash: sha256,
  }),
  session_refs: object(['_id', 'verifierId', 'referenceHash', 'createdAt', 'expiresAt'], {
    _id: string,
    verifierId: string,
    referenceHash: sha256,
    createdAt: date,
    expiresAt: date,
  }),
};
