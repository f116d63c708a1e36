/**
 * The hub's one error type and its mapping to the wire (PRODUCT V2, V3). Everything thrown inside
 * the hub that is not a `HubError` becomes `internal` at the boundary and is logged there.
 */
import type { ErrorCode, ErrorDetails, ErrorObject, Issue } from '../contracts/index.js';

/** A limit as the IETF `RateLimit-Policy` header names it: `points` per `seconds`. */
export interface RateLimitPolicy {
  name: string;
  points: number;
  seconds: number;
}

/** An error the hub means to tell the client about. */
export class HubError extends Error {
  override readonly name = 'HubError';
  /** The V3 code sent to the client. */
  readonly code: ErrorCode;
  /** Validation issues, when the error is about input. */
  readonly issues: Issue[] | undefined;
  /** Structured facts for the client (attempts left, when to retry). */
  readonly details: ErrorDetails | undefined;
  /** The limit that refused, for the HTTP `RateLimit-Policy` header (not sent in the body). */
  readonly policy: RateLimitPolicy | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options?: {
      cause?: unknown;
      issues?: Issue[];
      details?: ErrorDetails;
      policy?: RateLimitPolicy;
    },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.issues = options?.issues;
    this.details = options?.details;
    this.policy = options?.policy;
  }
}

/** The V2 error object for anything thrown; unknown errors become a bare `internal`. */
export function toErrorObject(error: unknown, requestId?: string): ErrorObject {
  if (error instanceof HubError) {
    const object: ErrorObject = { code: error.code, message: error.message };
    if (error.issues && error.issues.length > 0) object.issues = error.issues;
    if (error.details) object.details = error.details;
    return object;
  }
  const suffix = requestId ? ` (request ${requestId})` : '';
  return { code: 'internal', message: `internal error${suffix}` };
}
