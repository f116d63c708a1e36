/**
 * Verifier institutions as the administrator registers them (PRODUCT §2, §8 admin API).
 */
import { z } from 'zod';
import { displayText } from './text.js';
import { ClaimSchema, DocumentTypeSchema, isClaimOf } from './documents.js';
import { FlowSchema } from './sessions.js';

/** Kinds of verifier institution. */
export const verifierKinds = [
  'public_office',
  'police',
  'bank',
  'post',
  'telecom',
  'library',
  'business',
] as const;
/** A kind of verifier institution. */
export type VerifierKind = (typeof verifierKinds)[number];
/** Verifier kind schema. */
export const VerifierKindSchema = z.enum(verifierKinds);

/** Who asks, as the citizen sees it: an institution's kind, or `citizen` in F4. */
export const RequesterKindSchema = z.enum([...verifierKinds, 'citizen']);
/** Who asks: an institution's kind, or `citizen`. */
export type RequesterKind = z.infer<typeof RequesterKindSchema>;

/** Lifecycle of a verifier registration. */
export const VerifierStatusSchema = z.enum(['pending', 'active', 'suspended']);
/** Lifecycle of a verifier registration. */
export type VerifierStatus = z.infer<typeof VerifierStatusSchema>;

/** A web origin (`scheme://host[:port]`, nothing after). */
export const OriginSchema = z
  .string()
  .max(256)
  .regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i, 'origin is scheme://host[:port]');

/** Which claims of which documents a verifier may ask for. */
export const ClaimPolicySchema = z
  .partialRecord(DocumentTypeSchema, z.array(ClaimSchema).min(1).max(32))
  .superRefine((policy, ctx) => {
    for (const [type, claims] of Object.entries(policy)) {
      for (const claim of claims ?? []) {
        if (!isClaimOf(type as never, claim)) {
          ctx.addIssue({
            code: 'custom',
            path: [type],
            message: `${type} has no claim ${claim}`,
          });
        }
      }
    }
  });
/** Which claims of which documents a verifier may ask for. */
export type ClaimPolicy = z.infer<typeof ClaimPolicySchema>;

/** `POST /v1/admin/verifiers` body. */
export const CreateVerifierBody = z.strictObject({
  name: displayText(1, 120),
  kind: VerifierKindSchema,
  branch: displayText(1, 120).optional(),
  claims: ClaimPolicySchema,
  flows: z.array(FlowSchema.exclude(['peer'])).min(1),
  origins: z.array(OriginSchema).max(32).default([]),
  retain: z.boolean().default(false),
  displaySeconds: z.number().int().min(1).max(600).default(120),
});
/** `POST /v1/admin/verifiers` body. */
export type CreateVerifierBody = z.infer<typeof CreateVerifierBody>;

/**
 * A webhook endpoint (§6 webhooks): `https://` only; the hub also takes `http://127.0.0.1` /
 * `http://localhost` in dev mode (and tests), a check the hub makes, not this schema.
 */
export const WebhookUrlSchema = z
  .url({ protocol: /^https?$/, hostname: /^[^\s]+$/ })
  .max(2048)
  .refine((url) => !/[#]/.test(url), 'a webhook URL has no fragment');

/** `PATCH /v1/admin/verifiers/:id` body: what may change after registration. */
export const PatchVerifierBody = z
  .strictObject({
    claims: ClaimPolicySchema.optional(),
    flows: z
      .array(FlowSchema.exclude(['peer']))
      .min(1)
      .optional(),
    origins: z.array(OriginSchema).max(32).optional(),
    retain: z.boolean().optional(),
    displaySeconds: z.number().int().min(1).max(600).optional(),
    /**
     * The webhook: a URL (a secret is made the first time and shown once in the answer),
     * `rotateSecret` for a new secret (the old one still signs for `webhookSecretOverlapMs`), or
     * null to remove it.
     */
    webhook: z
      .strictObject({ url: WebhookUrlSchema, rotateSecret: z.boolean().default(false) })
      .nullable()
      .optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'nothing to change');
/** `PATCH /v1/admin/verifiers/:id` body. */
export type PatchVerifierBody = z.infer<typeof PatchVerifierBody>;

/** `POST /v1/admin/verifiers/:id/keys/:keyId/rotate` body. */
export const RotateKeyBody = z.strictObject({
  /** How long the old key keeps working, in seconds (0–30 days). Default 24 h. */
  overlapSeconds: z
    .number()
    .int()
    .min(0)
    .max(30 * 86_400)
    .default(86_400),
});
/** `POST /v1/admin/verifiers/:id/keys/:keyId/rotate` body. */
export type RotateKeyBody = z.infer<typeof RotateKeyBody>;

/** `POST /v1/admin/verifiers/:id/keys/:keyId/rotate` answer (201): the new key, shown once. */
export const RotateKeyResponse = z.strictObject({
  keyId: z.string(),
  apiKey: z.string(),
  /** The key that was rotated and until when it still works. */
  previous: z.strictObject({ keyId: z.string(), validUntil: z.string() }),
});
/** `POST /v1/admin/verifiers/:id/keys/:keyId/rotate` answer. */
export type RotateKeyResponse = z.infer<typeof RotateKeyResponse>;

/** A verifier's webhook as the admin API shows it (never the secret). */
export const WebhookView = z.strictObject({
  url: z.string(),
  /** When the current secret was made. */
  secretCreatedAt: z.string(),
  /** Until when the previous secret still signs too (after a rotation). */
  previousSecretUntil: z.string().optional(),
});
/** A verifier's webhook as the admin API shows it. */
export type WebhookView = z.infer<typeof WebhookView>;

/** One API key as the admin API shows it (never the hash). */
export const ApiKeyView = z.strictObject({
  keyId: z.string(),
  createdAt: z.string(),
  revoked: z.boolean(),
  /** After a rotation: the key works until then. */
  validUntil: z.string().optional(),
});
/** One API key as the admin API shows it. */
export type ApiKeyView = z.infer<typeof ApiKeyView>;

/** A verifier registration as the admin API shows it. */
export const VerifierView = z.strictObject({
  verifierId: z.string(),
  name: z.string(),
  kind: VerifierKindSchema,
  branch: z.string().optional(),
  claims: ClaimPolicySchema,
  flows: z.array(FlowSchema),
  origins: z.array(z.string()),
  retain: z.boolean(),
  displaySeconds: z.number(),
  status: VerifierStatusSchema,
  createdAt: z.string(),
  keys: z.array(ApiKeyView),
  webhook: WebhookView.optional(),
});
/** A verifier registration as the admin API shows it. */
export type VerifierView = z.infer<typeof VerifierView>;

/**
 * `PATCH /v1/admin/verifiers/:id` answer: the registration after the change, and the webhook
 * secret when one was made (first URL, or `rotateSecret`) — shown this once, kept sealed.
 */
export const PatchVerifierResponse = VerifierView.extend({ webhookSecret: z.string().optional() });
/** `PATCH /v1/admin/verifiers/:id` answer. */
export type PatchVerifierResponse = z.infer<typeof PatchVerifierResponse>;
