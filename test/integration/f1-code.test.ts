/**
 * F1 (code flow) end to end over real sockets: creating a session, the rotating QR and the
 * 6-digit code (P1–P4), consent and delivery (D1–D4), rejection and cancellation (S5), the
 * windows (S3, E1–E3) and the one-pending-request rule (S4).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  RequestIncomingEvent,
  SessionData,
  SessionResult,
  SessionQrEvent,
  SessionStateEvent,
  peselBirthDate,
  type RequestWithdrawnEvent,
  type SessionStatusResponse,
} from '../../contracts/index.js';
import { ask } from '../helpers/clients.js';
import {
  approve,
  expectAckError,
  idCardRequest,
  join,
  okData,
  otherCode,
  qrTickerTurn,
  reject,
  startFlowHub,
  type FlowCitizen,
  type FlowHub,
} from '../helpers/flows.js';

let t: FlowHub;
afterEach(async () => {
  await t.close();
});

/** A joined F1 session: widget connected, citizen 0 deciding. */
async function joined(body: Parameters<FlowHub['codeSession']>[0] = {}) {
  const session = await t.codeSession(body);
  const citizen = await t.person(0);
  const incoming = okData(await join(citizen, { code: session.created.code! }));
  await session.verifier.state('awaiting_approval');
  return { ...session, citizen, incoming, sessionId: session.created.sessionId };
}

/** A delivered F1 session with its `session:data`. */
async function delivered(body: Parameters<FlowHub['codeSession']>[0] = {}) {
  const session = await joined(body);
  okData(await approve(session.citizen, session.sessionId));
  const data = SessionData.parse(await session.verifier.data());
  return { ...session, data };
}

const withdrawn = (citizen: FlowCitizen) =>
  citizen.events.seen<RequestWithdrawnEvent>('request:withdrawn');

describe('F1 code flow', () => {
  beforeEach(async () => {
    t = await startFlowHub();
  });

  it('[F1][P1] a new session answers 201 with a code; the widget gets its state and the QR at once', async () => {
    const res = await t.api<Record<string, unknown>>('POST', '/v1/sessions', {
      auth: t.verifiers.bank.apiKey,
      json: { flow: 'code', request: idCardRequest() },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      sessionId: expect.stringMatching(/^[A-Za-z0-9_-]{22,}$/),
      state: 'awaiting_citizen',
      expiresAt: expect.any(String),
      widgetToken: expect.any(String),
      code: expect.stringMatching(/^\d{8}$/),
    });
    const verifier = await t.widget(res.body.widgetToken as string);
    const state = SessionStateEvent.parse(await verifier.state('awaiting_citizen'));
    expect(state.sessionId).toBe(res.body.sessionId);
    const qr = SessionQrEvent.parse(await verifier.qr());
    expect(qr).toEqual({
      payload: expect.stringMatching(/^mdok1\./),
      code: res.body.code,
      validForSeconds: 5,
    });
  });

  it('[P1] the QR payload rotates every second while the code stays', async () => {
    const { created, verifier } = await t.codeSession();
    const first = await verifier.qr();
    t.clock.advance(1000);
    const next = await verifier.qr((qr) => qr.payload !== first.payload);
    expect(next.code).toBe(created.code);
    expect(next.payload).not.toBe(first.payload);
  });

  it('[F1][D1] joining by code shows who asks for what', async () => {
    const { created } = await t.codeSession({
      request: { ...idCardRequest(['photo', 'pesel']), purpose: 'Kredyt', retain: true },
    });
    const citizen = await t.person(0);
    const incoming = RequestIncomingEvent.parse(
      okData(await join(citizen, { code: created.code! })),
    );
    const bank = t.verifiers.bank.verifier;
    expect(incoming).toEqual({
      sessionId: created.sessionId,
      flow: 'code',
      verifier: { id: bank.id, name: bank.name, kind: 'bank', branch: bank.branch, verified: true },
      request: {
        documents: [{ type: 'id_card', claims: ['photo', 'pesel'] }],
        purpose: 'Kredyt',
        retain: true,
      },
      matchRequired: false,
      expiresAt: expect.any(String),
      displaySeconds: 120,
    });
    expect(Date.parse(incoming.expiresAt)).toBeGreaterThan(t.clock.now());
  });

  it('[P4] after a QR join the widget moves to awaiting_approval and shows no more QR codes', async () => {
    const { created, verifier } = await t.codeSession();
    const qr = await verifier.qr();
    const citizen = await t.person(0);
    const incoming = okData(await join(citizen, { qr: qr.payload }));
    expect(incoming.sessionId).toBe(created.sessionId);
    await verifier.state('awaiting_approval');
    const qrCount = verifier.all('session:qr').length;
    await qrTickerTurn(t, verifier.socket);
    expect(verifier.all('session:qr')).toHaveLength(qrCount);
  });

  it('[P2] a used code or QR is gone: using it again is code_invalid', async () => {
    const { created, verifier } = await t.codeSession();
    const qr = await verifier.qr();
    const first = await t.person(0);
    okData(await join(first, { code: created.code! }));
    const second = await t.person(1);
    expectAckError(await join(second, { code: created.code! }), 'code_invalid');
    expectAckError(await join(second, { qr: qr.payload }), 'code_invalid');
    expectAckError(await join(first, { code: created.code! }), 'code_invalid');
  });

  it('[D2][D4] approval delivers exactly the requested claims in a signed presentation', async () => {
    const { verifier, citizen, sessionId, data } = await delivered({ nonce: 'nonce-42' });
    expect(verifier.all('session:state').map((e) => (e as SessionStateEvent).state)).toEqual([
      'awaiting_citizen',
      'awaiting_approval',
      'approved',
      'delivered',
    ]);
    const person = (await t.register.findPerson({ pesel: citizen.pesel }))!;
    expect(data.sessionId).toBe(sessionId);
    expect(data.claims).toEqual({
      id_card: {
        given_names: person.givenNames,
        family_name: person.familyName,
        age_over_18: true,
        status: 'valid',
      },
    });
    expect(JSON.stringify(data)).not.toContain('birth_date');
    const jwt = await t.verifyPresentation(data.presentation, t.verifiers.bank.verifier.id);
    expect(jwt).toMatchObject({
      sid: sessionId,
      nonce: 'nonce-42',
      documents: ['id_card'],
      claims: {
        id_card: {
          given_names: person.givenNames,
          family_name: person.familyName,
          age_over_18: true,
        },
      },
      status: { id_card: 'valid' },
      jti: expect.any(String),
      iat: expect.any(Number),
    });
    expect(Object.keys((jwt.claims as { id_card: object }).id_card).sort()).toEqual([
      'age_over_18',
      'family_name',
      'given_names',
    ]);
    expect(jwt.exp).toBe(Math.ceil(Date.parse(data.displayUntil) / 1000));
  });

  it('[D2] the birth date is delivered only when requested', async () => {
    const { citizen, data } = await delivered({
      request: idCardRequest(['birth_date', 'age_over_18']),
    });
    expect(data.claims.id_card).toEqual({
      birth_date: peselBirthDate(citizen.pesel),
      age_over_18: true,
      status: 'valid',
    });
  });

  it('[P1] a QR payload older than 5 s is refused as expired', async () => {
    const { verifier } = await t.codeSession();
    const qr = await verifier.qr();
    const citizen = await t.person(0);
    t.clock.advance(6000);
    expectAckError(await join(citizen, { qr: qr.payload }), 'expired');
  });

  it('[P1] a QR payload a few seconds old is still accepted', async () => {
    const { verifier } = await t.codeSession();
    const qr = await verifier.qr();
    const citizen = await t.person(0);
    t.clock.advance(4000);
    okData(await join(citizen, { qr: qr.payload }));
  });

  it('[P1] a QR payload with a forged MAC is code_invalid', async () => {
    const { verifier } = await t.codeSession();
    const { payload } = await verifier.qr();
    const last = payload.at(-1) === 'A' ? 'B' : 'A';
    const citizen = await t.person(0);
    expectAckError(await join(citizen, { qr: payload.slice(0, -1) + last }), 'code_invalid');
    expectAckError(await join(citizen, { qr: 'mdok1.not-a-payload' }), 'code_invalid');
  });

  it('[P3] the 5th wrong code of a citizen is too_many_attempts, then even the right one is', async () => {
    const { created } = await t.codeSession();
    const code = created.code!;
    const citizen = await t.person(0);
    for (let i = 1; i <= 4; i++) {
      expectAckError(await join(citizen, { code: otherCode(code, i) }), 'code_invalid');
    }
    expectAckError(await join(citizen, { code: otherCode(code, 5) }), 'too_many_attempts');
    expectAckError(await join(citizen, { code }), 'too_many_attempts');
    // The limit is the citizen's: another citizen still joins with the right code.
    const other = await t.person(1);
    okData(await join(other, { code }));
  });

  it('[S5] the citizen rejects: the widget sees rejected and the session ends', async () => {
    const { verifier, citizen, sessionId } = await joined();
    okData(await reject(citizen, sessionId));
    await verifier.state('rejected');
    expect(await verifier.ended()).toEqual({ sessionId, reason: 'rejected' });
    expectAckError(await approve(citizen, sessionId), 'gone');
    expect(verifier.all('session:data')).toEqual([]);
  });

  it('[S5] the widget cancels: the joined citizen learns it at once and cannot approve', async () => {
    const { verifier, citizen, sessionId } = await joined();
    okData(await ask(verifier.socket, 'session:cancel', { sessionId }));
    expect(await withdrawn(citizen)).toEqual({ sessionId, reason: 'cancelled' });
    await verifier.state('cancelled');
    expect(await verifier.ended()).toEqual({ sessionId, reason: 'cancelled' });
    expectAckError(await approve(citizen, sessionId), 'gone');
  });

  it('[S5] the backend cancels with DELETE: 200 cancelled, the citizen is told', async () => {
    const { verifier, citizen, sessionId } = await joined();
    const auth = t.verifiers.bank.apiKey;
    const res = await t.api<SessionStatusResponse>('DELETE', `/v1/sessions/${sessionId}`, { auth });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ sessionId, state: 'cancelled' });
    expect(await withdrawn(citizen)).toEqual({ sessionId, reason: 'cancelled' });
    expect(await verifier.ended()).toEqual({ sessionId, reason: 'cancelled' });
    const status = await t.api<SessionStatusResponse>('GET', `/v1/sessions/${sessionId}`, { auth });
    expect(status.body.state).toBe('cancelled');
    expectAckError(await approve(citizen, sessionId), 'gone');
  });

  it('[S5][P2] a session cancelled before anyone joined frees its code', async () => {
    const { created, verifier } = await t.codeSession();
    okData(await ask(verifier.socket, 'session:cancel', { sessionId: created.sessionId }));
    await verifier.ended();
    const citizen = await t.person(0);
    expectAckError(await join(citizen, { code: created.code! }), 'code_invalid');
  });

  it('[S5] a delivered session can no longer be cancelled (gone)', async () => {
    const { verifier, sessionId } = await delivered();
    const res = await t.api('DELETE', `/v1/sessions/${sessionId}`, {
      auth: t.verifiers.bank.apiKey,
    });
    expect(res.status).toBe(410);
    expect(res.body).toMatchObject({ error: { code: 'gone' } });
    expectAckError(await ask(verifier.socket, 'session:cancel', { sessionId }), 'gone');
  });

  it('[S4] a citizen deciding on one request cannot join another (subject_busy) until it ends', async () => {
    const a = await joined();
    const b = await t.codeSession({}, 'post');
    expectAckError(await join(a.citizen, { code: b.created.code! }), 'subject_busy');
    okData(await reject(a.citizen, a.sessionId));
    okData(await join(a.citizen, { code: b.created.code! }));
  });

  it('[D3] a verifier may ask only for claims, flows and display windows its registration allows', async () => {
    const post = (handle: 'bank' | 'post', json: unknown) =>
      t.api<{ error: { code: string; issues?: unknown[] } }>('POST', '/v1/sessions', {
        auth: t.verifiers[handle].apiKey,
        json,
      });
    const licence = await post('bank', {
      flow: 'code',
      request: {
        documents: [{ type: 'driving_licence', claims: ['categories'] }],
        purpose: 'Kredyt',
      },
    });
    expect(licence.status).toBe(403);
    expect(licence.body.error).toMatchObject({
      code: 'forbidden',
      issues: [{ path: 'request.documents.0.claims.0', message: expect.any(String) }],
    });
    const push = await post('post', { flow: 'push', request: idCardRequest(['photo']) });
    expect(push.status).toBe(403);
    expect(push.body.error.code).toBe('forbidden');
    const retain = await post('post', {
      flow: 'code',
      request: { ...idCardRequest(['photo']), retain: true },
    });
    expect(retain.body.error.code).toBe('forbidden');
    const long = await post('post', {
      flow: 'code',
      request: idCardRequest(['photo']),
      displaySeconds: 120,
    });
    expect(long.body.error.code).toBe('forbidden');
  });
});

describe('F1 windows', () => {
  beforeEach(async () => {
    t = await startFlowHub({ config: { pairingWindowMs: 1000, approvalWindowMs: 1000 } });
  });

  it('[S3][P2] nobody joins within the pairing window: timed_out, and the code is dead', async () => {
    const { created, verifier } = await t.codeSession();
    await t.advance(1500);
    await verifier.state('timed_out');
    expect(await verifier.ended()).toEqual({ sessionId: created.sessionId, reason: 'timed_out' });
    const citizen = await t.person(0);
    expectAckError(await join(citizen, { code: created.code! }), 'code_invalid');
  });

  it('[S3] the citizen does not decide within the approval window: timed_out on both sides', async () => {
    const { verifier, citizen, sessionId } = await joined();
    await t.advance(1500);
    expect(await withdrawn(citizen)).toEqual({ sessionId, reason: 'timed_out' });
    await verifier.state('timed_out');
    expect(await verifier.ended()).toEqual({ sessionId, reason: 'timed_out' });
    expectAckError(await approve(citizen, sessionId), 'gone');
  });
});

describe('F1 display window', () => {
  beforeEach(async () => {
    t = await startFlowHub();
  });

  const result = (sessionId: string) =>
    t.api<SessionResult | { error: { code: string } }>('GET', `/v1/sessions/${sessionId}/result`, {
      auth: t.verifiers.bank.apiKey,
    });

  it('[E3] the backend fetches the result once; the second fetch is gone', async () => {
    const { sessionId, data } = await delivered({ displaySeconds: 2 });
    const first = await result(sessionId);
    expect(first.status).toBe(200);
    // Not retained: the signed outcome, no raw claim (the widget had them, E1).
    expect(SessionResult.parse(first.body)).toEqual({
      sessionId,
      displayUntil: data.displayUntil,
      retained: false,
      outcome: expect.any(String),
      documents: {
        id_card: {
          status: data.claims.id_card!.status,
          age_over_18: data.claims.id_card!.age_over_18,
        },
      },
    });
    const second = await result(sessionId);
    expect(second.status).toBe(410);
    expect(second.body).toMatchObject({ error: { code: 'gone' } });
  });

  it('[E1][E2] after the display window the session expires and nothing hands the data out again', async () => {
    const { created, verifier, sessionId } = await delivered({ displaySeconds: 2 });
    expect(verifier.all('session:ended')).toEqual([]);
    await t.advance(3000);
    await verifier.state('expired');
    expect(await verifier.ended()).toEqual({ sessionId, reason: 'expired' });
    const late = await result(sessionId);
    expect(late.status).toBe(410);
    expect(late.body).toMatchObject({ error: { code: 'expired' } });
    const again = await t.widget(created.widgetToken);
    await again.state('expired');
    expect(await again.ended()).toEqual({ sessionId, reason: 'expired' });
    expect(again.all('session:data')).toEqual([]);
  });

  it('[E2] a widget reconnecting inside the display window gets the data again', async () => {
    const { created, verifier, data } = await delivered({ displaySeconds: 2 });
    verifier.socket.close();
    await t.advance(1000);
    const again = await t.widget(created.widgetToken);
    await again.state('delivered');
    expect(await again.data()).toEqual(data);
  });
});

describe('F1 citizen phone', () => {
  beforeEach(async () => {
    t = await startFlowHub();
  });

  it('[F1] a phone reconnecting while a request waits gets it again', async () => {
    const { citizen, incoming } = await joined();
    const phone = await t.phone(citizen.deviceToken);
    expect(await phone.seen('request:incoming')).toEqual(incoming);
  });
});

describe('[E1][X3] delivery reaches the screen', () => {
  beforeEach(async () => {
    t = await startFlowHub({ config: { watchdogIntervalMs: 3_600_000 } });
  });

  it('[E1][X3] a widget whose session:data was lost (its node died between state and data) gets it from the watchdog, once', async () => {
    const session = await joined();
    // The event is lost as it would be with the delivering node dying right after the state.
    const notify = t.hub.ctx.notify;
    const realData = notify.data.bind(notify);
    notify.data = () => {};
    okData(await approve(session.citizen, session.sessionId));
    await session.verifier.state('delivered');
    notify.data = realData;
    await t.hub.watchdog.check();
    const data = SessionData.parse(await session.verifier.data());
    expect(data.sessionId).toBe(session.sessionId);
    // Delivered data is not sent again on the next pass.
    await t.hub.watchdog.check();
    const again = await t.widget(session.created.widgetToken);
    await again.data();
    expect(session.verifier.all('session:data')).toHaveLength(1);
  });
});
