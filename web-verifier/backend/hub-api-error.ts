/**
 * The one error a backend gets from the hub client: the hub's V2 error (`code`, `message`,
 * `issues`, `details`) with the HTTP status, and `retryAfterSeconds` from `Retry-After` or
 * `details` — so a caller decides on the code, never on English text.
 */
import type { ErrorCode, Issue } from '../../contracts/index.js';

/** An error answer of the hub (PRODUCT V2, V3), or `network` / `invalid_response` locally. */
export class HubApiError extends Error {
  /** The V3 code, or `network` (no answer) / `invalid_response` (an answer not in the contract). */
  readonly code: ErrorCode | 'network' | 'invalid_response';
  /** The HTTP status (0 without an answer). */
  readonly status: number;
  /** Validation issues (`invalid_request`, `forbidden`). */
  readonly issues: Issue[];
  /** `attemptsLeft` (P3). */
  readonly attemptsLeft: number | undefined;
  /** Seconds to wait before trying again (`rate_limited`, `too_many_attempts`, 503). */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: HubApiError['code'],
    message: string,
    options: {
      status: number;
      issues?: Issue[];
      attemptsLeft?: number | undefined;
      retryAfterSeconds?: number | undefined;
      cause?: unknown;
    },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HubApiError';
    this.code = code;
    this.status = options.status;
    this.issues = options.issues ?? [];
    this.attemptsLeft = options.attemptsLeft;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}
