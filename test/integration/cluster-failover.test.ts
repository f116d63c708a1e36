/**
 * Node death in a three-node cluster on one real Redis (X3): whichever node dies — the one that
 * holds the clerk's widget, the citizen's phone, or the one that created the session — the
 * clients reconnect to a surviving node with the tokens they already have, see where the session
 * stands, and finish; the windows of the dead node's sessions still end once, cluster-wide (S3,
 * H1). `cluster.kill(i)` stops a node as a crash would: its sockets drop and its reaper and Redis
 * clients stop.
 */
import { describe, expect, it } from 'vitest';
import type {
  RequestIncomingEvent,
  RequestWithdrawnEvent,
  SessionData,
  SessionEndedEvent,
  SessionStateEvent,
} from '../../contracts/index.js';
import { useTestCluster } from '../helpers/cluster-fixture.js';
import { ask, idRequest, ofSession } from '../helpers/fixtures.js';

// The reconciling pass runs only where a test calls it, never in the middle of an assertion.
const cluster = useTestCluster({ nodes: 3, config: { watchdogIntervalMs: 3_600_000 } });

/** The audit events of one session (H1), read on node `node`. */
async function auditOf(node: number, sessionId: string) {
  return (await cluster.audit(node)).filter((e) => e.sessionId === sessionId);
}

describe('[X3] a node dies mid-session and nothing is lost', () => {
  it('[X3] the widget’s node dies: the widget reconnects to another node with the same token, sees the state and gets the data', async () => {
    const [a, b, c] = cluster.nodes;
    const created = await a.createSession('bank', { flow: 'code', request: idRequest() });
    const onB = await cluster.widget(b, created.widgetToken);
    await onB.next('session:qr');
    const citizen = await cluster.citizen(c, 0);
    expect((await ask(citizen.device.socket, 'pairing:join', { code: created.code })).ok).toBe(
      true,
    );
    await onB.next<SessionStateEvent>('session:state', (e) => e.state === 'awaiting_approval');

    await cluster.kill(1);
    await onB.disconnected;

    const onA = await cluster.widget(a, created.widgetToken);
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

    await cluster.settle([onA]);
    // P4: the code and QR are gone from the screen; nothing ended the session.
    expect(onA.all('session:qr')).toEqual([]);
    expect(onA.all('session:ended')).toEqual([]);
    expect(onA.all('session:data')).toHaveLength(1);
    expect(await auditOf(2, created.sessionId)).toMatchObject([{ outcome: 'delivered' }]);
  });

  it('[X3] the widget’s node dies while the citizen approves: the widget, back on a third node, gets the data again inside the display window', async () => {
    const [a, b, c] = cluster.nodes;
    const created = await a.createSession('bank', { flow: 'code', request: idRequest() });
    const onB = await cluster.widget(b, created.widgetToken);
    const citizen = await cluster.citizen(a, 1);
    await ask(citizen.device.socket, 'pairing:join', { code: created.code });

    await cluster.kill(1);
    await onB.disconnected;
    // The widget is offline: the delivery it misses must not be lost.
    expect(
      await ask(citizen.device.socket, 'request:approve', { sessionId: created.sessionId }),
    ).toEqual({ ok: true });

    const onC = await cluster.widget(c, created.widgetToken);
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
      const [a, b, c] = cluster.nodes;
      const citizen = await cluster.citizen(c, 2);
      const created =
        flow === 'push'
          ? await a.createSession('office', {
              flow,
              request: idRequest(),
              subject: { pesel: citizen.pesel },
            })
          : await a.createSession('bank', { flow, request: idRequest() });
      const widget = await cluster.widget(b, created.widgetToken);
      if (flow === 'push') {
        await citizen.device.next('request:incoming', ofSession(created.sessionId));
      } else {
        const joined = await ask(citizen.device.socket, 'pairing:join', { code: created.code });
        expect(joined.ok).toBe(true);
      }

      await cluster.kill(2);
      await citizen.device.disconnected;

      const phone = await cluster.phone(a, citizen.deviceToken);
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
      await cluster.settle([widget, phone]);
      expect(widget.all('session:data')).toHaveLength(1);
      expect(phone.all('request:withdrawn')).toEqual([]);
      expect(await auditOf(1, created.sessionId)).toMatchObject([{ outcome: 'delivered' }]);
    },
  );

  it('[X3][S3][H1] the node that created the sessions dies: their windows still end cluster-wide, once, and both sides hear it', async () => {
    const [a, b, c] = cluster.nodes;
    // Waiting for the citizen (pairing window), waiting for approval, and delivered (display).
    const pairing = await a.createSession('bank', { flow: 'code', request: idRequest() });
    const deciding = await a.createSession('bank', { flow: 'code', request: idRequest() });
    const shown = await a.createSession('post', {
      flow: 'code',
      request: idRequest(),
      displaySeconds: 30,
    });
    const widgets = {
      pairing: await cluster.widget(b, pairing.widgetToken),
      deciding: await cluster.widget(b, deciding.widgetToken),
      shown: await cluster.widget(c, shown.widgetToken),
    };
    const decider = await cluster.citizen(c, 3);
    await ask(decider.device.socket, 'pairing:join', { code: deciding.code });
    const sharer = await cluster.citizen(b, 4);
    await ask(sharer.device.socket, 'pairing:join', { code: shown.code });
    await ask(sharer.device.socket, 'request:approve', { sessionId: shown.sessionId });
    await widgets.shown.next('session:data');

    await cluster.kill(0);
    await cluster.advance(181_000);

    expect(
      await widgets.pairing.next<SessionEndedEvent>('session:ended', ofSession(pairing.sessionId)),
    ).toEqual({ sessionId: pairing.sessionId, reason: 'timed_out' });
    expect(
      await widgets.deciding.next<SessionEndedEvent>(
        'session:ended',
        ofSession(deciding.sessionId),
      ),
    ).toEqual({ sessionId: deciding.sessionId, reason: 'timed_out' });
    expect(
      await decider.device.next<RequestWithdrawnEvent>(
        'request:withdrawn',
        ofSession(deciding.sessionId),
      ),
    ).toEqual({ sessionId: deciding.sessionId, reason: 'timed_out' });
    expect(
      await widgets.shown.next<SessionEndedEvent>('session:ended', ofSession(shown.sessionId)),
    ).toEqual({ sessionId: shown.sessionId, reason: 'expired' });

    await cluster.settle([widgets.pairing, widgets.deciding, widgets.shown, decider.device]);
    for (const widget of Object.values(widgets)) {
      expect(widget.all('session:ended')).toHaveLength(1);
    }
    expect(decider.device.all('request:withdrawn')).toHaveLength(1);

    for (const [session, outcome] of [
      [pairing, 'timed_out'],
      [deciding, 'timed_out'],
      [shown, 'delivered'],
    ] as const) {
      const events = await auditOf(1, session.sessionId);
      expect(events).toMatchObject([{ outcome }]);
      expect(events[0]!.node).not.toBe('node-A');
      const status = await c.api<{ state: string }>('GET', `/v1/sessions/${session.sessionId}`, {
        auth: b.verifiers[session === shown ? 'post' : 'bank'].apiKey,
      });
      expect(status.body.state).toBe(session === shown ? 'expired' : 'timed_out');
    }
    // E2: a widget that comes back after the display window gets the state only.
    const late = await cluster.widget(c, shown.widgetToken);
    expect(await late.next<SessionStateEvent>('session:state')).toMatchObject({
      state: 'expired',
    });
    await cluster.settle([late]);
    expect(late.all('session:data')).toEqual([]);
  });

  it('[X3][S5] both sides on the node that dies: each reconnects elsewhere and the citizen can still reject', async () => {
    const [a, b, c] = cluster.nodes;
    const citizen = await cluster.citizen(b, 5);
    const created = await a.createSession('office', {
      flow: 'push',
      request: idRequest(),
      subject: { pesel: citizen.pesel },
    });
    const onB = await cluster.widget(b, created.widgetToken);
    await citizen.device.next('request:incoming', ofSession(created.sessionId));

    await cluster.kill(1);
    await Promise.all([onB.disconnected, citizen.device.disconnected]);

    const widget = await cluster.widget(a, created.widgetToken);
    expect(await widget.next<SessionStateEvent>('session:state')).toMatchObject({
      state: 'awaiting_approval',
      matchNumber: created.matchNumber,
    });
    const phone = await cluster.phone(c, citizen.deviceToken);
    await phone.next('request:incoming', ofSession(created.sessionId));
    expect(await ask(phone.socket, 'request:reject', { sessionId: created.sessionId })).toEqual({
      ok: true,
    });
    expect(
      await widget.next<SessionEndedEvent>('session:ended', ofSession(created.sessionId)),
    ).toEqual({ sessionId: created.sessionId, reason: 'rejected' });
    expect(await auditOf(2, created.sessionId)).toMatchObject([{ outcome: 'rejected' }]);
  });

  it.each(['request:approve', 'request:reject'] as const)(
    '[X3][S5] the reconciling pass tells no one what they already know: after %s on a phone, neither that phone nor the widget hears more',
    async (decision) => {
      const [a, b, c] = cluster.nodes;
      const citizen = await cluster.citizen(c, 6);
      const created = await a.createSession('office', {
        flow: 'push',
        request: idRequest(),
        subject: { pesel: citizen.pesel },
      });
      const widget = await cluster.widget(b, created.widgetToken);
      await citizen.device.next('request:incoming', ofSession(created.sessionId));
      const answer = await ask(citizen.device.socket, decision, {
        sessionId: created.sessionId,
        ...(decision === 'request:approve' ? { matchNumber: created.matchNumber } : {}),
      });
      expect(answer).toEqual({ ok: true });
      await widget.next(decision === 'request:approve' ? 'session:data' : 'session:ended');
      await cluster.settle([widget, citizen.device]);
      const before = { widget: widget.all('session:state').length };

      for (const node of [a, b, c]) await node.hub.watchdog.check();

      await cluster.settle([widget, citizen.device]);
      expect(widget.all('session:state')).toHaveLength(before.widget);
      expect(widget.all('session:ended')).toHaveLength(decision === 'request:approve' ? 0 : 1);
      // The device that decided was spared the echo of its own answer (SPEC: `answered` is
      // for the citizen's *other* devices); a later pass must not send it after all.
      expect(citizen.device.all('request:withdrawn')).toEqual([]);
    },
  );
});
