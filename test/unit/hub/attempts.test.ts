/**
 * Wrong-code limits (P3) against a real in-memory session store: at most 5 wrong codes per
 * session and per citizen in 10 minutes, counted in the store (so across nodes), then
 * `too_many_attempts`; the window is fixed and starts again after it ends.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemorySessionStore, type SessionStore } from '../../../adapters/sessions/index.js';
import { createConfig } from '../../../hub/config.js';
import type { HubContext } from '../../../hub/context.js';
import { HubError } from '../../../hub/errors.js';
import {
  codeInvalid,
  ensureAttemptsLeft,
  recordWrongCode,
} from '../../../hub/sessions/attempts.js';
import { createTestClock, type TestClock } from '../../helpers/test-clock.js';

const WINDOW = 600_000;

let clock: TestClock;
let sessions: SessionStore;
let ctx: HubContext;

beforeEach(() => {
  clock = createTestClock();
  sessions = createMemorySessionStore({ now: () => clock.now(), sweepIntervalMs: 0 });
  // Only what attempts.ts reads: the store and the P3 numbers.
  ctx = {
    sessions,
    config: createConfig({ maxAttempts: 5, attemptWindowMs: WINDOW }),
  } as unknown as HubContext;
});
afterEach(async () => {
  await sessions.close();
});

/** Expects a HubError with `code`. */
async function expectHubError(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HubError);
  expect((error as HubError).code).toBe(code);
}

describe('[P3] wrong-code limits', () => {
  it('[P3] the defaults are 5 wrong codes in 10 minutes', () => {
    const config = createConfig();
    expect(config.maxAttempts).toBe(5);
    expect(config.attemptWindowMs).toBe(600_000);
  });

  it('[P3] counts each wrong code; the fifth is the last one allowed', async () => {
    const counter = ['attempts:session:s1'];
    for (let i = 1; i <= 5; i++) {
      await ensureAttemptsLeft(ctx, counter);
      expect(await recordWrongCode(ctx, counter)).toBe(i);
    }
    await expectHubError(ensureAttemptsLeft(ctx, counter), 'too_many_attempts');
    // Still refused on every later try, without counting further.
    await expectHubError(ensureAttemptsLeft(ctx, counter), 'too_many_attempts');
    expect(await sessions.count('attempts:session:s1')).toBe(5);
  });

  it('[P3] codeInvalid tells how many tries are left, never below zero', () => {
    const four = codeInvalid(ctx, 1);
    expect(four).toBeInstanceOf(HubError);
    expect(four.code).toBe('code_invalid');
    expect(four.message).toMatch(/4 attempt/);
    expect(codeInvalid(ctx, 4).message).toMatch(/1 attempt/);
    expect(codeInvalid(ctx, 5).message).toMatch(/0 attempt/);
    expect(codeInvalid(ctx, 9).message).toMatch(/0 attempt/);
  });

  it('[P3] counts against the session and the citizen at once and returns the higher count', async () => {
    const citizen = 'attempts:citizen:c1';
    for (let i = 0; i < 3; i++) await recordWrongCode(ctx, ['attempts:session:a', citizen]);
    // A new session, the same citizen: the citizen's count carries over.
    expect(await recordWrongCode(ctx, ['attempts:session:b', citizen])).toBe(4);
    expect(await sessions.count('attempts:session:a')).toBe(3);
    expect(await sessions.count('attempts:session:b')).toBe(1);
    expect(await recordWrongCode(ctx, ['attempts:session:c', citizen])).toBe(5);
    await expectHubError(
      ensureAttemptsLeft(ctx, ['attempts:session:d', citizen]),
      'too_many_attempts',
    );
    // Another citizen on a fresh session is not affected.
    await ensureAttemptsLeft(ctx, ['attempts:session:d', 'attempts:citizen:c2']);
  });

  it('[P3] one exhausted session blocks every citizen trying it', async () => {
    const session = 'attempts:session:s1';
    for (let i = 0; i < 5; i++) await recordWrongCode(ctx, [session, `attempts:citizen:c${i}`]);
    await expectHubError(
      ensureAttemptsLeft(ctx, [session, 'attempts:citizen:c9']),
      'too_many_attempts',
    );
  });

  it('[P3] the window is fixed: later wrong codes do not extend it, and it then starts over', async () => {
    const counter = ['attempts:citizen:c1'];
    for (let i = 0; i < 4; i++) await recordWrongCode(ctx, counter);
    clock.advance(WINDOW - 1_000);
    expect(await recordWrongCode(ctx, counter)).toBe(5);
    await expectHubError(ensureAttemptsLeft(ctx, counter), 'too_many_attempts');
    clock.advance(1_001);
    await ensureAttemptsLeft(ctx, counter);
    expect(await sessions.count('attempts:citizen:c1')).toBe(0);
    expect(await recordWrongCode(ctx, counter)).toBe(1);
  });

  it('[P3] the limit follows the configuration', async () => {
    const strict = {
      sessions,
      config: createConfig({ maxAttempts: 2, attemptWindowMs: WINDOW }),
    } as unknown as HubContext;
    await recordWrongCode(strict, ['k']);
    await ensureAttemptsLeft(strict, ['k']);
    await recordWrongCode(strict, ['k']);
    await expectHubError(ensureAttemptsLeft(strict, ['k']), 'too_many_attempts');
    expect(codeInvalid(strict, 1).message).toMatch(/1 attempt/);
  });

  it('[P3] no counters means nothing to check', async () => {
    await ensureAttemptsLeft(ctx, []);
    expect(await recordWrongCode(ctx, [])).toBe(0);
  });
});
