/**
 * Node death in a three-node cluster on one real Redis (X3): whichever node dies — the one that
 * holds the clerk's widget, the citizen's phone, or the one that created the session — the
 * clients reconnect to a surviving node with the tokens they already have, see where the session
 * stands, and finish; the windows of the dead node's sessions still end once, cluster-wide (S3,
 * H1). `cluster.kill(i)` stops a node as a crash would: its sockets drop and its reaper and Redis
 * clients stop.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { AuditEvent } from '../../adapters/records/index.js';
import type {
  RequestIncomingEvent,
  RequestWithdrawnEvent,
  SessionData,
  SessionEndedEvent,
  SessionStateEvent,
} from '../../contracts/index.js';
import type { CitizenClient, VerifierClient } from '../helpers/clients.js';
import { ask, idRequest, openSocket, record, type Recorder } from '../helpers/fixtures.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { startTestCluster, type TestCluster } from '../helpers/test-cluster.js';
import type { TestHub } from '../helpers/test-hub.js';

let redis: RedisServer;
let cluster: TestCluster;
/** Indexes of the nodes this test killed (the barrier skips them). */
let dead: Set<number>;
const opened: Socket[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis.stop();
});
beforeEach(async () => {
  // The reconciling pass runs only where a test calls it, never in the middle of an assertion.
  cluster = await startTestCluster(redis, { nodes: 3, config: { watchdogIntervalMs: 3_600_000 } });
  dead = new Set();
});
afterEach(async () => {
  for (const socket of opened.splice(0)) socket.close();
  await cluster.close();
});

const bySession =
  (sessionId: string) =>
  (event: { sessionId: string }): boolean =>
    event.sessionId === sessionId;

async function kill(index: number): Promise<void> {
  dead.add(index);
  await cluster.kill(index);
}

/** A recorded widget socket on `node`, closed after the test. */
async function widgetOn(node: TestHub, token: string): Promise<Recorder<VerifierClient>> {
  const widget = await openSocket<VerifierClient>(node.url, '/verifier', token);
  opened.push(widget.socket);
  return widget;
}

/** A recorded phone socket on `node` for an existing device, closed after the test. */
async function phoneOn(node: TestHub, deviceToken: string): Promise<Recorder<CitizenClient>> {
  const phone = await openSocket<CitizenClient>(node.url, '/citizen', deviceToken);
  opened.push(phone.socket);
  return phone;
}

/** An enrolled citizen whose phone is connected to `node` (closed when that node dies). */
async function citizenOn(node: TestHub, index: number) {
  const citizen = await node.citizen({ index });
  return { ...citizen, device: record(citizen.socket) };
}

/**
 * Waits until every event the live nodes emitted so far has reached `recorders`: each live node
 * broadcasts a marker through the Redis adapter, which keeps each node's messages in order.
 */
async function settle(recorders: Array<Recorder<Socket>>): Promise<void> {
  const id = randomUUID();
  const live = cluster.nodes.map((node, i) => ({ node, i })).filter(({ i }) => !dead.has(i));
  const waits = recorders
    .filter((r) => r.socket.connected)
    .flatMap((r) =>
      live.map(({ i }) =>
        r.next('test:barrier', (p: { id: string; node: number }) => p.id === id && p.node === i),
      ),
    );
  for (const { node, i } of live) {
    node.hub.io.of('/verifier').emit('test:barrier', { id, node: i });
    node.hub.io.of('/citizen').emit('test:barrier', { id, node: i });
  }
  await Promise.all(waits);
}

/** The audit events of one session (H1), read on `node`. */
async function auditOf(node: TestHub, sessionId: string): Promise<AuditEvent[]> {
  const answer = await node.api<{ events: AuditEvent[] }>('GET', '/v1/admin/audit?limit=1000', {
    auth: node.adminToken,
  });
  expect(answer.status).toBe(200);
  return answer.body.events.filter((e) => e.sessionId === sessionId);
}

describe('[X3] a node dies mid-session and nothing is lost', () => {
  it('[X3] the widget’s node dies: the widget reconnects to another node with the same token, sees the state and gets the data', async () => {
    const [a, b, c] = cluster.nodes as [TestHub, TestHub, TestHub];
    const created = await a.createSession('bank', { flow: 'code', request: idRequest() });
    const onB = await widgetOn(b, created.widgetToken);
    await onB.next('session:qr');
    const citizen = await citizenOn(c, 0);
    expect((await ask(citizen.device.socket, 'pairing:join', { code: created.code })).ok).toBe(
      true,
    );
    await onB.next<SessionStateEvent>('session:state', (e) => e.state === 'awaiting_approval');

    await kill(1);
    await onB.disconnected;

    const onA = await widgetOn(a, created.widgetToken);
    expect(await onA.next<SessionStateEvent>('session:state')).toMatchObject({
      sessionId: created.sessionId,
      state: 'awaiting_approval',
    });
    const approved = await ask(citizen.device.socket, 'request:approve', {
      sessionId: created.sessionId,
    });
    expect(approved).toEqual({ ok: true });
    const data = await onA.next<SessionData>('session:data');
    expect(data.sessionId).toBe(created.sessionId);
    expect(data.claims.id_card).toMatchObject({ status: 'valid' });

    const result = await c.api<SessionData>('GET', `/v1/sessions/${created.sessionId}/result`, {
      auth: a.verifiers.bank.apiKey,
    });
    expect(result.status).toBe(200);
    expect(result.body.sessionId).toBe(data.sessionId);

    await settle([onA]);
    // P4: the code and QR are gone from the screen; nothing ended the session.
    expect(onA.all('session:qr')).toEqual([]);
    expect(onA.all('session:ended')).toEqual([]);
    expect(onA.all('session:data')).toHaveLength(1);
    expect(await auditOf(c, created.sessionId)).toMatchObject([{ outcome: 'delivered' }]);
  });

  it('[X3] the widget’s node dies while the citizen approves: the widget, back on a third node, gets the data again inside the display window', async () => {
    const [a, b, c] = cluster.nodes as [TestHub, TestHub, TestHub];
    const created = await a.createSession('bank', { flow: 'code', request: idRequest() });
    const onB = await widgetOn(b, created.widgetToken);
    const citizen = await citizenOn(a, 1);
    await ask(citizen.device.socket, 'pairing:join', { code: created.code });

    await kill(1);
    await onB.disconnected;
    // The widget is offline: the delivery it misses must not be lost.
    expect(
      await ask(citizen.device.socket, 'request:approve', { sessionId: created.sessionId }),
    ).toEqual({ ok: true });

    const onC = await widgetOn(c, created.widgetToken);
    expect(await onC.next<SessionStateEvent>('session:state')).toMatchObject({
      state: 'delivered',
    });
    const data = await onC.next<SessionData>('session:data');
    expect(data.sessionId).toBe(created.sessionId);
    const result = await a.api<SessionData>('GET', `/v1/sessions/${created.sessionId}/result`, {
      auth: a.verifiers.bank.apiKey,
    });
    expect(result.status).toBe(200);
    expect(result.body.sessionId).toBe(data.sessionId);
  });

  it.each(['code', 'push'] as const)(
    '[X3][A3] the phone’s node dies (%s flow): the phone reconnects with its device token, gets the pending request again and approves',
    async (flow) => {
      const [a, b, c] = cluster.nodes as [TestHub, TestHub, TestHub];
      const citizen = await citizenOn(c, 2);
      const created =
        flow === 'push'
          ? await a.createSession('office', {
              flow,
              request: idRequest(),
              subject: { pesel: citizen.pesel },
            })
          : await a.createSession('bank', { flow, request: idRequest() });
      const widget = await widgetOn(b, created.widgetToken);
      if (flow === 'push') {
        await citizen.device.next('request:incoming', bySession(created.sessionId));
      } else {
        const joined = await ask(citizen.device.socket, 'pairing:join', { code: created.code });
        expect(joined.ok).toBe(true);
      }

      await kill(2);
      await citizen.device.disconnected;

      const phone = await phoneOn(a, citizen.deviceToken);
      const again = await phone.next<RequestIncomingEvent>('request:incoming');
      expect(again).toMatchObject({
        sessionId: created.sessionId,
        matchRequired: flow === 'push',
        request: idRequest(),
      });
      const approved = await ask(phone.socket, 'request:approve', {
        sessionId: created.sessionId,
        ...(flow === 'push' ? { matchNumber: created.matchNumber } : {}),
      });
      expect(approved).toEqual({ ok: true });
      const data = await widget.next<SessionData>('session:data');
      expect(data.sessionId).toBe(created.sessionId);
      const result = await b.api('GET', `/v1/sessions/${created.sessionId}/result`, {
        auth: a.verifiers[flow === 'push' ? 'office' : 'bank'].apiKey,
      });
      expect(result.status).toBe(200);
      await settle([widget, phone]);
      expect(widget.all('session:data')).toHaveLength(1);
      expect(phone.all('request:withdrawn')).toEqual([]);
      expect(await auditOf(b, created.sessionId)).toMatchObject([{ outcome: 'delivered' }]);
    },
  );

  it('[X3][S3][H1] the node that created the sessions dies: their windows still end cluster-wide, once, and both sides hear it', async () => {
    const [a, b, c] = cluster.nodes as [TestHub, TestHub, TestHub];
    // Waiting for the citizen (pairing window), waiting for approval, and delivered (display).
    const pairing = await a.createSession('bank', { flow: 'code', request: idRequest() });
    const deciding = await a.createSession('bank', { flow: 'code', request: idRequest() });
    const shown = await a.createSession('post', {
      flow: 'code',
      request: idRequest(),
      displaySeconds: 30,
    });
    const widgets = {
      pairing: await widgetOn(b, pairing.widgetToken),
      deciding: await widgetOn(b, deciding.widgetToken),
      shown: await widgetOn(c, shown.widgetToken),
    };
    const decider = await citizenOn(c, 3);
    await ask(decider.device.socket, 'pairing:join', { code: deciding.code });
    const sharer = await citizenOn(b, 4);
    await ask(sharer.device.socket, 'pairing:join', { code: shown.code });
    await ask(sharer.device.socket, 'request:approve', { sessionId: shown.sessionId });
    await widgets.shown.next('session:data');

    await kill(0);
    await cluster.advance(181_000);

    expect(
      await widgets.pairing.next<SessionEndedEvent>('session:ended', bySession(pairing.sessionId)),
    ).toEqual({ sessionId: pairing.sessionId, reason: 'timed_out' });
    expect(
      await widgets.deciding.next<SessionEndedEvent>(
        'session:ended',
        bySession(deciding.sessionId),
      ),
    ).toEqual({ sessionId: deciding.sessionId, reason: 'timed_out' });
    expect(
      await decider.device.next<RequestWithdrawnEvent>(
        'request:withdrawn',
        bySession(deciding.sessionId),
      ),
    ).toEqual({ sessionId: deciding.sessionId, reason: 'timed_out' });
    expect(
      await widgets.shown.next<SessionEndedEvent>('session:ended', bySession(shown.sessionId)),
    ).toEqual({ sessionId: shown.sessionId, reason: 'expired' });

    await settle([widgets.pairing, widgets.deciding, widgets.shown, decider.device]);
    for (const widget of Object.values(widgets)) {
      expect(widget.all('session:ended')).toHaveLength(1);
    }
    expect(decider.device.all('request:withdrawn')).toHaveLength(1);

    for (const [session, outcome] of [
      [pairing, 'timed_out'],
      [deciding, 'timed_out'],
      [shown, 'delivered'],
    ] as const) {
      const events = await auditOf(b, session.sessionId);
      expect(events).toMatchObject([{ outcome }]);
      expect(events[0]!.node).not.toBe('node-A');
      const status = await c.api<{ state: string }>('GET', `/v1/sessions/${session.sessionId}`, {
        auth: b.verifiers[session === shown ? 'post' : 'bank'].apiKey,
      });
      expect(status.body.state).toBe(session === shown ? 'expired' : 'timed_out');
    }
    // E2: a widget that comes back after the display window gets the state only.
    const late = await widgetOn(c, shown.widgetToken);
    expect(await late.next<SessionStateEvent>('session:state')).toMatchObject({
      state: 'expired',
    });
    await settle([late]);
    expect(late.all('session:data')).toEqual([]);
  });

  it('[X3][S5] both sides on the node that dies: each reconnects elsewhere and the citizen can still reject', async () => {
    const [a, b, c] = cluster.nodes as [TestHub, TestHub, TestHub];
    const citizen = await citizenOn(b, 5);
    const created = await a.createSession('office', {
      flow: 'push',
      request: idRequest(),
      subject: { pesel: citizen.pesel },
    });
    const onB = await widgetOn(b, created.widgetToken);
    await citizen.device.next('request:incoming', bySession(created.sessionId));

    await kill(1);
    await Promise.all([onB.disconnected, citizen.device.disconnected]);

    const widget = await widgetOn(a, created.widgetToken);
    expect(await widget.next<SessionStateEvent>('session:state')).toMatchObject({
      state: 'awaiting_approval',
      matchNumber: created.matchNumber,
    });
    const phone = await phoneOn(c, citizen.deviceToken);
    await phone.next('request:incoming', bySession(created.sessionId));
    expect(await ask(phone.socket, 'request:reject', { sessionId: created.sessionId })).toEqual({
      ok: true,
    });
    expect(
      await widget.next<SessionEndedEvent>('session:ended', bySession(created.sessionId)),
    ).toEqual({ sessionId: created.sessionId, reason: 'rejected' });
    expect(await auditOf(c, created.sessionId)).toMatchObject([{ outcome: 'rejected' }]);
  });

  it.each(['request:approve', 'request:reject'] as const)(
    '[X3][S5] the reconciling pass tells no one what they already know: after %s on a phone, neither that phone nor the widget hears more',
    async (decision) => {
      const [a, b, c] = cluster.nodes as [TestHub, TestHub, TestHub];
      const citizen = await citizenOn(c, 6);
      const created = await a.createSession('office', {
        flow: 'push',
        request: idRequest(),
        subject: { pesel: citizen.pesel },
      });
      const widget = await widgetOn(b, created.widgetToken);
      await citizen.device.next('request:incoming', bySession(created.sessionId));
      const answer = await ask(citizen.device.socket, decision, {
        sessionId: created.sessionId,
        ...(decision === 'request:approve' ? { matchNumber: created.matchNumber } : {}),
      });
      expect(answer).toEqual({ ok: true });
      await widget.next(decision === 'request:approve' ? 'session:data' : 'session:ended');
      await settle([widget, citizen.device]);
      const before = { widget: widget.all('session:state').length };

      for (const node of [a, b, c]) await node.hub.watchdog.check();

      await settle([widget, citizen.device]);
      expect(widget.all('session:state')).toHaveLength(before.widget);
      expect(widget.all('session:ended')).toHaveLength(decision === 'request:approve' ? 0 : 1);
      // The device that decided was spared the echo of its own answer (SPEC: `answered` is
      // for the citizen's *other* devices); a later pass must not send it after all.
      expect(citizen.device.all('request:withdrawn')).toEqual([]);
    },
  );
});
