/**
 * The audit log (H1, H2) and the citizen's history (H3): one chained event per ended session,
 * claim names without values, no PESEL anywhere.
 */
import { describe, expect, it } from 'vitest';
import {
  admin,
  ask,
  auditEvents,
  expectHttpError,
  historyOf,
  idRequest,
  login,
  postSession,
  useHubs,
  verifyByPush,
} from '../helpers/fixtures.js';
import type { HistoryEntry, HistoryPage } from '../../contracts/index.js';
import type { AuditEvent } from '../../adapters/records/index.js';
import { citizenRefOf } from '../../hub/sessions/subjects.js';
import type { TestHub } from '../helpers/test-hub.js';

const hubs = useHubs();

/** Four sessions with four outcomes; the first citizen is enrolled, the second is not. */
async function fourSessions(t: TestHub) {
  const citizen = await hubs.enrol(t, { index: 0 });
  const subject = t.register.person(2);
  const delivered = await verifyByPush(t, 'bank', citizen, idRequest());
  const rejected = await t.createSession('office', {
    flow: 'push',
    request: idRequest(['given_names', 'photo']),
    subject: { pesel: citizen.pesel },
  });
  const reject = await ask(citizen.device.socket, 'request:reject', {
    sessionId: rejected.sessionId,
  });
  expect(reject.ok).toBe(true);
  const cancelled = await t.createSession('bank', { flow: 'code', request: idRequest() });
  await t.api('DELETE', `/v1/sessions/${cancelled.sessionId}`, { auth: t.verifiers.bank.apiKey });
  const timedOut = await t.createSession('post', {
    flow: 'otp',
    request: idRequest(['document_number']),
    subject: { pesel: subject.pesel },
  });
  await t.advance(121_000);
  return {
    citizen,
    subject,
    ids: {
      delivered: delivered.created.sessionId,
      rejected: rejected.sessionId,
      cancelled: cancelled.sessionId,
      timedOut: timedOut.sessionId,
    },
  };
}

describe('audit', () => {
  it('[H1] the administrator pages the log: limit, then before = the last seq of a page', async () => {
    const t = await hubs.start();
    await fourSessions(t);
    const all = await auditEvents(t);
    expect(all.map((e) => e.seq)).toEqual([4, 3, 2, 1]);
    const page = async (query: string) => {
      const answer = await admin<{ events: AuditEvent[] }>(t, 'GET', `/audit?${query}`);
      expect(answer.status).toBe(200);
      return answer.body.events;
    };
    const first = await page('limit=3');
    expect(first).toEqual(all.slice(0, 3));
    expect(await page(`limit=3&before=${first.at(-1)!.seq}`)).toEqual(all.slice(3));
    expect(await page('before=1')).toEqual([]);
  });

  it('[H1] one event per ended session, newest first, with claim names and no PESEL', async () => {
    const t = await hubs.start();
    const { citizen, subject, ids } = await fourSessions(t);
    const events = await auditEvents(t);
    expect(events.map((e) => [e.sessionId, e.outcome])).toEqual([
      [ids.timedOut, 'timed_out'],
      [ids.cancelled, 'cancelled'],
      [ids.rejected, 'rejected'],
      [ids.delivered, 'delivered'],
    ]);
    const [timedOut, cancelled, rejected, delivered] = events;
    expect(delivered).toMatchObject({
      verifierId: t.verifiers.bank.verifier.id,
      verifierName: 'Bank Przykładowy S.A.',
      flow: 'push',
      claims: ['id_card.given_names', 'id_card.family_name'],
      node: 'test-hub',
    });
    expect(rejected).toMatchObject({
      verifierId: t.verifiers.office.verifier.id,
      verifierName: 'Urząd Miasta Krakowa',
      claims: ['id_card.given_names', 'id_card.photo'],
    });
    expect(timedOut).toMatchObject({ flow: 'otp', verifierName: 'Poczta Polska' });
    expect(cancelled).toMatchObject({ flow: 'code' });
    expect(cancelled).not.toHaveProperty('citizenRef');
    expect(delivered!.citizenRef).toEqual(expect.any(String));
    expect(rejected!.citizenRef).toBe(delivered!.citizenRef);
    expect(timedOut!.citizenRef).toEqual(expect.any(String));
    expect(timedOut!.citizenRef).not.toBe(delivered!.citizenRef);

    const json = JSON.stringify(events);
    expect(json).not.toContain(citizen.pesel);
    expect(json).not.toContain(subject.pesel);
    expect(json).not.toMatch(/(?<![0-9A-Za-z])\d{11}(?![0-9A-Za-z])/);
    expect(json).not.toContain(citizen.phone.slice(3));
    const person = t.register.person(0);
    expect(json).not.toContain(person.documents.id_card.claims.family_name);
  });

  it('[H2] the events are chained and the chain verifies', async () => {
    const t = await hubs.start();
    await fourSessions(t);
    const events = await auditEvents(t);
    expect(events.map((e) => e.seq)).toEqual([4, 3, 2, 1]);
    events.forEach((event, i) => {
      expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(event.prevHash).toBe(events[i + 1]?.hash ?? '0'.repeat(64));
    });
    const verified = await admin(t, 'GET', '/audit/verify');
    expect(verified).toMatchObject({ status: 200, body: { ok: true, count: 4 } });
  });

  it('[H1] a delivered session that then expires is audited once', async () => {
    const t = await hubs.start();
    const citizen = await hubs.enrol(t);
    const { created } = await verifyByPush(t, 'bank', citizen, idRequest());
    await t.advance(121_000);
    const state = await t.api<{ state: string }>('GET', `/v1/sessions/${created.sessionId}`, {
      auth: t.verifiers.bank.apiKey,
    });
    expect(state.body.state).toBe('expired');
    const events = await auditEvents(t);
    expect(events.filter((e) => e.sessionId === created.sessionId)).toHaveLength(1);
  });

  it('[H1][S4] a refused request ends at once, audited as failed; the pending one goes on', async () => {
    const t = await hubs.start();
    const citizen = await hubs.enrol(t);
    const stranger = t.register.person(3);
    const push = (pesel: string) =>
      postSession(t, 'bank', { flow: 'push', request: idRequest(), subject: { pesel } });
    const pending = await push(citizen.pesel);
    expect(pending.status).toBe(201);
    expectHttpError(await push(citizen.pesel), 409, 'subject_busy');
    expectHttpError(await push(stranger.pesel), 422, 'subject_not_enrolled');
    const refused = await auditEvents(t);
    expect(refused.map((e) => [e.flow, e.outcome])).toEqual([
      ['push', 'failed'],
      ['push', 'failed'],
    ]);
    expect(refused.map((e) => e.sessionId)).not.toContain(pending.body.sessionId);

    const approved = await ask(citizen.device.socket, 'request:approve', {
      sessionId: pending.body.sessionId,
      matchNumber: pending.body.matchNumber,
    });
    expect(approved).toEqual({ ok: true });
    await t.advance(181_000);
    const events = await auditEvents(t);
    expect(events.map((e) => e.outcome)).toEqual(['delivered', 'failed', 'failed']);
    expect(events[0]?.sessionId).toBe(pending.body.sessionId);
  });
});

describe('citizen history', () => {
  it("[H3] a citizen sees their own sessions, newest first, and nobody else's", async () => {
    const t = await hubs.start();
    const { citizen, ids } = await fourSessions(t);
    const history = await historyOf(t, citizen.citizenToken);
    expect(history).toEqual([
      {
        sessionId: ids.rejected,
        at: expect.any(String),
        verifier: {
          id: t.verifiers.office.verifier.id,
          name: 'Urząd Miasta Krakowa',
          kind: 'public_office',
          branch: expect.any(String),
        },
        flow: 'push',
        claims: ['id_card.given_names', 'id_card.photo'],
        outcome: 'rejected',
      },
      expect.objectContaining({
        sessionId: ids.delivered,
        verifier: expect.objectContaining({ name: 'Bank Przykładowy S.A.', kind: 'bank' }),
        outcome: 'delivered',
      }),
    ]);
    const byDevice = await historyOf(t, citizen.deviceToken);
    expect(byDevice).toEqual(history);
    const other = await t.api('GET', '/v1/citizen/history', {
      auth: t.verifiers.bank.apiKey,
    });
    expectHttpError(other, 401, 'unauthorized');
  });

  it('[H3] pages the history newest first with an opaque cursor, good for its own citizen only', async () => {
    const t = await hubs.start();
    const { citizen, subject } = await fourSessions(t);
    // Five more of the citizen's events, with the subject's in between (other citizens' events
    // take seq numbers between a citizen's own).
    const audit = t.hub.ctx.records.audit;
    const event = (pesel: string, i: number) => ({
      at: new Date(t.clock.now() + i * 1000).toISOString(),
      sessionId: `page-${pesel}-${i}`,
      verifierId: t.verifiers.bank.verifier.id,
      verifierName: 'Bank Przykładowy S.A.',
      verifierKind: 'bank' as const,
      flow: 'push' as const,
      citizenRef: citizenRefOf(t.hub.ctx, pesel),
      claims: ['id_card.age_over_18'],
      outcome: 'delivered',
      node: 'test',
    });
    for (let i = 0; i < 5; i++) {
      await audit.append(event(citizen.pesel, i));
      await audit.append(event(subject.pesel, i));
    }
    const all = await historyOf(t, citizen.citizenToken);
    expect(all).toHaveLength(7);

    const page = (query: string, auth = citizen.deviceToken) =>
      t.api<HistoryPage>('GET', `/v1/citizen/history?${query}`, { auth });
    const seen: HistoryEntry[] = [];
    const sizes: number[] = [];
    let next: string | undefined;
    let first = '';
    do {
      const answer = await page(
        `limit=3${next === undefined ? '' : `&before=${encodeURIComponent(next)}`}`,
      );
      expect(answer.status).toBe(200);
      seen.push(...answer.body.entries);
      sizes.push(answer.body.entries.length);
      next = answer.body.next;
      first ||= next ?? '';
    } while (next !== undefined && sizes.length < 5);
    expect(sizes).toEqual([3, 3, 1]);
    expect(seen).toEqual(all);
    // The same citizen's cursor, read by their citizen token as well as their device's.
    const again = await page(`limit=3&before=${encodeURIComponent(first)}`, citizen.citizenToken);
    expect(again.body.entries).toEqual(all.slice(3, 6));
    // A page that ends exactly at the oldest entry says so: no cursor to an empty page.
    const whole = await page('limit=7');
    expect(whole.body).toEqual({ entries: all });

    // Nobody else's cursor, nothing made up or changed, no limit out of range: V2 errors.
    const other = await login(t, subject.pesel);
    const foreign = await page(`before=${encodeURIComponent(first)}`, other);
    expectHttpError(foreign, 400, 'invalid_request');
    expect(foreign.body).toMatchObject({ error: { issues: [{ path: 'before' }] } });
    const tampered = first.slice(0, -2) + (first.endsWith('AA') ? 'BB' : 'AA');
    for (const query of [
      `before=${encodeURIComponent(tampered)}`,
      'before=12',
      'limit=0',
      'limit=201',
      'limit=ten',
      'page=2',
    ]) {
      expectHttpError(await page(query), 400, 'invalid_request');
    }
  });

  it('[H3] a citizen named in an otp request sees it without ever enrolling', async () => {
    const t = await hubs.start();
    const { subject, ids } = await fourSessions(t);
    const history = await historyOf(t, await login(t, subject.pesel));
    expect(history).toEqual([
      expect.objectContaining({ sessionId: ids.timedOut, flow: 'otp', outcome: 'timed_out' }),
    ]);
  });
});
