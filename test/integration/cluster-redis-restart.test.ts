/**
 * Redis dies and restarts under a three-node cluster in the middle of sessions (X1, X3, V2).
 * While it is down every node keeps running and answers in the V2 shape (`internal`), and
 * nothing ends a session on a guess. Once it is back, each node's watchdog finds that the
 * sessions its sockets show have vanished and ends them: `session:ended {reason: 'failed'}` on
 * every widget, `request:withdrawn` on every phone. New verifications then work.
 *
 * The test server runs without persistence (`--save '' --appendonly no`, see redis-server.ts),
 * so a restart empties it: sessions, verifiers, API keys, devices and the audit log are all gone.
 * That is the harder case for the hub (a Redis that keeps its data only makes the sessions
 * resume), and the helper has no persistent mode, so this file tests the empty restart
 * thoroughly and re-registers a verifier and a citizen through the public API afterwards.
 * The watchdog's own timer is set out of reach; each test runs its passes explicitly.
 */
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Ack,
  CreateSessionResponse,
  RequestWithdrawnEvent,
  SessionData,
  SessionEndedEvent,
} from '../../contracts/index.js';
import { useTestCluster } from '../helpers/cluster-fixture.js';
import { ask, idRequest, ofSession, openSocket, refusal } from '../helpers/fixtures.js';
import { DEMO_ORIGIN, type ApiAnswer, type TestHub } from '../helpers/test-hub.js';
import { waitUntil } from '../helpers/wait.js';

/** Unhandled rejections and uncaught exceptions seen by this worker while the file runs. */
const unhandled: unknown[] = [];
const capture = (reason: unknown) => {
  unhandled.push(reason);
};

beforeAll(() => {
  process.on('unhandledRejection', capture);
  process.on('uncaughtException', capture);
});
afterAll(() => {
  process.off('unhandledRejection', capture);
  process.off('uncaughtException', capture);
  expect(unhandled).toEqual([]);
});
const cluster = useTestCluster({
  nodes: 3,
  config: { watchdogIntervalMs: 3_600_000 },
  // Whatever surfaced late (while closing) belongs to this test, not the next one.
  afterClose: () => expectNoUnhandled(),
});

/** Asserts that the process saw no unhandled rejection or uncaught exception since last asked. */
function expectNoUnhandled(): void {
  expect(unhandled.splice(0)).toEqual([]);
}

/**
 * Kills Redis (SIGKILL, no persistence), runs `during`, starts it again and waits until every
 * node serves again. With `inFlight`, whatever the nodes are doing is cut off mid-way; without,
 * the test's own earlier steps have finished first (see the dedicated in-flight tests).
 */
async function outage(during: () => Promise<void>, inFlight = false): Promise<void> {
  if (!inFlight) await cluster.settle();
  const marker = await readMarker();
  await cluster.redis.kill();
  await during();
  await cluster.redis.start();
  await restoreMarker(marker);
  await cluster.ready();
}

/** The record store's deployment marker of this test's cluster (see hub/ops/readiness-checks). */
async function readMarker(): Promise<string> {
  const client = createClient({ url: cluster.redis.url });
  await client.connect();
  try {
    return (await client.get(`${cluster.cluster.prefix}deployment`)) ?? '';
  } finally {
    await client.close();
  }
}

/**
 * Puts the marker back, as an operator who restores the record store from a backup would: a
 * node that sees its records gone stays not-ready until then (ops-records-marker.test.ts). The
 * tests here re-create what they need themselves.
 */
async function restoreMarker(marker: string): Promise<void> {
  const client = createClient({ url: cluster.redis.url });
  await client.connect();
  try {
    await client.set(`${cluster.cluster.prefix}deployment`, marker);
  } finally {
    await client.close();
  }
}

/** An HTTP answer while a store is down: 500 (or 503) `internal`, in the V2 shape. */
function expectStoreDown(answer: ApiAnswer<unknown>): void {
  expect([500, 503]).toContain(answer.status);
  expect(answer.body).toEqual({ error: { code: 'internal', message: expect.any(String) } });
}

/** A socket ack while a store is down: `internal`, in the V2 shape. */
function expectAckInternal(ack: Ack<unknown>): void {
  expect(ack).toEqual({ ok: false, error: { code: 'internal', message: expect.any(String) } });
}

/**
 * Sessions in every live state, spread over the nodes: waiting for the citizen (widget on A),
 * joined and waiting for approval (widget on B, phone on C), pushed and waiting for approval
 * (widget on C, phone on A), and delivered inside its display window (widget on B).
 */
async function sessionsInEveryState() {
  const [a, b, c] = cluster.nodes;
  const waiting = await a.createSession('bank', { flow: 'code', request: idRequest() });
  const waitingWidget = await cluster.widget(0, waiting.widgetToken);
  await waitingWidget.next('session:qr');

  const joined = await b.createSession('bank', { flow: 'code', request: idRequest() });
  const joinedWidget = await cluster.widget(1, joined.widgetToken);
  const joiner = await cluster.citizen(2, 0);
  expect((await ask(joiner.device.socket, 'pairing:join', { code: joined.code })).ok).toBe(true);

  const pushedTo = await cluster.citizen(0, 1);
  const pushed = await c.createSession('office', {
    flow: 'push',
    request: idRequest(),
    subject: { pesel: pushedTo.pesel },
  });
  const pushedWidget = await cluster.widget(2, pushed.widgetToken);
  await pushedTo.device.next('request:incoming', ofSession(pushed.sessionId));

  const shown = await c.createSession('post', { flow: 'code', request: idRequest() });
  const shownWidget = await cluster.widget(1, shown.widgetToken);
  const sharer = await cluster.citizen(1, 2);
  await ask(sharer.device.socket, 'pairing:join', { code: shown.code });
  await ask(sharer.device.socket, 'request:approve', { sessionId: shown.sessionId });
  await shownWidget.next('session:data');
  // The citizen who shared puts the phone away (what a later pass tells the device that
  // answered is tested in cluster-failover.test.ts).
  sharer.device.socket.close();

  return {
    sessions: { waiting, joined, pushed, shown },
    widgets: [
      { session: waiting, rec: waitingWidget },
      { session: joined, rec: joinedWidget },
      { session: pushed, rec: pushedWidget },
      { session: shown, rec: shownWidget },
    ],
    phones: [
      { session: joined, rec: joiner.device },
      { session: pushed, rec: pushedTo.device },
    ],
    joiner,
    pushedTo,
  };
}

describe('[X1][X3] Redis restarts in the middle of sessions', () => {
  it('[X1][V2] while Redis is down every node answers `internal` in the V2 shape, refuses new sockets, ends nothing and does not crash', async () => {
    const [a, b, c] = cluster.nodes;
    const { sessions, widgets, phones, joiner, pushedTo } = await sessionsInEveryState();
    const placed = [...widgets, ...phones].map(({ rec }) => rec);

    await outage(async () => {
      const bank = a.verifiers.bank.apiKey;
      expectStoreDown(await postSessionRaw(a, bank));
      expectStoreDown(
        await b.api('GET', `/v1/sessions/${sessions.joined.sessionId}`, { auth: bank }),
      );
      expectStoreDown(
        await c.api('DELETE', `/v1/sessions/${sessions.waiting.sessionId}`, { auth: bank }),
      );
      expectStoreDown(
        await a.api('GET', `/v1/sessions/${sessions.shown.sessionId}/result`, {
          auth: a.verifiers.post.apiKey,
        }),
      );
      expectStoreDown(await b.api('GET', '/v1/admin/audit', { auth: b.adminToken }));
      expectStoreDown(await c.api('GET', '/v1/citizen/devices', { auth: joiner.citizenToken }));
      for (const node of cluster.nodes) {
        expectStoreDown(await node.api('GET', '/readyz'));
        expect((await node.api('GET', '/healthz')).status).toBe(200);
      }

      expectAckInternal(
        await ask(widgets[0]!.rec.socket, 'session:cancel', {
          sessionId: sessions.waiting.sessionId,
        }),
      );
      expectAckInternal(
        await ask(joiner.device.socket, 'request:approve', {
          sessionId: sessions.joined.sessionId,
        }),
      );
      expectAckInternal(
        await ask(pushedTo.device.socket, 'request:approve', {
          sessionId: sessions.pushed.sessionId,
          matchNumber: sessions.pushed.matchNumber,
        }),
      );
      expectAckInternal(
        await ask(joiner.device.socket, 'request:reject', {
          sessionId: sessions.joined.sessionId,
        }),
      );
      expectAckInternal(
        await ask(pushedTo.device.socket, 'pairing:join', { code: sessions.waiting.code }),
      );
      // A reconnecting widget cannot be checked against its session: refused, not admitted.
      expect(
        await refusal(openSocket(c.url, '/verifier', sessions.joined.widgetToken)),
      ).toMatchObject({ code: 'internal', message: expect.any(String) });

      // A store that does not answer is an outage, not proof that the sessions are gone.
      for (const node of cluster.nodes) await node.hub.watchdog.check();
      await cluster.settle(placed, { local: true });
      for (const rec of placed) {
        expect(rec.socket.connected).toBe(true);
        expect(rec.all('session:ended')).toEqual([]);
        expect(rec.all('request:withdrawn')).toEqual([]);
      }
    });

    // Every node is alive and serving again.
    for (const node of cluster.nodes) expect((await node.api('GET', '/healthz')).status).toBe(200);
    expectNoUnhandled();
  });

  it('[X3][S5] once Redis is back empty, every widget of a vanished session gets `session:ended` failed and every phone `request:withdrawn`, once', async () => {
    const [a] = cluster.nodes;
    const { sessions, widgets, phones } = await sessionsInEveryState();
    // And one that had already ended, its widget still open on the "cancelled" screen.
    const cancelled = await a.createSession('bank', { flow: 'code', request: idRequest() });
    const cancelledWidget = await cluster.widget(2, cancelled.widgetToken);
    await cancelledWidget.next('session:qr');
    await a.api('DELETE', `/v1/sessions/${cancelled.sessionId}`, {
      auth: a.verifiers.bank.apiKey,
    });
    expect(await cancelledWidget.next('session:ended')).toEqual({
      sessionId: cancelled.sessionId,
      reason: 'cancelled',
    });

    await outage(async () => {});
    for (const node of cluster.nodes) await node.hub.watchdog.check();

    for (const { session, rec } of widgets) {
      expect(
        await rec.next<SessionEndedEvent>('session:ended', ofSession(session.sessionId)),
      ).toEqual({
        sessionId: session.sessionId,
        reason: 'failed',
      });
      // The widget has nothing left to show: the hub lets it go.
      expect(await rec.disconnected).toBe('io server disconnect');
    }
    for (const { session, rec } of phones) {
      expect(
        await rec.next<RequestWithdrawnEvent>('request:withdrawn', ofSession(session.sessionId)),
      ).toEqual({ sessionId: session.sessionId, reason: 'failed' });
    }
    // A second pass finds nothing more to tell.
    for (const node of cluster.nodes) await node.hub.watchdog.check();
    await cluster.settle(
      phones.map(({ rec }) => rec),
      { local: true },
    );
    for (const { rec } of widgets) expect(rec.all('session:ended')).toHaveLength(1);
    for (const { rec } of phones) expect(rec.all('request:withdrawn')).toHaveLength(1);

    // No persistence: the records went with the sessions (the old API key is unknown now).
    const status = await a.api('GET', `/v1/sessions/${sessions.joined.sessionId}`, {
      auth: a.verifiers.bank.apiKey,
    });
    expect(status.status).toBe(401);
    const audit = await a.api<{ events: unknown[] }>('GET', '/v1/admin/audit', {
      auth: a.adminToken,
    });
    expect(audit.body.events).toEqual([]);
    expectNoUnhandled();

    // A session ends once: the widget that was told `cancelled` is not told `failed` as well
    // when the ended record vanishes (here with Redis; otherwise after `endedRetentionMs`).
    await cluster.settle([cancelledWidget], { local: true });
    expect(cancelledWidget.all('session:ended')).toEqual([
      { sessionId: cancelled.sessionId, reason: 'cancelled' },
    ]);
  });

  it('[X1][X2][F1] once every node serves again, a new verifier and citizen complete a verification across three nodes', async () => {
    const [a, b, c] = cluster.nodes;
    await sessionsInEveryState();
    await outage(async () => {});

    // Onboarding through the admin API, one step per node (A5, §8).
    const answer = await a.api<{ verifierId: string }>('POST', '/v1/admin/verifiers', {
      auth: a.adminToken,
      json: {
        name: 'Bank Odnowiony S.A.',
        kind: 'bank',
        branch: 'Oddział Kraków Kazimierz',
        claims: { id_card: ['given_names', 'family_name', 'age_over_18', 'document_valid'] },
        flows: ['code', 'push'],
        origins: [DEMO_ORIGIN],
      },
    });
    expect(answer.status).toBe(201);
    const registered = answer.body.verifierId;
    expect(
      (
        await b.api('POST', `/v1/admin/verifiers/${registered}/approve`, {
          auth: b.adminToken,
        })
      ).body,
    ).toEqual({ status: 'active' });
    const key = await c.api<{ apiKey: string }>('POST', `/v1/admin/verifiers/${registered}/keys`, {
      auth: c.adminToken,
    });
    expect(key.status).toBe(201);
    const apiKey = key.body.apiKey;
    const citizen = await cluster.citizen(2, 5);

    const session = await a.api<CreateSessionResponse>('POST', '/v1/sessions', {
      auth: apiKey,
      json: { flow: 'code', request: idRequest(['given_names', 'age_over_18']) },
    });
    expect(session.status).toBe(201);
    const created = session.body;
    const widget = await cluster.widget(1, created.widgetToken);
    await widget.next('session:qr');
    expect((await ask(citizen.device.socket, 'pairing:join', { code: created.code })).ok).toBe(
      true,
    );
    expect(
      await ask(citizen.device.socket, 'request:approve', { sessionId: created.sessionId }),
    ).toEqual({ ok: true });
    const data = await widget.next<SessionData>('session:data');
    expect(data.claims.id_card).toMatchObject({ age_over_18: expect.any(Boolean) });
    const result = await a.api('GET', `/v1/sessions/${created.sessionId}/result`, {
      auth: apiKey,
    });
    expect(result.status).toBe(200);
    const audit = await b.api<{ events: Array<{ sessionId: string; outcome: string }> }>(
      'GET',
      '/v1/admin/audit',
      { auth: b.adminToken },
    );
    expect(audit.body.events).toMatchObject([
      { sessionId: created.sessionId, outcome: 'delivered' },
    ]);

    // A push across nodes too: the adapter re-subscribed on every node.
    const pushed = await b.api<CreateSessionResponse>('POST', '/v1/sessions', {
      auth: apiKey,
      json: { flow: 'push', request: idRequest(), subject: { pesel: citizen.pesel } },
    });
    expect(pushed.status).toBe(201);
    await citizen.device.next('request:incoming', ofSession(pushed.body.sessionId));
    expectNoUnhandled();
  });

  it('[X1] a node told to stop while Redis is down finishes stopping once Redis is back, without an unhandled rejection', async () => {
    const [a] = cluster.nodes;
    const marker = await readMarker();
    await cluster.redis.kill();
    await waitUntil(async () => (await a.api('GET', '/readyz')).status !== 200, 5000, 'the outage');
    // Stopping publishes (the broadcast disconnect) and unsubscribes while the clients wait for
    // their next reconnect attempt: what they hold must not keep the node from ever stopping.
    const stopping = cluster.kill(0);
    await cluster.redis.start();
    await restoreMarker(marker);
    await stopping;
    await cluster.ready();
    expectNoUnhandled();
  });

  it('[X1] events on their way to Redis when it dies are lost quietly: no unhandled rejection reaches the process', async () => {
    const [a] = cluster.nodes;
    const created = await a.createSession('bank', { flow: 'code', request: idRequest() });
    const widget = await cluster.widget(1, created.widgetToken);
    await widget.next('session:qr');
    // What every transition does (S5): publish the session's event to its room on every node.
    // A burst of them makes sure some still wait for Redis's reply when it dies (in real life:
    // any transition a moment before a crash). The watchdog makes up for lost events; the
    // failed publish itself must not become an unhandled rejection: under Node's default
    // `--unhandled-rejections=throw` that kills any process embedding the hub without a
    // handler of its own (hub/main.ts has one, which logs each lost event as an error).
    for (let i = 0; i < 200; i++) {
      a.hub.ctx.notify.ended(created.sessionId, 'failed');
    }
    await outage(async () => {}, true);
    expectNoUnhandled();
  });

  it('[X1][V2] commands in flight when Redis dies are all answered (ok or an error in the V2 shape), none hangs, and every widget learns that its session ended', async () => {
    const [a] = cluster.nodes;
    const racing = await Promise.all(
      [0, 1, 2, 3, 4, 5].map(async (i) => {
        const created = await a.createSession('bank', { flow: 'code', request: idRequest() });
        const widget = await cluster.widget(i % 3, created.widgetToken);
        const citizen = await cluster.citizen((i + 1) % 3, 10 + i);
        await ask(citizen.device.socket, 'pairing:join', { code: created.code });
        return { created, widget, citizen };
      }),
    );
    // Approvals and cancels leave now; Redis dies while the nodes work on them.
    const answers = racing.flatMap(({ created: { sessionId }, widget, citizen }) => [
      ask(citizen.device.socket, 'request:approve', { sessionId }),
      ask(widget.socket, 'session:cancel', { sessionId }),
    ]);
    await outage(async () => {
      for (const ack of await Promise.all(answers)) {
        if (ack.ok) continue;
        expect(ack.error).toEqual({ code: expect.any(String), message: expect.any(String) });
        expect(['internal', 'gone', 'conflict']).toContain(ack.error.code);
      }
    }, true);
    for (const node of cluster.nodes) await node.hub.watchdog.check();
    for (const { created, widget } of racing) {
      // Told before the outage (cancelled) or by the watchdog (failed): either way, told.
      expect(
        await widget.next<SessionEndedEvent>('session:ended', ofSession(created.sessionId)),
      ).toMatchObject({ sessionId: created.sessionId });
    }
    expectNoUnhandled();
  });
});

/** `POST /v1/sessions` as the seeded bank, whatever the answer. */
function postSessionRaw(node: TestHub, apiKey: string): Promise<ApiAnswer<unknown>> {
  return node.api('POST', '/v1/sessions', {
    auth: apiKey,
    json: { flow: 'code', request: idRequest() },
  });
}
