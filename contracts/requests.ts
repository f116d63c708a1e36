/**
 * What a verifier asks for: documents, claims, purpose, retention intent (PRODUCT §6, D1, D3).
 */
import { z } from 'zod';
import {
  ClaimSchema,
  ClaimValueSchema,
  DocumentStatusSchema,
  DocumentTypeSchema,
  isClaimOf,
} from './documents.js';
import { displayText } from './text.js';

/** One requested document and the claims wanted from it. */
export const RequestedDocument = z
  .strictObject({
    type: DocumentTypeSchema,
    claims: z.array(ClaimSchema).min(1).max(32),
  })
  .superRefine((doc, ctx) => {
    doc.claims.forEach((claim, i) => {
      if (!isClaimOf(doc.type, claim)) {
        ctx.addIssue({
          code: 'custom',
          path: ['claims', i],
          message: `${doc.type} has no claim ${claim}`,
        });
      }
    });
    if (new Set(doc.claims).size !== doc.claims.length) {
      ctx.addIssue({ code: 'custom', path: ['claims'], message: 'claims repeat' });
    }
  });
/** One requested document and the claims wanted from it. */
export type RequestedDocument = z.infer<typeof RequestedDocument>;

/** The request a citizen is asked to approve. */
export const VerificationRequest = z
  .strictObject({
    documents: z.array(RequestedDocument).min(1).max(8),
    purpose: displayText(1, 200),
    retain: z.boolean().default(false),
  })
  .superRefine((req, ctx) => {
    const types = req.documents.map((d) => d.type);
    if (new Set(types).size !== types.length) {
      ctx.addIssue({ code: 'custom', path: ['documents'], message: 'a document type repeats' });
    }
  });
/** The request a citizen is asked to approve. */
export type VerificationRequest = z.infer<typeof VerificationRequest>;

/**
 * Claims as delivered: `{ <documentType>: { <claim>: value, status } }`. `status` is the
 * document's status at presentation time.
 */
export const PresentedClaims = z.partialRecord(
  DocumentTypeSchema,
  z.record(z.string(), z.union([ClaimValueSchema, DocumentStatusSchema])),
);
/** Claims as delivered. */
export type PresentedClaims = z.infer<typeof PresentedClaims>;
