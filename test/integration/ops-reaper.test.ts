/**
 * The reaper keeps up (S3, S1, H1): a burst of sessions whose windows end together — more than
 * one batch — is drained in a single pass, on the in-memory store and on a real Redis; the
 * backlog it measured is exposed and falls to zero; two nodes draining the same backlog at once
 * end every session exactly once (one audit event each). Time is moved with the test clock; no
 * timing is asserted (lateness under load is measured by `npm run bench:reaper`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateSessionBody,
  type SessionEndedEvent,
  type SessionStatusResponse,
} from '../../contracts/index.js';
import { BATCH } from '../../hub/sessions/reaper.js';
import { createSession } from '../../hub/sessions/verifier-service.js';
import { capturingLogger } from '../helpers/log-capture.js';
import {
  startFreezableRedis,
  startRedisWiredHub,
  type FreezableRedis,
} from '../helpers/ops-redis.js';
import { startTestHub, type TestHub } from '../helpers/test-hub.js';
import { waitFor } from '../helpers/wait.js';
import { createTestClock } from '../helpers/test-clock.js';

const request = {
  documents: [{ type: 'id_card', claims: ['age_over_18'] }],
  purpose: 'Reaper burst',
};
const BURST = Math.floor(BATCH * 2.5);
/** Timers out of reach: only the test's own sweeps run. */
// Bursts of hundreds of sessions from one verifier: its creation limit (limits.test.ts) is raised.
const manual = {
  reaperIntervalMs: 3_600_000,
  watchdogIntervalMs: 3_600_000,
  limits: {
    session_create: { points: 100_000, seconds: 1 },
    api_key: { points: 100_000, seconds: 1 },
  },
};

let redis: FreezableRedis;
beforeAll(async () => {
  redis = await startFreezableRedis();
});
afterAll(async () => {
  await redis.stop();
});

/**
 * Creates `count` F1 sessions, a few at a time, and answers their ids. Through the service the
 * HTTP route calls (the route itself is covered elsewhere): the test is about the reaper.
 */
async function burst(t: TestHub, count: number): Promise<string[]> {
  const ids: string[] = [];
  const body = CreateSessionBody.parse({ flow: 'code', request });
  for (let i = 0; i < count; i += 25) {
    const created = await Promise.all(
      Array.from({ length: Math.min(25, count - i) }, () =>
        createSession(t.hub.ctx, t.verifiers.bank.verifier, body),
      ),
    );
    ids.push(...created.map((c) => c.sessionId));
  }
  return ids;
}

async function drainedInOnePass(t: TestHub): Promise<void> {
  const ids = await burst(t, BURST);
  const widget = await t.verifierSocket(
    (await t.createSession('bank', { flow: 'code', request })).widgetToken,
  );
  const ended = waitFor<SessionEndedEvent>(widget, 'session:ended');
  t.clock.advance(t.hub.ctx.config.pairingWindowMs + 1);
  const due = await t.hub.ctx.sessions.countDue(t.clock.now());
  expect(due).toBe(BURST + 1);

  await t.hub.reaper.sweep();

  expect(await t.hub.ctx.sessions.countDue(t.clock.now())).toBe(0);
  const stats = t.hub.reaper.stats();
  expect(stats).toMatchObject({ passes: 1, moved: BURST + 1, backlog: 0 });
  expect(t.hub.reaper.backlog()).toBe(0);
  expect(await ended).toMatchObject({ reason: 'timed_out' });
  for (const id of [ids[0]!, ids[BATCH]!, ids.at(-1)!]) {
    const status = await t.api<SessionStatusResponse>('GET', `/v1/sessions/${id}`, {
      auth: t.verifiers.bank.apiKey,
    });
    expect(status.body.state).toBe('timed_out');
  }
}

describe('[S3] the reaper drains a burst', () => {
  it(`moves ${BURST} sessions due at once (> one batch of ${BATCH}) in one pass: memory store`, async () => {
    const t = await startTestHub({ config: manual });
    try {
      await drainedInOnePass(t);
    } finally {
      await t.close();
    }
  });

  it(`moves ${BURST} sessions due at once in one pass: Redis store`, async () => {
    const { hub: t } = await startRedisWiredHub(redis.url, {
      logger: capturingLogger().logger,
      config: manual,
    });
    try {
      await drainedInOnePass(t);
    } finally {
      await t.close();
    }
  });

  it('[S1][H1] two nodes draining the same backlog end each session exactly once', async () => {
    const prefix = 'reaper-race:';
    const clock = createTestClock();
    const logA = capturingLogger();
    const logB = capturingLogger();
    const a = await startRedisWiredHub(redis.url, {
      logger: logA.logger,
      prefix,
      config: manual,
      clock,
    });
    const b = await startRedisWiredHub(redis.url, {
      logger: logB.logger,
      prefix,
      config: manual,
      clock,
      keys: a.hub.hub.ctx.keys,
      seeded: a.hub.seeded,
    });
    try {
      const ids = await burst(a.hub, BURST);
      clock.advance(a.hub.hub.ctx.config.pairingWindowMs + 1);
      await Promise.all([a.hub.hub.reaper.sweep(), b.hub.hub.reaper.sweep()]);
      expect(await a.hub.hub.ctx.sessions.countDue(clock.now())).toBe(0);
      const moved = a.hub.hub.reaper.stats().moved + b.hub.hub.reaper.stats().moved;
      expect(moved).toBe(BURST);
      const events = await a.hub.hub.ctx.records.audit.list({ limit: 10 * BURST });
      const timedOut = events.filter((e) => e.outcome === 'timed_out').map((e) => e.sessionId);
      expect(timedOut.sort()).toEqual([...ids].sort());
      expect(await a.hub.hub.ctx.records.audit.verify()).toMatchObject({ ok: true });
      // No audit append gave up (H1: every ended session writes its event).
      expect([...logA.lines, ...logB.lines].filter((l) => l.level >= 50)).toEqual([]);
    } finally {
      await b.hub.close();
      await a.hub.close();
    }
  });
});
