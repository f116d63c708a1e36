/**
 * Signed webhooks (PRODUCT §6): a verifier registers an endpoint; the hub posts
 * `session.delivered` and `session.ended` — ids and states only — signed with HMAC-SHA256 over
 * `<t>.<body>` (`mdok-signature: t=…,v1=…`), with an event id to deduplicate on, retried with
 * back-off, from any node, each POST with a time limit, and never on the path from approval to
 * the clerk's screen. The receiver is a real process (test/fixtures/webhook-receiver.ts) that
 * checks every signature with the typed backend client; it is killed and started again on the
 * same port to play a bank's endpoint that is down for a while.
 */
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRedisWebhookOutbox } from '../../adapters/webhooks/index.js';
import type { PatchVerifierResponse, SessionData, WebhookEvent } from '../../contracts/index.js';
import { createHubKeys } from '../../hub/security/hub-keys.js';
import { queueWebhook } from '../../hub/webhooks/webhook-events.js';
import { admin, ask, idRequest, useHubs, type Enrolled } from '../helpers/fixtures.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { createRedisStores } from '../helpers/redis-clients.js';
import { connectRedis } from '../helpers/redis-clients.js';
import { createTestClock } from '../helpers/test-clock.js';
import { startTestHub, type TestHub, type TestHubOptions } from '../helpers/test-hub.js';
import { waitUntil } from '../helpers/wait.js';
import {
  startWebhookReceiver,
  type ReceivedWebhook,
  type WebhookReceiver,
} from '../helpers/webhook-receiver-process.js';

const hubs = useHubs();
const receivers: WebhookReceiver[] = [];
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.stop();
});

/** Fast retries, short timeouts: the schedule's shape, in milliseconds. */
const quick = {
  webhookRetryBaseMs: 100,
  webhookRetryMaxMs: 400,
  webhookPollIntervalMs: 50,
  webhookTimeoutMs: 500,
};

/** A logger whose lines the test can read (ids and states only: it is checked too). */
function capturedLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino(
    { level: 'info' },
    { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  const count = (msg: string) => lines.filter((l) => l.msg === msg).length;
  return { logger, lines, count };
}

/** Registers the receiver as the bank's webhook and gives it the secret (shown once). */
async function withWebhook(t: TestHub, receiver: WebhookReceiver): Promise<string> {
  const res = await admin<PatchVerifierResponse>(
    t,
    'PATCH',
    `/verifiers/${t.verifiers.bank.verifier.id}`,
    { webhook: { url: receiver.url } },
  );
  expect(res.status).toBe(200);
  expect(res.body.webhook).toMatchObject({ url: receiver.url });
  const secret = res.body.webhookSecret!;
  await receiver.setSecrets([secret]);
  return secret;
}

/** An F1 session of the bank, joined and approved; answers its id and the widget's data. */
async function verifyOnce(t: TestHub, citizen: Enrolled, reference?: string) {
  const created = await t.createSession('bank', {
    flow: 'code',
    request: idRequest(['given_names', 'family_name', 'age_over_18']),
    displaySeconds: 30,
    ...(reference ? { reference } : {}),
  });
  const widget = await hubs.widget(t, created.widgetToken);
  expect((await ask(citizen.device.socket, 'pairing:join', { code: created.code })).ok).toBe(true);
  const approved = await ask(citizen.device.socket, 'request:approve', {
    sessionId: created.sessionId,
  });
  expect(approved).toEqual({ ok: true });
  const data = await widget.next<SessionData>('session:data');
  return { sessionId: created.sessionId, data };
}

const ofType = (sessionId: string, type: WebhookEvent['type']) => (r: ReceivedWebhook) =>
  r.event?.data.sessionId === sessionId && r.event.type === type;

describe('signed webhooks', () => {
  it('[§6][D5] session.delivered and session.ended: signed, ids and states only, one id each', async () => {
    const t = await hubs.start({ config: quick });
    const receiver = await startWebhookReceiver({ secrets: [] });
    receivers.push(receiver);
    const secret = await withWebhook(t, receiver);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);

    const citizen = await hubs.enrol(t, { index: 1 });
    const { sessionId, data } = await verifyOnce(t, citizen, 'loan-2026-0042');
    const delivered = await receiver.next(ofType(sessionId, 'session.delivered'));
    expect(delivered.verified).toBe(true);
    expect(delivered.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(delivered.event).toEqual({
      id: delivered.eventId,
      type: 'session.delivered',
      createdAt: expect.any(String),
      data: {
        sessionId,
        verifierId: t.verifiers.bank.verifier.id,
        flow: 'code',
        state: 'delivered',
        reference: 'loan-2026-0042',
        displayUntil: data.displayUntil,
      },
    });
    await t.advance(31_000);
    const ended = await receiver.next(ofType(sessionId, 'session.ended'));
    expect(ended.verified).toBe(true);
    expect(ended.event?.data).toMatchObject({ state: 'expired', reason: 'expired' });
    expect(ended.eventId).not.toBe(delivered.eventId);
    // Never a claim value, in the events or their signatures.
    const values = Object.values(data.claims.id_card!).filter((v) => typeof v === 'string');
    for (const r of receiver.received) {
      for (const value of values) expect(r.body).not.toContain(value);
    }
    expect(receiver.received).toHaveLength(2);
  });

  it('[§6] a receiver that is down for a while gets every event once it is back, each id once', async () => {
    const log = capturedLogger();
    const t = await hubs.start({ config: quick, deps: { logger: log.logger } });
    const receiver = await startWebhookReceiver({ secrets: [] });
    receivers.push(receiver);
    const secret = await withWebhook(t, receiver);
    await receiver.kill();

    const citizen = await hubs.enrol(t, { index: 2 });
    const { sessionId } = await verifyOnce(t, citizen);
    const cancelled = await t.createSession('bank', { flow: 'code', request: idRequest() });
    await t.api('DELETE', `/v1/sessions/${cancelled.sessionId}`, {
      auth: t.verifiers.bank.apiKey,
    });
    // The hub tries, fails (connection refused) and backs off, more than once.
    await waitUntil(() => log.count('webhook failed; will retry') >= 4, 10_000, 'retries');
    expect(receiver.received).toEqual([]);

    const port = receiver.port;
    await receiver.start({ secrets: [secret] });
    expect(receiver.port).toBe(port);
    const delivered = await receiver.next(ofType(sessionId, 'session.delivered'));
    expect(delivered.verified).toBe(true);
    const ended = await receiver.next(ofType(cancelled.sessionId, 'session.ended'));
    expect(ended.event?.data).toMatchObject({ state: 'cancelled', reason: 'cancelled' });
    await waitUntil(async () => (await t.hub.ctx.webhooks.size()) === 0, 10_000, 'empty outbox');
    const ids = receiver.received.map((r) => r.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining([delivered.eventId, ended.eventId]));
    // The log names events and verifiers, never a person.
    expect(JSON.stringify(log.lines)).not.toContain(citizen.pesel);
  });

  it('[§6] an error status is retried with the same event id until it is accepted', async () => {
    const t = await hubs.start({ config: quick });
    const receiver = await startWebhookReceiver({ secrets: [], mode: 'fail' });
    receivers.push(receiver);
    const secret = await withWebhook(t, receiver);
    const citizen = await hubs.enrol(t, { index: 3 });
    const { sessionId } = await verifyOnce(t, citizen);
    await waitUntil(() => receiver.received.length >= 2, 10_000, 'two refused POSTs');
    const refusedIds = new Set(receiver.received.map((r) => r.eventId));
    expect(refusedIds.size).toBe(1);
    await receiver.kill();
    const fixed = await startWebhookReceiver({ secrets: [secret] });
    receivers.push(fixed);
    // A new URL keeps the secret.
    const moved = await admin<PatchVerifierResponse>(
      t,
      'PATCH',
      `/verifiers/${t.verifiers.bank.verifier.id}`,
      { webhook: { url: fixed.url } },
    );
    expect(moved.body).not.toHaveProperty('webhookSecret');
    const delivered = await fixed.next(ofType(sessionId, 'session.delivered'));
    expect(delivered.verified).toBe(true);
    expect(refusedIds.has(delivered.eventId)).toBe(true);
  });

  it('[§6] a POST that hangs times out and is retried; the approval and the clerk’s data never wait for it', async () => {
    const log = capturedLogger();
    const t = await hubs.start({ config: quick, deps: { logger: log.logger } });
    const receiver = await startWebhookReceiver({ secrets: [], mode: 'hang' });
    receivers.push(receiver);
    await withWebhook(t, receiver);
    const citizen = await hubs.enrol(t, { index: 4 });
    // The whole approve → data path completes while the receiver holds the POST open.
    const { sessionId } = await verifyOnce(t, citizen);
    const first = await receiver.next(ofType(sessionId, 'session.delivered'));
    await waitUntil(
      () => receiver.received.filter((r) => r.eventId === first.eventId).length >= 2,
      10_000,
      'a second attempt after the timeout',
    );
    expect(
      log.lines.some((l) => l.msg === 'webhook failed; will retry' && l.failure === 'timeout'),
    ).toBe(true);
  });

  it('[§6][X3] a shutdown lets a POST in flight finish, then sends no more', async () => {
    const t = await hubs.start({ config: { ...quick, webhookTimeoutMs: 5_000 } });
    const receiver = await startWebhookReceiver({ secrets: [], mode: 'slow' });
    receivers.push(receiver);
    await withWebhook(t, receiver);
    const { sessionId: sessionIdLater } = await t.createSession('bank', {
      flow: 'code',
      request: idRequest(),
    });
    const created = await t.createSession('bank', { flow: 'code', request: idRequest() });
    await t.api('DELETE', `/v1/sessions/${created.sessionId}`, { auth: t.verifiers.bank.apiKey });
    // The receiver holds its answer for 200 ms: the shutdown starts with the POST open.
    await receiver.next(ofType(created.sessionId, 'session.ended'));
    expect(await t.hub.shutdown()).toEqual({ drained: true });
    // Answered and taken out of the outbox before the shutdown ended: nobody sends it again.
    expect(await t.hub.ctx.webhooks.size()).toBe(0);

    // An event queued after the shutdown stays in the outbox (another node, or the next start,
    // sends it): this node polls no more.
    const later = (await t.hub.ctx.sessions.get(sessionIdLater))!;
    await queueWebhook(t.hub.ctx, later, 'session.delivered');
    expect(await t.hub.ctx.webhooks.size()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 10 * quick.webhookPollIntervalMs));
    expect(await t.hub.ctx.webhooks.size()).toBe(1);
    expect(receiver.received.filter((r) => r.event?.data.sessionId === sessionIdLater)).toEqual([]);
  });

  it.each([1, 3])(
    '[§6] one node keeps at most %i POSTs in flight to one verifier',
    async (bound) => {
      const t = await hubs.start({
        // No polling of its own: the test runs the sender's passes, so all three are due at once.
        config: {
          ...quick,
          webhookPollIntervalMs: 60_000,
          webhookTimeoutMs: 2000,
          webhookConcurrencyPerVerifier: bound,
        },
      });
      const receiver = await startWebhookReceiver({ secrets: [], mode: 'slow' });
      receivers.push(receiver);
      await withWebhook(t, receiver);
      for (let i = 0; i < 3; i++) {
        const created = await t.createSession('bank', { flow: 'code', request: idRequest() });
        await t.api('DELETE', `/v1/sessions/${created.sessionId}`, {
          auth: t.verifiers.bank.apiKey,
        });
      }
      // Three events, each answered after a while: the receiver counts the POSTs open at once.
      // Events over the bound wait for the next pass (a poll interval later).
      for (let pass = 0; pass < 5 && (await t.hub.ctx.webhooks.size()) > 0; pass++) {
        await t.hub.webhookSender.flush();
        t.clock.advance(60_000);
      }
      expect(await t.hub.ctx.webhooks.size()).toBe(0);
      expect(new Set(receiver.received.map((r) => r.eventId)).size).toBe(3);
      expect(Math.max(...receiver.received.map((r) => r.open))).toBe(bound);
    },
  );

  it('[§6] a rotated secret: both sign during the overlap, only the new one after it', async () => {
    const t = await hubs.start({ config: { ...quick, webhookSecretOverlapMs: 60_000 } });
    const oldOnly = await startWebhookReceiver({ secrets: [] });
    receivers.push(oldOnly);
    const oldSecret = await withWebhook(t, oldOnly);
    const rotated = await admin<PatchVerifierResponse>(
      t,
      'PATCH',
      `/verifiers/${t.verifiers.bank.verifier.id}`,
      { webhook: { url: oldOnly.url, rotateSecret: true } },
    );
    expect(rotated.status).toBe(200);
    const newSecret = rotated.body.webhookSecret!;
    expect(newSecret).not.toBe(oldSecret);
    expect(rotated.body.webhook?.previousSecretUntil).toEqual(expect.any(String));
    // The receiver still knows only the old secret.

    const citizen = await hubs.enrol(t, { index: 5 });
    const during = await verifyOnce(t, citizen);
    const signedTwice = await oldOnly.next(ofType(during.sessionId, 'session.delivered'));
    expect(signedTwice.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    expect(signedTwice.verified).toBe(true);

    await t.advance(61_000);
    const after = await verifyOnce(t, citizen);
    // The old secret no longer verifies: the receiver refuses the POST (and never parses it).
    const refused = await oldOnly.next((r) => !r.verified && r.body.includes(after.sessionId));
    expect(refused.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(refused.error).toBe('no signature matches the secret');
  }, 30_000);

  it('[§6] only https, except the loopback interface in dev mode', async () => {
    const t = await hubs.start({ config: { devMode: false } });
    const path = `/verifiers/${t.verifiers.bank.verifier.id}`;
    const local = await admin(t, 'PATCH', path, { webhook: { url: 'http://127.0.0.1:9/x' } });
    expect(local.status).toBe(400);
    const plain = await admin(t, 'PATCH', path, { webhook: { url: 'http://bank.example/x' } });
    expect(plain.status).toBe(400);
    const secure = await admin<PatchVerifierResponse>(t, 'PATCH', path, {
      webhook: { url: 'https://bank.example/hooks' },
    });
    expect(secure.status).toBe(200);
    expect(JSON.stringify((await admin(t, 'GET', path)).body)).not.toContain(
      secure.body.webhookSecret!,
    );
  });
});

describe('webhooks across nodes (Redis)', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  }, 30_000);
  afterAll(async () => {
    await redis?.stop();
  });

  it('[§6][X1] the node that queued the event is gone; another node retries and delivers it', async () => {
    const prefix = `wh${randomUUID().slice(0, 8)}:`;
    const keys = await createHubKeys({});
    const clock = createTestClock();
    const logs = [capturedLogger(), capturedLogger()];
    const node = async (i: number, seeded?: TestHub['seeded']): Promise<TestHub> => {
      const main = await connectRedis(redis.url, true);
      const options: TestHubOptions = {
        keys,
        clock,
        config: { ...quick, nodeId: `node-${i}` },
        deps: {
          ...createRedisStores(main, prefix),
          webhooks: createRedisWebhookOutbox({ client: main, prefix }),
          logger: logs[i]!.logger,
        },
        ...(seeded ? { seeded } : {}),
        onClose: () => main.close().catch(() => {}),
      };
      return startTestHub(options);
    };
    const a = await node(0);
    const b = await node(1, a.seeded);
    let aClosed = false;
    try {
      const receiver = await startWebhookReceiver({ secrets: [] });
      receivers.push(receiver);
      const secret = await withWebhook(a, receiver);
      await receiver.kill();
      const citizen = await hubs.enrol(a, { index: 6 });
      const { sessionId } = await verifyOnce(a, citizen);
      // The outbox is shared: either node may have made the failed attempts so far.
      const tried = () => logs.reduce((n, l) => n + l.count('webhook failed; will retry'), 0);
      await waitUntil(() => tried() >= 1, 10_000, 'a failed attempt');
      await a.close();
      aClosed = true;
      await receiver.start({ secrets: [secret] });
      const delivered = await receiver.next(ofType(sessionId, 'session.delivered'));
      expect(delivered.verified).toBe(true);
      await waitUntil(() => logs[1]!.count('webhook delivered') >= 1, 5_000, 'B delivered');
      expect(logs[0]!.count('webhook delivered')).toBe(0);
    } finally {
      await b.close();
      if (!aClosed) await a.close();
    }
  }, 30_000);
});
