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
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type {
  Ack,
  CreateSessionResponse,
  RequestWithdrawnEvent,
  SessionData,
  SessionEndedEvent,
} from '../../contracts/index.js';
import type { VerifierClient } from '../helpers/clients.js';
import { ask, idRequest, openSocket, record, refusal, type Recorder } from '../helpers/fixtures.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { startTestCluster, type TestCluster } from '../helpers/test-cluster.js';
import { DEMO_ORIGIN, type ApiAnswer, type TestHub } from '../helpers/test-hub.js';

let redis: RedisServer;
let cluster: TestCluster;
let nodes: [TestHub, TestHub, TestHub];
/** Every recorded socket the test opened (closed after it). */
const opened: Array<Recorder<Socket>> = [];
/** Unhandled rejections and uncaught exceptions seen by this worker while the file runs. */
const unhandled: unknown[] = [];
const capture = (reason: unknown) => {
  unhandled.push(reason);
};

beforeAll(async () => {
  process.on('unhandledRejection', capture);
  process.on('uncaughtException', capture);
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis.stop();
  process.off('unhandledRejection', capture);
  process.off('uncaughtException', capture);
  expect(unhandled).toEqual([]);
});
beforeEach(async () => {
  cluster = await startTestCluster(redis, { nodes: 3, config: { watchdogIntervalMs: 3_600_000 } });
  nodes = cluster.nodes as [TestHub, TestHub, TestHub];
});
afterEach(async () => {
  // A test that failed mid-outage must not leave the next one without Redis.
  await redis.start();
  for (const { socket } of opened.splice(0)) socket.close();
  await cluster.close();
  // Whatever surfaced late (while closing) belongs to this test, not the next one.
  expectNoUnhandled();
});

/** Asserts that the process saw no unhandled rejection or uncaught exception since last asked. */
function expectNoUnhandled(): void {
  expect(unhandled.splice(0)).toEqual([]);
}

/** A socket recorder and the index of the node it is connected to. */
interface Placed {
  rec: Recorder<Socket>;
  node: number;
}

const of =
  (sessionId: string) =>
  (event: { sessionId: string }): boolean =>
    event.sessionId === sessionId;

/** A recorded widget socket on node `node`, closed after the test. */
async function widgetOn(node: number, token: string): Promise<Recorder<VerifierClient>> {
  const widget = await openSocket<VerifierClient>(nodes[node]!.url, '/verifier', token);
  opened.push(widget);
  return widget;
}

/** An enrolled citizen whose phone is connected to node `node`. */
async function citizenOn(node: number, index: number) {
  const citizen = await nodes[node]!.citizen({ index });
  const device = record(citizen.socket);
  opened.push(device);
  return { ...citizen, device };
}

/**
 * Waits until what each node sent its own sockets so far has arrived (works without Redis:
 * each node emits a marker to its local sockets only, on the same connections).
 */
async function settleLocal(placed: Placed[]): Promise<void> {
  const id = randomUUID();
  const waits = placed
    .filter((p) => p.rec.socket.connected)
    .map((p) =>
      p.rec.next(
        'test:barrier',
        (m: { id: string; node: number }) => m.id === id && m.node === p.node,
      ),
    );
  for (const [i, node] of nodes.entries()) {
    node.hub.io.of('/verifier').local.emit('test:barrier', { id, node: i });
    node.hub.io.of('/citizen').local.emit('test:barrier', { id, node: i });
  }
  await Promise.all(waits);
}

/**
 * Waits until every event the nodes published so far has gone through Redis and reached the
 * open sockets (each node broadcasts a marker; Redis keeps each node's messages in order), so
 * that a kill right after finds no publish of the test's own steps still in flight.
 */
async function quiesce(): Promise<void> {
  const id = randomUUID();
  const waits = opened
    .filter((r) => r.socket.connected)
    .flatMap((r) =>
      nodes.map((_, i) =>
        r.next('test:barrier', (m: { id: string; node: number }) => m.id === id && m.node === i),
      ),
    );
  for (const [i, node] of nodes.entries()) {
    node.hub.io.of('/verifier').emit('test:barrier', { id, node: i });
    node.hub.io.of('/citizen').emit('test:barrier', { id, node: i });
  }
  await Promise.all(waits);
}

/** Polls `attempt` until it answers something, for at most `timeoutMs`. */
async function poll<T>(
  what: string,
  attempt: () => Promise<T | undefined>,
  timeoutMs = 5000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const answer = await attempt().catch(() => undefined);
    if (answer !== undefined) return answer;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Kills Redis (SIGKILL, no persistence), runs `during`, starts it again and waits until every
 * node is ready. With `inFlight`, whatever the nodes are doing is cut off mid-way; without, the
 * test's own earlier steps have finished first (see the dedicated in-flight tests).
 */
async function outage(during: () => Promise<void>, inFlight = false): Promise<void> {
  if (!inFlight) await quiesce();
  await redis.kill();
  await during();
  await redis.start();
  for (const node of nodes) {
    await poll(`${node.url} ready`, async () =>
      (await node.api('GET', '/readyz')).status === 200 ? true : undefined,
    );
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
  const [a, b, c] = nodes;
  const waiting = await a.createSession('bank', { flow: 'code', request: idRequest() });
  const waitingWidget = await widgetOn(0, waiting.widgetToken);
  await waitingWidget.next('session:qr');

  const joined = await b.createSession('bank', { flow: 'code', request: idRequest() });
  const joinedWidget = await widgetOn(1, joined.widgetToken);
  const joiner = await citizenOn(2, 0);
  expect((await ask(joiner.device.socket, 'pairing:join', { code: joined.code })).ok).toBe(true);

  const pushedTo = await citizenOn(0, 1);
  const pushed = await c.createSession('office', {
    flow: 'push',
    request: idRequest(),
    subject: { pesel: pushedTo.pesel },
  });
  const pushedWidget = await widgetOn(2, pushed.widgetToken);
  await pushedTo.device.next('request:incoming', of(pushed.sessionId));

  const shown = await c.createSession('post', { flow: 'code', request: idRequest() });
  const shownWidget = await widgetOn(1, shown.widgetToken);
  const sharer = await citizenOn(1, 2);
  await ask(sharer.device.socket, 'pairing:join', { code: shown.code });
  await ask(sharer.device.socket, 'request:approve', { sessionId: shown.sessionId });
  await shownWidget.next('session:data');
  // The citizen who shared puts the phone away (what a later pass tells the device that
  // answered is tested in cluster-failover.test.ts).
  sharer.device.socket.close();

  return {
    sessions: { waiting, joined, pushed, shown },
    widgets: [
      { session: waiting, rec: waitingWidget, node: 0 },
      { session: joined, rec: joinedWidget, node: 1 },
      { session: pushed, rec: pushedWidget, node: 2 },
      { session: shown, rec: shownWidget, node: 1 },
    ],
    phones: [
      { session: joined, rec: joiner.device, node: 2 },
      { session: pushed, rec: pushedTo.device, node: 0 },
    ],
    joiner,
    pushedTo,
  };
}

describe('[X1][X3] Redis restarts in the middle of sessions', () => {
  it('[X1][V2] while Redis is down every node answers `internal` in the V2 shape, refuses new sockets, ends nothing and does not crash', async () => {
    const [a, b, c] = nodes;
    const { sessions, widgets, phones, joiner, pushedTo } = await sessionsInEveryState();
    const placed: Placed[] = [...widgets, ...phones];

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
      for (const node of nodes) {
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
      for (const node of nodes) await node.hub.watchdog.check();
      await settleLocal(placed);
      for (const { rec } of placed) {
        expect(rec.socket.connected).toBe(true);
        expect(rec.all('session:ended')).toEqual([]);
        expect(rec.all('request:withdrawn')).toEqual([]);
      }
    });

    // Every node is alive and serving again.
    for (const node of nodes) expect((await node.api('GET', '/healthz')).status).toBe(200);
    expectNoUnhandled();
  });

  it('[X3][S5] once Redis is back empty, every widget of a vanished session gets `session:ended` failed and every phone `request:withdrawn`, once', async () => {
    const [a] = nodes;
    const { sessions, widgets, phones } = await sessionsInEveryState();
    // And one that had already ended, its widget still open on the "cancelled" screen.
    const cancelled = await a.createSession('bank', { flow: 'code', request: idRequest() });
    const cancelledWidget = await widgetOn(2, cancelled.widgetToken);
    await cancelledWidget.next('session:qr');
    await a.api('DELETE', `/v1/sessions/${cancelled.sessionId}`, {
      auth: a.verifiers.bank.apiKey,
    });
    expect(await cancelledWidget.next('session:ended')).toEqual({
      sessionId: cancelled.sessionId,
      reason: 'cancelled',
    });

    await outage(async () => {});
    for (const node of nodes) await node.hub.watchdog.check();

    for (const { session, rec } of widgets) {
      expect(await rec.next<SessionEndedEvent>('session:ended', of(session.sessionId))).toEqual({
        sessionId: session.sessionId,
        reason: 'failed',
      });
      // The widget has nothing left to show: the hub lets it go.
      expect(await rec.disconnected).toBe('io server disconnect');
    }
    for (const { session, rec } of phones) {
      expect(
        await rec.next<RequestWithdrawnEvent>('request:withdrawn', of(session.sessionId)),
      ).toEqual({ sessionId: session.sessionId, reason: 'failed' });
    }
    // A second pass finds nothing more to tell.
    for (const node of nodes) await node.hub.watchdog.check();
    await settleLocal(phones);
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
    await settleLocal([{ rec: cancelledWidget, node: 2 }]);
    expect(cancelledWidget.all('session:ended')).toEqual([
      { sessionId: cancelled.sessionId, reason: 'cancelled' },
    ]);
  });

  it('[X1][X2][F1] after the restart a new verifier and citizen complete a verification across three nodes within seconds', async () => {
    const [a, b, c] = nodes;
    await sessionsInEveryState();
    await outage(async () => {});
    const started = Date.now();

    // Onboarding through the admin API, one step per node (A5, §8).
    const registered = await poll('verifier registration', async () => {
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
      return answer.status === 201 ? answer.body.verifierId : undefined;
    });
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
    const citizen = await citizenOn(2, 5);

    const created = await poll('a new session', async () => {
      const answer = await a.api<CreateSessionResponse>('POST', '/v1/sessions', {
        auth: apiKey,
        json: { flow: 'code', request: idRequest(['given_names', 'age_over_18']) },
      });
      return answer.status === 201 ? answer.body : undefined;
    });
    const widget = await widgetOn(1, created.widgetToken);
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
    expect(Date.now() - started).toBeLessThan(5000);

    // A push across nodes too: the adapter re-subscribed on every node.
    const pushed = await b.api<CreateSessionResponse>('POST', '/v1/sessions', {
      auth: apiKey,
      json: { flow: 'push', request: idRequest(), subject: { pesel: citizen.pesel } },
    });
    expect(pushed.status).toBe(201);
    await citizen.device.next('request:incoming', of(pushed.body.sessionId));
    expectNoUnhandled();
  });

  it('[X1] events on their way to Redis when it dies are lost quietly: no unhandled rejection reaches the process', async () => {
    const [a] = nodes;
    const created = await a.createSession('bank', { flow: 'code', request: idRequest() });
    const widget = await widgetOn(1, created.widgetToken);
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
    const [a] = nodes;
    const racing = await Promise.all(
      [0, 1, 2, 3, 4, 5].map(async (i) => {
        const created = await a.createSession('bank', { flow: 'code', request: idRequest() });
        const widget = await widgetOn(i % 3, created.widgetToken);
        const citizen = await citizenOn((i + 1) % 3, 10 + i);
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
    for (const node of nodes) await node.hub.watchdog.check();
    for (const { created, widget } of racing) {
      // Told before the outage (cancelled) or by the watchdog (failed): either way, told.
      expect(
        await widget.next<SessionEndedEvent>('session:ended', of(created.sessionId)),
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
