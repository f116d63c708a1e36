/**
 * The hub's one error type and its mapping to the wire (PRODUCT V2, V3). Everything thrown inside
 * the hub that is not a `HubError` becomes `internal` at the boundary and is logged there.
 */
import type { ErrorCode, ErrorDetails, ErrorObject, Issue } from '../contracts/index.js';

/** An error the hub means to tell the client about. */
export class HubError extends Error {
  override readonly name = 'HubError';
  /** The V3 code sent to the client. */
  readonly code: ErrorCode;
  /** Validation issues, when the error is about input. */
  readonly issues: Issue[] | undefined;
  /** Structured facts for the client (attempts left, when to retry). */
  readonly details: ErrorDetails | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options?: { cause?: unknown; issues?: Issue[]; details?: ErrorDetails },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.issues = options?.issues;
    this.details = options?.details;
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
