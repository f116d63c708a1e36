/**
 * The operator's verification report (`GET /v1/admin/reports/verifications?from&to`): how many
 * verifications each verifier ran per day and how each flow ended, counted from the audit log.
 * It carries counts only: no citizen reference, no claim, no session id, and citizens who
 * verified someone (F4) are counted together, without their ids or names.
 */
import { z } from 'zod';
import { FlowSchema } from './sessions.js';
import { RequesterKindSchema } from './verifiers.js';

/** The longest period one report may cover, in days. */
export const MAX_REPORT_DAYS = 366;

/** `GET /v1/admin/reports/verifications` query: `[from, to)`, ISO date-times with an offset. */
export const VerificationReportQuery = z
  .strictObject({
    from: z.iso.datetime({ offset: true }),
    to: z.iso.datetime({ offset: true }),
  })
  .superRefine((query, ctx) => {
    const span = Date.parse(query.to) - Date.parse(query.from);
    if (!(span > 0)) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be later than from' });
    } else if (span > MAX_REPORT_DAYS * 86_400_000) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `a report covers at most ${MAX_REPORT_DAYS} days`,
      });
    }
  });
/** `GET /v1/admin/reports/verifications` query. */
export type VerificationReportQuery = z.infer<typeof VerificationReportQuery>;

/** Sessions per outcome (`delivered`, `rejected`, `cancelled`, `timed_out`, `failed`). */
export const OutcomeCounts = z.record(z.string(), z.number().int().min(0));
/** Sessions per outcome. */
export type OutcomeCounts = z.infer<typeof OutcomeCounts>;

/** One verifier on one day. */
export const VerifierDayRow = z.strictObject({
  /** Calendar day `YYYY-MM-DD` in the report's time zone. */
  day: z.iso.date(),
  /** The verifier institution; null for citizens verifying citizens (F4), counted together. */
  verifierId: z.string().nullable(),
  /** Its name on its newest event of the day; null for citizens. */
  verifierName: z.string().nullable(),
  verifierKind: RequesterKindSchema,
  total: z.number().int().min(0),
  outcomes: OutcomeCounts,
});
/** One verifier on one day. */
export type VerifierDayRow = z.infer<typeof VerifierDayRow>;

/** One flow over the whole period. */
export const FlowRow = z.strictObject({
  flow: FlowSchema,
  total: z.number().int().min(0),
  outcomes: OutcomeCounts,
});
/** One flow over the whole period. */
export type FlowRow = z.infer<typeof FlowRow>;

/** `GET /v1/admin/reports/verifications` answer. */
export const VerificationReport = z.strictObject({
  /** Start of the period (inclusive), ISO UTC. */
  from: z.string(),
  /** End of the period (exclusive), ISO UTC. */
  to: z.string(),
  /** IANA time zone that days are counted in. */
  timeZone: z.string(),
  /** Sessions that ended in the period. */
  total: z.number().int().min(0),
  /** By day, then verifier id (citizens last). */
  byVerifierDay: z.array(VerifierDayRow),
  /** In the order of `flows`; flows without sessions are left out. */
  byFlow: z.array(FlowRow),
});
/** `GET /v1/admin/reports/verifications` answer. */
export type VerificationReport = z.infer<typeof VerificationReport>;
