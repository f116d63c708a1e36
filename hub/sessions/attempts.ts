/**
 * Wrong-code limits (P3): at most `maxAttempts` wrong codes — pairing code, OTP or match number —
 * per session and per citizen within the attempt window. Counters live in the session store, so
 * the limit holds across nodes.
 */
import { HubError } from '../errors.js';
import type { HubContext } from '../context.js';
import { randomId } from '../security/crypto.js';

const LOCK_MS = 5_000;

/**
 * Runs check-code-and-count under a lock on the counter, so parallel guesses cannot all read
 * the counter before any of them adds to it. A second attempt while one is being checked is
 * answered `conflict` (S1: the loser of a race): one person types one code at a time.
 */
export async function withAttemptLock<T>(
  ctx: HubContext,
  counterKey: string,
  run: () => Promise<T>,
): Promise<T> {
  const lockKey = `lock:${counterKey}`;
  const holder = randomId(8);
  if (!(await ctx.sessions.claimKey(lockKey, holder, LOCK_MS))) {
    throw new HubError('conflict', 'another attempt is being checked; try again in a moment');
  }
  try {
    return await run();
  } finally {
    await ctx.sessions.releaseKey(lockKey, holder);
  }
}

/** Throws `too_many_attempts` when any of the counters is already at the limit. */
export async function ensureAttemptsLeft(ctx: HubContext, counterKeys: string[]): Promise<void> {
  for (const key of counterKeys) {
    if ((await ctx.sessions.count(key)) >= ctx.config.maxAttempts) {
      throw new HubError('too_many_attempts', 'too many wrong codes; try again later');
    }
  }
}

/**
 * Counts one wrong code against every counter and returns the highest count, so the caller can
 * tell `code_invalid` (attempts left) from the last straw.
 */
export async function recordWrongCode(ctx: HubContext, counterKeys: string[]): Promise<number> {
  let highest = 0;
  for (const key of counterKeys) {
    highest = Math.max(highest, await ctx.sessions.increment(key, ctx.config.attemptWindowMs));
  }
  return highest;
}

/** The `code_invalid` error with how many tries are left. */
export function codeInvalid(ctx: HubContext, count: number): HubError {
  const left = Math.max(0, ctx.config.maxAttempts - count);
  return new HubError('code_invalid', `wrong code; ${left} attempt(s) left`, {
    details: { attemptsLeft: left },
  });
}
