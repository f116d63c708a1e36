/**
 * F3 otp (P3, S3): the hub texts a 6-digit code naming the verifier, the clerk types it in the
 * widget; wrong codes, a late code, unknown PESELs and a register outage.
 */
import { describe, expect, it } from 'vitest';
import type {
  CreateSessionResponse,
  RequestIncomingEvent,
  SessionData,
  SessionEndedEvent,
  SessionStatusResponse,
  SmsMessage,
} from '../../contracts/index.js';
import {
  ask,
  expectAckError,
  idRequest,
  otherCode,
  postSession,
  smsCode,
  switchableRegister,
  unknownPesel,
  useHubs,
} from '../helpers/fixtures.js';
import type { TestHub } from '../helpers/test-hub.js';

const hubs = useHubs();

/** An otp session at the post office for register person `index` (not enrolled). */
async function otpFor(t: TestHub, index: number, subject?: object) {
  const person = t.register.person(index);
  const created = await t.createSession('post', {
    flow: 'otp',
    request: idRequest(['given_names', 'family_name', 'document_number']),
    subject: subject ?? { pesel: person.pesel },
  });
  const widget = await hubs.widget(t, created.widgetToken);
  return { person, created, widget };
}

describe('F3 otp', () => {
  it('[F3] an SMS naming the verifier carries a 6-digit code; the clerk types it in', async () => {
    const t = await hubs.start();
    const { person, created, widget } = await otpFor(t, 2);
    expect(created.state).toBe('awaiting_approval');
    const [sms] = t.smsOutbox(person.phone);
    expect(sms?.text).toContain('Poczta Polska');
    expect(sms?.text).toMatch(/\b\d{6}\b/);
    const dev = await t.api<{ messages: SmsMessage[] }>(
      'GET',
      `/v1/dev/sms?phone=${encodeURIComponent(person.phone)}`,
    );
    expect(dev.body.messages).toEqual([sms]);

    const ack = await ask(widget.socket, 'otp:submit', {
      sessionId: created.sessionId,
      code: smsCode(t, person.phone),
    });
    expect(ack.ok).toBe(true);
    const data = await widget.next<SessionData>('session:data');
    expect(data.claims.id_card).toMatchObject({
      given_names: person.documents.id_card.claims.given_names,
      document_number: person.documents.id_card.claims.document_number,
    });
  });

  it('[F3] the subject may be named by phone number', async () => {
    const t = await hubs.start();
    const { person, created, widget } = await otpFor(t, 4, { phone: t.register.person(4).phone });
    expect(created.state).toBe('awaiting_approval');
    const ack = await ask(widget.socket, 'otp:submit', {
      sessionId: created.sessionId,
      code: smsCode(t, person.phone),
    });
    expect(ack.ok).toBe(true);
    await widget.next('session:data');
  });

  it('[P3][F3] wrong codes are code_invalid; the 5th ends the session failed', async () => {
    const t = await hubs.start();
    const { person, created, widget } = await otpFor(t, 2);
    const wrong = { sessionId: created.sessionId, code: otherCode(smsCode(t, person.phone)) };
    for (let i = 1; i <= 4; i++) {
      expectAckError(await ask(widget.socket, 'otp:submit', wrong), 'code_invalid');
    }
    expectAckError(await ask(widget.socket, 'otp:submit', wrong), 'too_many_attempts');
    expect(await widget.next<SessionEndedEvent>('session:ended')).toEqual({
      sessionId: created.sessionId,
      reason: 'too_many_attempts',
    });
    const state = await t.api<SessionStatusResponse>('GET', `/v1/sessions/${created.sessionId}`, {
      auth: t.verifiers.post.apiKey,
    });
    expect(state.body).toMatchObject({ state: 'failed', endReason: 'too_many_attempts' });
    const late = await ask(widget.socket, 'otp:submit', {
      sessionId: created.sessionId,
      code: smsCode(t, person.phone),
    });
    expect(late.ok).toBe(false);
    expect(widget.all('session:data')).toEqual([]);
  });

  it('[F3] without a subject the session awaits the citizen; subject:push sends the SMS', async () => {
    const t = await hubs.start();
    const person = t.register.person(2);
    const created = await t.createSession('office', { flow: 'otp', request: idRequest() });
    expect(created.state).toBe('awaiting_citizen');
    const widget = await hubs.widget(t, created.widgetToken);
    expect(t.smsOutbox(person.phone)).toEqual([]);
    const pushed = await ask(widget.socket, 'subject:push', {
      sessionId: created.sessionId,
      subject: { pesel: person.pesel },
    });
    expect(pushed.ok).toBe(true);
    expect(t.smsOutbox(person.phone)[0]?.text).toContain('Urząd Miasta Krakowa');
    const ack = await ask(widget.socket, 'otp:submit', {
      sessionId: created.sessionId,
      code: smsCode(t, person.phone),
    });
    expect(ack.ok).toBe(true);
    await widget.next('session:data');
  });

  it('[S3][F3] once the approval window is over the SMS code no longer works', async () => {
    const t = await hubs.start({ config: { approvalWindowMs: 1000 } });
    const { person, created, widget } = await otpFor(t, 2);
    await t.advance(1001);
    expect(await widget.next<SessionEndedEvent>('session:ended')).toMatchObject({
      reason: 'timed_out',
    });
    const ack = await ask(widget.socket, 'otp:submit', {
      sessionId: created.sessionId,
      code: smsCode(t, person.phone),
    });
    expect(ack.ok).toBe(false);
    expect(widget.all('session:data')).toEqual([]);
  });

  it('[F3][A9] a PESEL the register lacks is answered like a known one; no SMS, no code fits', async () => {
    const t = await hubs.start();
    const pesel = await unknownPesel(t);
    const answer = await postSession(t, 'post', {
      flow: 'otp',
      request: idRequest(),
      subject: { pesel },
    });
    expect(answer.status).toBe(201);
    const known = await postSession(t, 'post', {
      flow: 'otp',
      request: idRequest(),
      subject: { pesel: t.register.person(5).pesel },
    });
    // The verifier cannot tell the two apart: same status, same state, same fields.
    expect(Object.keys(answer.body).sort()).toEqual(Object.keys(known.body).sort());
    expect(answer.body).toMatchObject({ state: 'awaiting_approval' });
    const body = answer.body as CreateSessionResponse;
    const widget = await hubs.widget(t, body.widgetToken);
    for (const code of ['000000', '123456']) {
      expectAckError(
        await ask(widget.socket, 'otp:submit', { sessionId: body.sessionId, code }),
        'code_invalid',
      );
    }
  });

  it('[F3] an enrolled citizen sees the request on the phone, cannot approve it there (conflict)', async () => {
    const t = await hubs.start();
    const citizen = await hubs.enrol(t);
    const { created } = await otpFor(t, 0);
    const shown = await citizen.device.next<RequestIncomingEvent>('request:incoming');
    expect(shown).toMatchObject({
      sessionId: created.sessionId,
      flow: 'otp',
      matchRequired: false,
    });
    const ack = await ask(citizen.device.socket, 'request:approve', {
      sessionId: created.sessionId,
    });
    expectAckError(ack, 'conflict');
  });

  it('[F3][S4] the citizen refuses an SMS-code request on the phone: it ends and the slot is free', async () => {
    const t = await hubs.start();
    const citizen = await hubs.enrol(t);
    const { created, widget } = await otpFor(t, 0);
    await citizen.device.next<RequestIncomingEvent>('request:incoming');
    expect(
      await ask(citizen.device.socket, 'request:reject', { sessionId: created.sessionId }),
    ).toEqual({
      ok: true,
    });
    expect(await widget.next<SessionEndedEvent>('session:ended')).toMatchObject({
      reason: 'rejected',
    });
    const next = await postSession(t, 'bank', {
      flow: 'push',
      request: idRequest(),
      subject: { pesel: citizen.pesel },
    });
    expect(next.status).toBe(201);
  });

  it('[V3][F3] a register outage at submit time is register_unavailable', async () => {
    const register = switchableRegister();
    const t = await hubs.start({ registers: register.registers });
    const { person, created, widget } = await otpFor(t, 2);
    const ack = await ask(widget.socket, 'otp:submit', {
      sessionId: created.sessionId,
      code: smsCode(t, person.phone),
    });
    expectAckError(ack, 'register_unavailable');
    expect(await widget.next<SessionEndedEvent>('session:ended')).toMatchObject({
      reason: 'register_unavailable',
    });
  });
});
