/**
 * Every flow across three hub nodes on one real Redis (X1, X2): the backend's HTTP calls go to
 * node A, the clerk's widget is connected to node B, the citizen's phone to node C — and the
 * verification completes exactly as on one node.
 */
import { describe, expect, it } from 'vitest';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { SessionData } from '../../contracts/index.js';
import { useTestCluster } from '../helpers/cluster-fixture.js';
import { LEGAL_BASIS, ask, idRequest, smsCode } from '../helpers/fixtures.js';

const cluster = useTestCluster({ nodes: 3 });

/** The widget of a session, on node B. */
function widgetOnB(token: string) {
  return cluster.widget(1, token);
}

/** An enrolled citizen whose phone is connected to node C. */
function citizenOnC(index = 0) {
  return cluster.citizen(2, index);
}

async function verifySignature(data: SessionData, audience: string): Promise<void> {
  const jwks = createRemoteJWKSet(new URL(`${cluster.nodes[1]!.url}/.well-known/jwks.json`));
  await jwtVerify(data.presentation, jwks, { audience });
}

describe('[X2] every flow across three nodes', () => {
  it('[X2][F1] code: backend on A, widget on B, phone on C', async () => {
    const [a] = cluster.nodes;
    const created = await a.createSession('bank', { flow: 'code', request: idRequest() });
    const widget = await widgetOnB(created.widgetToken);
    const qr = await widget.next<{ payload: string }>('session:qr');
    const citizen = await citizenOnC();
    const joined = await ask(citizen.device.socket, 'pairing:join', { qr: qr.payload });
    expect(joined.ok).toBe(true);
    await widget.next('session:state', (e: { state: string }) => e.state === 'awaiting_approval');
    const approved = await ask(citizen.device.socket, 'request:approve', {
      sessionId: created.sessionId,
    });
    expect(approved).toEqual({ ok: true });
    const data = await widget.next<SessionData>('session:data');
    await verifySignature(data, a.verifiers.bank.verifier.id);
    const result = await a.api('GET', `/v1/sessions/${created.sessionId}/result`, {
      auth: a.verifiers.bank.apiKey,
    });
    expect(result.status).toBe(200);
  });

  it('[X2][F2] push: the request reaches the phone on another node, match number checked', async () => {
    const [a] = cluster.nodes;
    const citizen = await citizenOnC();
    const created = await a.createSession('office', {
      flow: 'push',
      request: idRequest(),
      subject: { pesel: citizen.pesel },
    });
    const widget = await widgetOnB(created.widgetToken);
    const incoming = await citizen.device.next<{ sessionId: string; matchRequired: boolean }>(
      'request:incoming',
    );
    expect(incoming).toMatchObject({ sessionId: created.sessionId, matchRequired: true });
    const approved = await ask(citizen.device.socket, 'request:approve', {
      sessionId: created.sessionId,
      matchNumber: created.matchNumber,
    });
    expect(approved).toEqual({ ok: true });
    await widget.next('session:data');
  });

  it('[X2][F3] otp: SMS from node A, code typed in the widget on node B', async () => {
    const [a] = cluster.nodes;
    const person = await a.register.sample(1).then((p) => p[0]!);
    const created = await a.createSession('post', {
      flow: 'otp',
      request: idRequest(),
      subject: { pesel: person.pesel },
    });
    const widget = await widgetOnB(created.widgetToken);
    const ack = await ask(widget.socket, 'otp:submit', {
      sessionId: created.sessionId,
      code: smsCode(a, person.phone),
    });
    expect(ack).toEqual({ ok: true });
    await widget.next('session:data');
  });

  it('[X2][F4] peer: owner’s widget on B, other citizen on C', async () => {
    const [a] = cluster.nodes;
    const owner = await a.citizen({ index: 1 });
    const peer = await a.api<{ sessionId: string; widgetToken: string; code: string }>(
      'POST',
      '/v1/citizen/peer-sessions',
      {
        auth: owner.citizenToken,
        json: {
          request: {
            documents: [{ type: 'id_card', claims: ['given_names', 'age_over_18'] }],
            purpose: 'Sprzedaż samochodu',
          },
        },
      },
    );
    expect(peer.status).toBe(201);
    const widget = await widgetOnB(peer.body.widgetToken);
    const other = await citizenOnC(2);
    expect((await ask(other.device.socket, 'pairing:join', { code: peer.body.code })).ok).toBe(
      true,
    );
    await ask(other.device.socket, 'request:approve', { sessionId: peer.body.sessionId });
    const data = await widget.next<SessionData>('session:data');
    expect(data.claims.id_card).toMatchObject({ age_over_18: true, status: 'valid' });
  });

  it('[X2][F5] privileged: lookup on A, data on the widget on B, history read on C', async () => {
    const [a, , c] = cluster.nodes;
    const citizen = await citizenOnC(3);
    const created = await a.createSession('police', {
      flow: 'privileged',
      request: idRequest(),
      subject: { pesel: citizen.pesel },
      legalBasis: LEGAL_BASIS,
    });
    expect(created.state).toBe('delivered');
    const widget = await widgetOnB(created.widgetToken);
    await widget.next('session:data');
    const history = await c.api<{ entries: Array<{ legalBasis?: string }> }>(
      'GET',
      '/v1/citizen/history',
      { auth: citizen.citizenToken },
    );
    expect(history.body.entries[0]?.legalBasis).toBe(LEGAL_BASIS);
  });

  it('[X2][S5] a cancel on node A reaches the widget on B and the phone on C at once', async () => {
    const [a] = cluster.nodes;
    const created = await a.createSession('bank', { flow: 'code', request: idRequest() });
    const widget = await widgetOnB(created.widgetToken);
    const citizen = await citizenOnC();
    await ask(citizen.device.socket, 'pairing:join', { code: created.code });
    await a.api('DELETE', `/v1/sessions/${created.sessionId}`, {
      auth: a.verifiers.bank.apiKey,
    });
    expect(await widget.next('session:ended')).toMatchObject({ reason: 'cancelled' });
    expect(await citizen.device.next('request:withdrawn')).toMatchObject({ reason: 'cancelled' });
  });

  it('[X2][A3] deactivating a device on node A disconnects its socket on node C', async () => {
    const [a] = cluster.nodes;
    const citizen = await citizenOnC();
    await a.api('DELETE', `/v1/citizen/devices/${citizen.deviceId}`, {
      auth: citizen.citizenToken,
    });
    expect(await citizen.device.disconnected).toBe('io server disconnect');
  });

  it('[X2][S3] a window ends once cluster-wide and both sides hear it, wherever they are', async () => {
    const [a] = cluster.nodes;
    const created = await a.createSession('bank', { flow: 'code', request: idRequest() });
    const widget = await widgetOnB(created.widgetToken);
    const citizen = await citizenOnC();
    await ask(citizen.device.socket, 'pairing:join', { code: created.code });
    await cluster.advance(121_000);
    expect(await widget.next('session:ended')).toMatchObject({ reason: 'timed_out' });
    expect(await citizen.device.next('request:withdrawn')).toMatchObject({ reason: 'timed_out' });
    const audit = await a.api<{ events: Array<{ sessionId: string }> }>('GET', '/v1/admin/audit', {
      auth: a.adminToken,
    });
    expect(audit.body.events.filter((e) => e.sessionId === created.sessionId)).toHaveLength(1);
  });
});
