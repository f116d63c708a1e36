/**
 * Readiness and in-flight counting (operations), without a server: a check that hangs fails
 * within the bound, concurrent probes share one round, a verdict change is logged once (at
 * `error` when it cannot heal by itself), draining makes the node not ready for good; the
 * in-flight counter wakes its waiters when the last unit leaves.
 */
import { describe, expect, it } from 'vitest';
import { createInFlight } from '../../../hub/ops/in-flight.js';
import { createReadiness, NotReadyError, type ReadinessCheck } from '../../../hub/ops/readiness.js';
import { capturingLogger } from '../../helpers/log-capture.js';

function switchable(name: string): ReadinessCheck & { fail?: Error; hang: boolean; runs: number } {
  const check = {
    name,
    fail: undefined as Error | undefined,
    hang: false,
    runs: 0,
    async check() {
      check.runs++;
      if (check.hang) await new Promise(() => {});
      if (check.fail) throw check.fail;
    },
  };
  return check;
}

describe('readiness', () => {
  it('a check that hangs fails within the bound, naming the check', async () => {
    const slow = switchable('redis');
    slow.hang = true;
    const { logger } = capturingLogger();
    const readiness = createReadiness({ checks: [slow], timeoutMs: 20, intervalMs: 0, logger });
    const report = await readiness.check();
    expect(report).toEqual({
      ready: false,
      failed: { check: 'redis', reason: 'redis did not answer within 20 ms', critical: false },
    });
  });

  it('concurrent probes share one round', async () => {
    const check = switchable('stores');
    const { logger } = capturingLogger();
    const readiness = createReadiness({ checks: [check], timeoutMs: 1000, intervalMs: 0, logger });
    await Promise.all([readiness.check(), readiness.check(), readiness.check()]);
    expect(check.runs).toBe(1);
  });

  it('logs each change of verdict once; a critical one at error, recovery at info', async () => {
    const records = switchable('records');
    const { logger, lines } = capturingLogger();
    const readiness = createReadiness({
      checks: [records],
      timeoutMs: 1000,
      intervalMs: 0,
      logger,
    });
    records.fail = new NotReadyError('records lost', { critical: true });
    await readiness.check();
    await readiness.check();
    expect(readiness.last().failed?.critical).toBe(true);
    records.fail = undefined;
    await readiness.check();
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [50, 'not ready: records lost'],
      [30, 'ready again'],
    ]);
  });

  it('draining is not ready for good, without running checks', async () => {
    const check = switchable('stores');
    const { logger } = capturingLogger();
    const readiness = createReadiness({ checks: [check], timeoutMs: 1000, intervalMs: 0, logger });
    readiness.drain();
    expect(readiness.last().ready).toBe(false);
    expect((await readiness.check()).failed?.check).toBe('shutdown');
    expect(check.runs).toBe(0);
  });
});

describe('in-flight counter', () => {
  it('idle() waits for the last unit, or answers false at the bound', async () => {
    const inFlight = createInFlight();
    expect(await inFlight.idle(10)).toBe(true);
    const leaveA = inFlight.enter();
    const leaveB = inFlight.enter();
    expect(await inFlight.idle(10)).toBe(false);
    const idle = inFlight.idle(10_000);
    leaveA();
    leaveA();
    expect(inFlight.count()).toBe(1);
    leaveB();
    expect(await idle).toBe(true);
  });
});
