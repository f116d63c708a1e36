/**
 * F2 push (P5, S4): the clerk names an enrolled citizen, the phone approves with the match
 * number; wrong numbers, several devices, resume, a busy citizen and a register outage.
 */
import { describe, expect, it } from 'vitest';
import type {
  RequestIncomingEvent,
  RequestWithdrawnEvent,
  SessionData,
  SessionEndedEvent,
  SessionStateEvent,
  SessionStatusResponse,
} from '../../contracts/index.js';
import {
  ask,
  expectAckError,
  expectHttpError,
  idRequest,
  otherNumber,
  postSession,
  switchableRegister,
  useHubs,
  type Enrolled,
} from '../helpers/fixtures.js';
import type { TestHub } from '../helpers/test-hub.js';

const hubs = useHubs();
const bySession = (id: string) => (e: { sessionId: string }) => e.sessionId === id;

async function push(t: TestHub, citizen: Enrolled, subject: object = { pesel: citizen.pesel }) {
  return t.createSession('bank', { flow: 'push', request: idRequest(), subject });
}

async function status(t: TestHub, sessionId: string): Promise<SessionStatusResponse> {
  const answer = await t.api<SessionStatusResponse>('GET', `/v1/sessions/${sessionId}`, {
    auth: t.verifiers.bank.apiKey,
  });
  return answer.body;
}

describe('F2 push', () => {
  it('[F2][P5] a push by PESEL reaches the phone; the right match number delivers', async () => {
    const t = await hubs.start();
    const citizen = await hubs.enrol(t);
    const created = await push(t, citizen);
    expect(created).toMatchObject({
      state: 'awaiting_approval',
      matchNumber: expect.stringMatching(/^\d{2}$/),
      widgetToken: expect.any(String),
      expiresAt: expect.any(String),
    });
    const incoming = await citizen.device.next<RequestIncomingEvent>('request:incoming');
    expect(incoming).toEqual({
      sessionId: created.sessionId,
      flow: 'push',
      verifier: {
        id: t.verifiers.bank.verifier.id,
        name: 'Bank Przykładowy S.A.',
        kind: 'bank',
        branch: expect.any(String),
        verified: true,
      },
      request: idRequest(['given_names', 'family_name'], { retain: false }),
      matchRequired: true,
      expiresAt: expect.any(String),
      displaySeconds: 120,
    });

    const widget = await hubs.widget(t, created.widgetToken);
    const state = await widget.next<SessionStateEvent>('session:state');
    expect(state).toMatchObject({ state: 'awaiting_approval', matchNumber: created.matchNumber });
    const approved = await ask(citizen.device.socket, 'request:approve', {
      sessionId: created.sessionId,
      matchNumber: created.matchNumber,
    });
    expect(approved).toEqual({ ok: true });
    const data = await widget.next<SessionData>('session:data');
    const person = t.register.person(0);
    expect(data.claims.id_card).toEqual({
      given_names: person.documents.id_card.claims.given_names,
      family_name: person.documents.id_card.claims.family_name,
      status: person.documents.id_card.status,
    });
  });

  it('[F2] a push by the phone number given at activation, as E.164 or nine digits', async () => {
    const t = await hubs.start();
    const first = await hubs.enrol(t, { index: 0 });
    const second = await hubs.enrol(t, { index: 1 });
    const e164 = await push(t, first, { phone: first.phone });
    const nine = await push(t, second, { phone: second.phone.slice(3) });
    expect(second.phone).toMatch(/^\+48\d{9}$/);
    for (const [citizen, created] of [
      [first, e164],
      [second, nine],
    ] as const) {
      expect(created.state).toBe('awaiting_approval');
      await citizen.device.next('request:incoming', bySession(created.sessionId));
    }
    expect(first.device.all('request:incoming')).toHaveLength(1);
    expect(second.device.all('request:incoming')).toHaveLength(1);
  });

  it('[P5] approving without the match number is invalid_request and decides nothing', async () => {
    const t = await hubs.start();
    const citizen = await hubs.enrol(t);
    const created = await push(t, citizen);
    const ack = await ask(citizen.device.socket, 'request:approve', {
      sessionId: created.sessionId,
    });
    expectAckError(ack, 'invalid_request');
    expect((await status(t, created.sessionId)).state).toBe('awaiting_approval');
    const approved = await ask(citizen.device.socket, 'request:approve', {
      sessionId: created.sessionId,
      matchNumber: created.matchNumber,
    });
    expect(approved).toEqual({ ok: true });
  });

  it('[P3][P5] wrong match numbers are code_invalid; the 5th ends the session failed', async () => {
    const t = await hubs.start();
    const citizen = await hubs.enrol(t);
    const created = await push(t, citizen);
    const widget = await hubs.widget(t, created.widgetToken);
    const wrong = { sessionId: created.sessionId, matchNumber: otherNumber(created.matchNumber!) };
    for (let i = 1; i <= 4; i++) {
      expectAckError(await ask(citizen.device.socket, 'request:approve', wrong), 'code_invalid');
    }
    const fifth = await ask(citizen.device.socket, 'request:approve', wrong);
    expectAckError(fifth, 'too_many_attempts');
    expect(await widget.next<SessionEndedEvent>('session:ended')).toEqual({
      sessionId: created.sessionId,
      reason: 'too_many_attempts',
    });
    expect(await citizen.device.next<RequestWithdrawnEvent>('request:withdrawn')).toEqual({
      sessionId: created.sessionId,
      reason: 'too_many_attempts',
    });
    expect(await status(t, created.sessionId)).toMatchObject({
      state: 'failed',
      endReason: 'too_many_attempts',
    });
    const late = await ask(citizen.device.socket, 'request:approve', {
      sessionId: created.sessionId,
      matchNumber: created.matchNumber,
    });
    expect(late.ok).toBe(false);
    expect(widget.all('session:data')).toEqual([]);
  });

  it('[F2] without a subject the session awaits the citizen until the widget names them', async () => {
    const t = await hubs.start();
    const citizen = await hubs.enrol(t);
    const created = await t.createSession('bank', { flow: 'push', request: idRequest() });
    expect(created.state).toBe('awaiting_citizen');
    const widget = await hubs.widget(t, created.widgetToken);
    await widget.next('session:state', (e: SessionStateEvent) => e.state === 'awaiting_citizen');
    const pushed = await ask(widget.socket, 'subject:push', {
      sessionId: created.sessionId,
      subject: { pesel: citizen.pesel },
    });
    expect(pushed.ok).toBe(true);
    await citizen.device.next('request:incoming', bySession(created.sessionId));
    const state = await widget.next<SessionStateEvent>(
      'session:state',
      (e) => e.state === 'awaiting_approval',
    );
    expect(state.matchNumber).toMatch(/^\d{2}$/);
    const approved = await ask(citizen.device.socket, 'request:approve', {
      sessionId: created.sessionId,
      matchNumber: state.matchNumber,
    });
    expect(approved).toEqual({ ok: true });
    await widget.next('session:data');
  });

  it('[F2] a subject who has not activated the service is subject_not_enrolled', async () => {
    const t = await hubs.start();
    const stranger = t.register.person(3);
    const byPesel = await postSession(t, 'bank', {
      flow: 'push',
      request: idRequest(),
      subject: { pesel: stranger.pesel },
    });
    expectHttpError(byPesel, 422, 'subject_not_enrolled');
    const byPhone = await postSession(t, 'bank', {
      flow: 'push',
      request: idRequest(),
      subject: { phone: stranger.phone },
    });
    expectHttpError(byPhone, 422, 'subject_not_enrolled');

    const created = await t.createSession('bank', { flow: 'push', request: idRequest() });
    const widget = await hubs.widget(t, created.widgetToken);
    const ack = await ask(widget.socket, 'subject:push', {
      sessionId: created.sessionId,
      subject: { pesel: stranger.pesel },
    });
    expectAckError(ack, 'subject_not_enrolled');
  });

  it('[F2][A3] both devices get the request; when one approves the other is told', async () => {
    const t = await hubs.start();
    const mobile = await hubs.enrol(t, { deviceName: 'Telefon' });
    const tablet = await hubs.enrol(t, { deviceName: 'Tablet' });
    const created = await push(t, mobile);
    await mobile.device.next('request:incoming', bySession(created.sessionId));
    await tablet.device.next('request:incoming', bySession(created.sessionId));
    const withdrawn = tablet.device.next<RequestWithdrawnEvent>('request:withdrawn');
    const approved = await ask(mobile.device.socket, 'request:approve', {
      sessionId: created.sessionId,
      matchNumber: created.matchNumber,
    });
    expect(approved).toEqual({ ok: true });
    expect(await withdrawn).toEqual({ sessionId: created.sessionId, reason: 'answered' });
    expect(mobile.device.all('request:withdrawn')).toEqual([]);
  });

  it('[S1][F2] two devices approving at once: exactly one delivers', async () => {
    const t = await hubs.start();
    const mobile = await hubs.enrol(t);
    const tablet = await hubs.enrol(t);
    const created = await push(t, mobile);
    const widget = await hubs.widget(t, created.widgetToken);
    const approve = { sessionId: created.sessionId, matchNumber: created.matchNumber };
    const acks = await Promise.all([
      ask(mobile.device.socket, 'request:approve', approve),
      ask(tablet.device.socket, 'request:approve', approve),
    ]);
    expect(acks.filter((a) => a.ok)).toHaveLength(1);
    await widget.next('session:data');
    expect(widget.all('session:data')).toHaveLength(1);
    expect((await status(t, created.sessionId)).state).toBe('delivered');
  });

  it('[F2] a device that connects while a request waits gets it again', async () => {
    const t = await hubs.start();
    const citizen = await hubs.enrol(t);
    const created = await push(t, citizen);
    await citizen.device.next('request:incoming', bySession(created.sessionId));
    citizen.socket.close();
    const again = await hubs.device(t, citizen.deviceToken);
    const resumed = await again.next<RequestIncomingEvent>('request:incoming');
    expect(resumed).toMatchObject({ sessionId: created.sessionId, matchRequired: true });
    const approved = await ask(again.socket, 'request:approve', {
      sessionId: created.sessionId,
      matchNumber: created.matchNumber,
    });
    expect(approved).toEqual({ ok: true });
  });

  it('[D3][F2] a verifier without the push flow (post) is forbidden', async () => {
    const t = await hubs.start();
    const citizen = await hubs.enrol(t);
    const answer = await postSession(t, 'post', {
      flow: 'push',
      request: idRequest(),
      subject: { pesel: citizen.pesel },
    });
    expectHttpError(answer, 403, 'forbidden');
    expect(citizen.device.all('request:incoming')).toEqual([]);
  });
});

describe('one pending request per citizen', () => {
  it('[S4] a second push while one is pending is subject_busy; after it ends one works', async () => {
    const t = await hubs.start();
    const citizen = await hubs.enrol(t);
    const first = await push(t, citizen);
    const busy = await postSession(t, 'office', {
      flow: 'push',
      request: idRequest(),
      subject: { pesel: citizen.pesel },
    });
    expectHttpError(busy, 409, 'subject_busy');
    const cancelled = await t.api('DELETE', `/v1/sessions/${first.sessionId}`, {
      auth: t.verifiers.bank.apiKey,
    });
    expect(cancelled.body).toMatchObject({ state: 'cancelled' });
    expect(
      await citizen.device.next('request:withdrawn', bySession(first.sessionId)),
    ).toMatchObject({ reason: 'cancelled' });
    const second = await push(t, citizen);
    expect(second.state).toBe('awaiting_approval');
  });

  it('[S3][S4] an unanswered push times out after the approval window and frees the citizen', async () => {
    const t = await hubs.start({ config: { approvalWindowMs: 1000 } });
    const citizen = await hubs.enrol(t);
    const first = await push(t, citizen);
    const widget = await hubs.widget(t, first.widgetToken);
    await t.advance(1001);
    expect(await widget.next<SessionEndedEvent>('session:ended')).toMatchObject({
      reason: 'timed_out',
    });
    expect(
      await citizen.device.next<RequestWithdrawnEvent>(
        'request:withdrawn',
        bySession(first.sessionId),
      ),
    ).toMatchObject({ reason: 'timed_out' });
    const late = await ask(citizen.device.socket, 'request:approve', {
      sessionId: first.sessionId,
      matchNumber: first.matchNumber,
    });
    expect(late.ok).toBe(false);
    expect((await push(t, citizen)).state).toBe('awaiting_approval');
  });
});

describe('register outage', () => {
  it('[V3] a register outage fails the approval with register_unavailable; the hub recovers', async () => {
    const register = switchableRegister();
    const t = await hubs.start({ registers: register.registers });
    const citizen = await hubs.enrol(t);
    const created = await push(t, citizen);
    const widget = await hubs.widget(t, created.widgetToken);
    const ack = await ask(citizen.device.socket, 'request:approve', {
      sessionId: created.sessionId,
      matchNumber: created.matchNumber,
    });
    expectAckError(ack, 'register_unavailable');
    expect(await widget.next<SessionEndedEvent>('session:ended')).toEqual({
      sessionId: created.sessionId,
      reason: 'register_unavailable',
    });
    expect((await status(t, created.sessionId)).state).toBe('failed');

    register.down = false;
    const retry = await push(t, citizen);
    const approved = await ask(citizen.device.socket, 'request:approve', {
      sessionId: retry.sessionId,
      matchNumber: retry.matchNumber,
    });
    expect(approved).toEqual({ ok: true });
  });
});
