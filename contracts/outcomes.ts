/**
 * What a verifier's backend receives from `GET /v1/sessions/:id/result` (E3) and how the two
 * signed tokens in it look (D4). The **outcome** is always there: a compact JWS the hub signs at
 * the fetch, with the session, the verifier, each document's status and the derived claims that
 * were asked for (`age_over_18`, `document_valid`) — no raw claim value. The **presentation**
 * (the raw claims, the same JWS the clerk's widget checked) is there only when the request had
 * `retain: true`, which the citizen saw and approved (D1) and the verifier's registration permits
 * (D3). Both are ES256, keys at `/.well-known/jwks.json`, and are told apart by `typ`.
 */
import { z } from 'zod';
import { DocumentStatusSchema, DocumentTypeSchema } from './documents.js';
import { PresentedClaims } from './requests.js';

/** JOSE `typ` of the presentation (raw claims, D4). */
export const PRESENTATION_TYP = 'mdok-presentation+jwt';
/** JOSE `typ` of the outcome (statuses and derived claims only, E3). */
export const OUTCOME_TYP = 'mdok-outcome+jwt';

/** One document in an outcome: its status and the derived claims asked of it. */
export const OutcomeDocument = z.strictObject({
  status: DocumentStatusSchema,
  age_over_18: z.boolean().optional(),
  document_valid: z.boolean().optional(),
});
/** One document in an outcome. */
export type OutcomeDocument = z.infer<typeof OutcomeDocument>;

/** The outcome's documents, by type. */
export const OutcomeDocuments = z.partialRecord(DocumentTypeSchema, OutcomeDocument);
/** The outcome's documents, by type. */
export type OutcomeDocuments = z.infer<typeof OutcomeDocuments>;

/** The outcome JWS's payload (after the signature, `iss`, `aud` and `exp` were checked). */
export const OutcomePayload = z.object({
  iss: z.string(),
  aud: z.union([z.string(), z.array(z.string())]),
  iat: z.number(),
  exp: z.number(),
  jti: z.string(),
  /** The session. */
  sid: z.string(),
  /** The verifier's nonce from `POST /v1/sessions`, when it gave one. */
  nonce: z.string().optional(),
  /** The verifier's reference, when it gave one. */
  ref: z.string().optional(),
  /** Whether raw claim values went to the backend too (`retain: true`). */
  retained: z.boolean(),
  documents: OutcomeDocuments,
});
/** The outcome JWS's payload. */
export type OutcomePayload = z.infer<typeof OutcomePayload>;

/** The presentation JWS's payload (D4). */
export const PresentationPayload = z.object({
  iss: z.string(),
  aud: z.union([z.string(), z.array(z.string())]),
  iat: z.number(),
  exp: z.number(),
  jti: z.string(),
  sid: z.string(),
  nonce: z.string().optional(),
  documents: z.array(DocumentTypeSchema),
  claims: z.partialRecord(DocumentTypeSchema, z.record(z.string(), z.unknown())),
  status: z.partialRecord(DocumentTypeSchema, DocumentStatusSchema),
});
/** The presentation JWS's payload. */
export type PresentationPayload = z.infer<typeof PresentationPayload>;

/** `GET /v1/sessions/:id/result` answer (E3). */
export const SessionResult = z.strictObject({
  sessionId: z.string(),
  /** E1: the end of the display window. */
  displayUntil: z.string(),
  /** True only when the request had `retain: true`: then `presentation` and `claims` are here. */
  retained: z.boolean(),
  /** The signed outcome (`typ` `mdok-outcome+jwt`). */
  outcome: z.string(),
  /** The outcome's documents, as signed in `outcome` (read them from the verified JWS). */
  documents: OutcomeDocuments,
  /** The signed presentation with the raw claims (`retain: true` only). */
  presentation: z.string().optional(),
  /** The raw claims, as signed in `presentation` (`retain: true` only). */
  claims: PresentedClaims.optional(),
});
/** `GET /v1/sessions/:id/result` answer. */
export type SessionResult = z.infer<typeof SessionResult>;
