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
  keys: z.array(z.strictObject({ keyId: z.string(), createdAt: z.string(), revoked: z.boolean() })),
});
/** A verifier registration as the admin API shows it. */
export type VerifierView = z.infer<typeof VerifierView>;
