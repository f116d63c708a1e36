/**
 * F4 (citizen verifies citizen) end to end: the peer session opened from the citizen page, its
 * widget socket (A4 with the hub's own origin), what the other citizen sees (D1: an unverified
 * citizen), the limited claims (D3), delivery (D4), rejection and cancellation (S5) and the
 * windows (S3, E1, E2).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  RequestIncomingEvent,
  SessionData,
  type PeerSessionResponse,
} from '../../contracts/index.js';
import { ask } from '../helpers/clients.js';
import {
  approve,
  expectAckError,
  expectRefused,
  join,
  okData,
  reject,
  startFlowHub,
  type FlowCitizen,
  type FlowHub,
  type RecordedVerifier,
} from '../helpers/flows.js';
import { DEMO_ORIGIN } from '../helpers/test-hub.js';

const PEER_CLAIMS = ['given_names', 'family_name', 'photo', 'age_over_18', 'document_valid'];
const PURPOSE = 'Sprzedaż samochodu';
/** The hub's own origin (the default `publicUrl`), where the citizen page runs. */
const CITIZEN_ORIGIN = 'http://localhost:3000';

let t: FlowHub;
afterEach(async () => {
  await t.close();
});

/** `POST /v1/citizen/peer-sessions` as `owner`. */
function postPeer(owner: FlowCitizen | undefined, body: unknown) {
  return t.api<PeerSessionResponse & { error: { code: string; issues?: unknown[] } }>(
    'POST',
    '/v1/citizen/peer-sessions',
    { ...(owner ? { auth: owner.citizenToken } : {}), json: body },
  );
}

const peerBody = (extra: Record<string, unknown> = {}, claims = PEER_CLAIMS) => ({
  request: { documents: [{ type: 'id_card', claims }], purpose: PURPOSE },
  ...extra,
});

/** Citizen 0 opens a peer session and connects its widget; citizen 1 is the one verified. */
async function openPeer(extra: Record<string, unknown> = {}) {
  const owner = await t.person(0);
  const res = await postPeer(owner, peerBody(extra));
  expect(res.status).toBe(201);
  const widget: RecordedVerifier = await t.widget(res.body.widgetToken);
  const other = await t.person(1);
  return { owner, other, created: res.body, widget, sessionId: res.body.sessionId };
}

describe('F4 peer sessions', () => {
  beforeEach(async () => {
    t = await startFlowHub();
  });

  it('[F4] a citizen opens a peer session: 201 with a code and a widget token', async () => {
    const owner = await t.person(0);
    const res = await postPeer(owner, peerBody());
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      sessionId: expect.stringMatching(/^[A-Za-z0-9_-]{22,}$/),
      widgetToken: expect.any(String),
      code: expect.stringMatching(/^\d{8}$/),
      expiresAt: expect.any(String),
    });
    expect(Date.parse(res.body.expiresAt)).toBeGreaterThan(t.clock.now());
  });

  it('[F4][A4] the peer widget connects with no Origin or from the citizen page, not from elsewhere', async () => {
    const { created, widget } = await openPeer();
    await widget.state('awaiting_citizen');
    expect((await widget.qr()).code).toBe(created.code);
    const fromPage = await t.widget(created.widgetToken, { origin: CITIZEN_ORIGIN });
    await fromPage.state('awaiting_citizen');
    await expectRefused(t.widget(created.widgetToken, { origin: DEMO_ORIGIN }), 'forbidden');
    await expectRefused(
      t.widget(created.widgetToken, { origin: 'https://evil.example' }),
      'forbidden',
    );
  });

  it('[F4][D1][D4] the other citizen sees an unverified citizen, approves, and the data flows', async () => {
    const { owner, other, created, widget, sessionId } = await openPeer({ displaySeconds: 30 });
    const incoming = RequestIncomingEvent.parse(okData(await join(other, { code: created.code })));
    const ownerPerson = (await t.register.findPerson({ pesel: owner.pesel }))!;
    expect(incoming).toEqual({
      sessionId,
      flow: 'peer',
      verifier: {
        id: expect.stringMatching(/^citizen:/),
        name: `${ownerPerson.givenNames.split(' ')[0]} ${ownerPerson.familyName}`,
        kind: 'citizen',
        verified: false,
      },
      request: {
        documents: [{ type: 'id_card', claims: PEER_CLAIMS }],
        purpose: PURPOSE,
        retain: false,
      },
      matchRequired: false,
      expiresAt: expect.any(String),
      displaySeconds: 30,
    });
    await widget.state('awaiting_approval');
    okData(await approve(other, sessionId));
    const data = SessionData.parse(await widget.data());
    const person = (await t.register.findPerson({ pesel: other.pesel }))!;
    expect(data.claims).toEqual({
      id_card: {
        given_names: person.givenNames,
        family_name: person.familyName,
        photo: expect.stringMatching(/^data:image\//),
        age_over_18: true,
        document_valid: true,
        status: 'valid',
      },
    });
    const jwt = await t.verifyPresentation(data.presentation, incoming.verifier.id);
    expect(jwt).toMatchObject({ sid: sessionId, documents: ['id_card'] });
    expect(Object.keys((jwt.claims as { id_card: object }).id_card).sort()).toEqual(
      [...PEER_CLAIMS].sort(),
    );
    // [H1] The audit event names no one: the asking citizen's name is personal data.
    const events = JSON.stringify(await t.hub.ctx.records.audit.range());
    expect(events).toContain(sessionId);
    for (const name of [ownerPerson.familyName, person.familyName]) {
      expect(events).not.toContain(name);
    }
  });

  it('[F4][D3] a citizen may ask only for name, photo, age over 18 and validity, and never retain', async () => {
    const owner = await t.person(0);
    for (const claim of ['pesel', 'birth_date']) {
      const res = await postPeer(owner, peerBody({}, ['given_names', claim]));
      expect(res.status, claim).toBe(403);
      expect(res.body.error).toMatchObject({
        code: 'forbidden',
        issues: [{ path: 'request.documents.0.claims.1', message: expect.any(String) }],
      });
    }
    const retain = await postPeer(owner, {
      request: { ...peerBody().request, retain: true },
    });
    expect(retain.status).toBe(403);
    expect(retain.body.error.code).toBe('forbidden');
    const anonymous = await postPeer(undefined, peerBody());
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('unauthorized');
  });

  it('[F4] a citizen cannot join their own peer session (forbidden); someone else still can', async () => {
    const { owner, other, created } = await openPeer();
    expectAckError(await join(owner, { code: created.code }), 'forbidden');
    okData(await join(other, { code: created.code }));
  });

  it('[F4][S5] the other citizen rejects (joined by QR): the owner sees rejected', async () => {
    const { other, widget, sessionId } = await openPeer();
    const qr = await widget.qr();
    okData(await join(other, { qr: qr.payload }));
    okData(await reject(other, sessionId));
    await widget.state('rejected');
    expect(await widget.ended()).toEqual({ sessionId, reason: 'rejected' });
  });

  it('[F4][S5] the owner cancels from the widget: the other citizen learns it at once', async () => {
    const { other, created, widget, sessionId } = await openPeer();
    okData(await join(other, { code: created.code }));
    okData(await ask(widget.socket, 'session:cancel', { sessionId }));
    expect(await other.events.seen('request:withdrawn')).toEqual({
      sessionId,
      reason: 'cancelled',
    });
    expect(await widget.ended()).toEqual({ sessionId, reason: 'cancelled' });
    expectAckError(await approve(other, sessionId), 'gone');
  });

  it('[F4][E1][E2] after the display window the peer data is gone, also on reconnect', async () => {
    const { other, created, widget, sessionId } = await openPeer({ displaySeconds: 2 });
    okData(await join(other, { code: created.code }));
    okData(await approve(other, sessionId));
    await widget.data();
    await t.advance(3000);
    await widget.state('expired');
    expect(await widget.ended()).toEqual({ sessionId, reason: 'expired' });
    const again = await t.widget(created.widgetToken);
    await again.ended();
    expect(again.all('session:data')).toEqual([]);
  });
});

describe('F4 windows', () => {
  beforeEach(async () => {
    t = await startFlowHub({ config: { pairingWindowMs: 1000, approvalWindowMs: 1000 } });
  });

  it('[F4][S3] nobody joins within the pairing window: timed_out', async () => {
    const { other, created, widget, sessionId } = await openPeer();
    await t.advance(1500);
    expect(await widget.ended()).toEqual({ sessionId, reason: 'timed_out' });
    expectAckError(await join(other, { code: created.code }), 'code_invalid');
  });

  it('[F4][S3] the other citizen does not decide in time: timed_out on both sides', async () => {
    const { other, created, widget, sessionId } = await openPeer();
    okData(await join(other, { code: created.code }));
    await t.advance(1500);
    expect(await other.events.seen('request:withdrawn')).toEqual({
      sessionId,
      reason: 'timed_out',
    });
    expect(await widget.ended()).toEqual({ sessionId, reason: 'timed_out' });
  });
});
