/**
 * Zod schemas of the HTTP answers that `contracts/` does not (yet) name: small wrappers
 * (`{ devices: [...] }`), admin answers, the audit event, the probes and the JWKS. They describe
 * exactly what the route handlers return, so the OpenAPI document (openapi.ts) is generated from
 * zod for every answer; a schema that proves useful to clients can move to `contracts/` as is.
 */
import { z } from 'zod';
import {
  DevCitizen,
  DeviceView,
  FlowSchema,
  RequesterKindSchema,
  SmsMessage,
  VerifierStatusSchema,
  VerifierView,
} from '../../contracts/index.js';

/** `POST /v1/admin/verifiers` answer (201). */
export const VerifierCreatedResponse = z.strictObject({
  verifierId: z.string(),
  status: VerifierStatusSchema,
});

/** `POST /v1/admin/verifiers/:id/approve` and `/suspend` answer. */
export const VerifierStatusResponse = z.strictObject({ status: VerifierStatusSchema });

/** `GET /v1/admin/verifiers` answer. */
export const VerifierListResponse = z.strictObject({ verifiers: z.array(VerifierView) });

/** `POST /v1/admin/verifiers/:id/keys` answer (201): the API key, shown once (A1). */
export const ApiKeyIssuedResponse = z.strictObject({
  keyId: z.string(),
  apiKey: z.string().meta({ description: 'The API key; the hub keeps only its hash (A1).' }),
});

/** `DELETE /v1/admin/verifiers/:id/keys/:keyId` answer. */
export const ApiKeyRevokedResponse = z.strictObject({
  keyId: z.string(),
  revoked: z.literal(true),
});

/** One audit event as stored (H1, H2): names and hashes, never claim values or a PESEL. */
export const AuditEventView = z.strictObject({
  seq: z.number().int().positive(),
  at: z.string(),
  sessionId: z.string(),
  verifierId: z.string(),
  verifierName: z.string(),
  verifierKind: RequesterKindSchema,
  verifierBranch: z.string().optional(),
  flow: FlowSchema,
  citizenRef: z
    .string()
    .optional()
    .meta({ description: 'Keyed hash of the PESEL, never the PESEL.' }),
  claims: z.array(z.string()),
  outcome: z.string(),
  node: z.string(),
  legalBasis: z.string().optional(),
  prevHash: z.string(),
  hash: z.string(),
});

/** `GET /v1/admin/audit` answer. */
export const AuditListResponse = z.strictObject({ events: z.array(AuditEventView) });

/** `GET /v1/admin/audit/verify` answer (H2). */
export const AuditVerifyResponse = z.strictObject({
  ok: z.boolean(),
  count: z.number().int().nonnegative(),
  brokenAt: z.number().int().positive().optional(),
});

/** `DELETE /v1/citizen/activation` answer. */
export const DeactivationResponse = z.strictObject({ deactivated: z.number().int().nonnegative() });

/** `GET /v1/citizen/devices` answer. */
export const DeviceListResponse = z.strictObject({ devices: z.array(DeviceView) });

/** `GET /v1/dev/citizens` answer. */
export const DevCitizensResponse = z.strictObject({ citizens: z.array(DevCitizen) });

/** `GET /v1/dev/sms` answer. */
export const DevSmsResponse = z.strictObject({ messages: z.array(SmsMessage) });

/** `GET /.well-known/jwks.json` answer (D4): the ES256 public key(s). */
export const JwksResponse = z.strictObject({
  keys: z.array(
    z.looseObject({
      kty: z.literal('EC'),
      crv: z.literal('P-256'),
      x: z.string(),
      y: z.string(),
      kid: z.string(),
      alg: z.literal('ES256'),
      use: z.literal('sig'),
    }),
  ),
});

/** `GET /healthz` answer. */
export const HealthResponse = z.strictObject({ status: z.literal('ok'), node: z.string() });

/** `GET /readyz` answer (200). */
export const ReadyResponse = z.strictObject({ status: z.literal('ready'), node: z.string() });

/** `GET /openapi.json` answer: this document. */
export const OpenApiResponse = z.looseObject({ openapi: z.string() });

/** Path parameter of a session, device or verifier id. */
export const IdParam = z.string().min(1).max(256);
