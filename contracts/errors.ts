/**
 * Error codes and the one error shape that crosses the wire (PRODUCT V2, V3).
 * HTTP answers `{ error }`; socket acks answer `{ ok: false, error }`. Nothing else is sent.
 */
import { z } from 'zod';

/** Every error code the hub may send (V3). */
export const ErrorCode = {
  invalid_request: 'invalid_request',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  not_found: 'not_found',
  conflict: 'conflict',
  gone: 'gone',
  expired: 'expired',
  rate_limited: 'rate_limited',
  code_invalid: 'code_invalid',
  too_many_attempts: 'too_many_attempts',
  subject_not_enrolled: 'subject_not_enrolled',
  subject_busy: 'subject_busy',
  register_unavailable: 'register_unavailable',
  internal: 'internal',
} as const;
/** One of the V3 codes. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** All V3 codes as a tuple, for `z.enum`. */
export const errorCodes = Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]];

/** HTTP status used for each code. */
export const httpStatusOf: Readonly<Record<ErrorCode, number>> = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  expired: 410,
  rate_limited: 429,
  code_invalid: 422,
  too_many_attempts: 429,
  subject_not_enrolled: 422,
  subject_busy: 409,
  register_unavailable: 503,
  internal: 500,
};

/** One validation problem: where (`path`, dotted) and what. */
export const Issue = z.strictObject({ path: z.string(), message: z.string() });
/** One validation problem: where (`path`, dotted) and what. */
export type Issue = z.infer<typeof Issue>;

/**
 * Structured facts a client acts on, so that no client parses English message text:
 * `attemptsLeft` with `code_invalid` (P3), `retryAfterSeconds` with `rate_limited` and
 * `too_many_attempts`.
 */
export const ErrorDetails = z.strictObject({
  attemptsLeft: z.number().int().nonnegative().optional(),
  retryAfterSeconds: z.number().int().nonnegative().optional(),
});
/** Structured facts a client acts on. */
export type ErrorDetails = z.infer<typeof ErrorDetails>;

/** The error object of V2 (`details` extends PRODUCT V2; see SPEC V2). */
export const ErrorObject = z.strictObject({
  code: z.enum(errorCodes),
  message: z.string(),
  issues: z.array(Issue).optional(),
  details: ErrorDetails.optional(),
});
/** The error object of V2. */
export type ErrorObject = z.infer<typeof ErrorObject>;

/** HTTP error body: `{ "error": { code, message, issues? } }`. */
export const ErrorBody = z.strictObject({ error: ErrorObject });
/** HTTP error body: `{ "error": { code, message, issues? } }`. */
export type ErrorBody = z.infer<typeof ErrorBody>;

/** A socket acknowledgement: success with optional data, or the V2 error. */
export type Ack<T = undefined> = { ok: true; data: T } | { ok: false; error: ErrorObject };

/** The acknowledgement callback the server calls once per acked command. */
export type AckFn<T = undefined> = (ack: Ack<T>) => void;

/** Turns zod issues into the wire's `issues` list (every issue, dotted paths). */
export function toIssues(error: z.ZodError): Issue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}
