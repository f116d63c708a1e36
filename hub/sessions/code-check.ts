/**
 * The one check of every secret a person types — pairing code, forged-or-not QR, SMS code
 * (F3), match number (F2) — and the P3 ladder around it: reserve one attempt on each budget the
 * attempt counts against, decide (in constant time where a secret is compared), give the
 * attempts back when it was right, and otherwise answer `code_invalid` with the attempts left or,
 * on the last one, `too_many_attempts` after running the caller's consequence (ending the
 * session). Reserving first makes parallel guesses count like sequential ones.
 */
import { HubError } from '../errors.js';
import type { HubContext } from '../context.js';
import type { LimitName } from '../limits/limit-table.js';
import { safeEqual } from '../security/crypto.js';

/** One attempt at a secret. */
export interface CodeAttempt {
  /** The budgets (limit name, key) this attempt counts against. */
  budgets: ReadonlyArray<readonly [LimitName, string]>;
  /** Whether the secret was right; called after the attempt was reserved. */
  verdict: () => boolean | Promise<boolean>;
  /** What a wrong last attempt does besides refusing (e.g. end the session). */
  onExhausted?: () => Promise<void>;
  /** What was typed, for messages: "code" or "number". Default "code". */
  noun?: string;
}

/** Checks one attempt (see the file header); resolves when the secret was right. */
export async function checkCode(ctx: HubContext, attempt: CodeAttempt): Promise<void> {
  const reservation = await ctx.limiter.reserve(attempt.budgets);
  let right = false;
  try {
    right = await attempt.verdict();
  } finally {
    if (right) await reservation.refund();
  }
  if (right) return;
  const noun = attempt.noun ?? 'code';
  if (reservation.left === 0) {
    await attempt.onExhausted?.();
    throw new HubError('too_many_attempts', `too many wrong ${noun}s; try again later`, {
      details: { attemptsLeft: 0 },
    });
  }
  throw new HubError('code_invalid', `wrong ${noun}; ${reservation.left} attempt(s) left`, {
    details: { attemptsLeft: reservation.left },
  });
}

/** Whether a typed secret equals the expected one, in constant time (absent: never). */
export function sameSecret(given: string, expected: string | undefined | null): boolean {
  return typeof expected === 'string' && safeEqual(given, expected);
}
