/**
 * Defects a review found, kept fixed: parallel guesses against the attempt limits (P3), widget
 * tokens refreshed for reconnects in long sessions (A2, §8), windows enforced at the moment of
 * acting (S3), and sessions of a suspended verifier (A5).
 */
import { describe, expect, it } from 'vitest';
import type { Ack, SessionTokenEvent } from '../../contracts/index.js';
import {
  admin,
  ask,
  expectAckError,
  idRequest,
  openSocket,
  otherCode,
  useHubs,
} from '../helpers/fixtures.js';

const hubs = useHubs();

describe('hardening', () => {
  it('[P3] guesses sent in parallel are still at most 5 evaluated, and the right code loses', async () => {
    // Room for 41 events at once on one socket: here the guess budget is under test, not the
    // socket's event rate.
    const t = await hubs.start({
      config: { limits: { socket_events: { points: 100, seconds: 1 } } },
    });
    const created = await t.createSession('bank', { flow: 'code', request: idRequest() });
    const citizen = await hubs.enrol(t);
    const wrong = Array.from({ length: 40 }, (_, i) => otherCode(created.code!, i + 1));
    const codes = [...wrong.slice(0, 10), created.code!, ...wrong.slice(10)];
    const acks = await Promise.all(
      codes.map((code) => ask(citizen.device.socket, 'pairing:join', { code })),
    );
    const codesOf = (a: Ack<unknown>) => (a.ok ? 'ok' : a.error.code);
    const answers = acks.map(codesOf);
    const evaluatedWrong = answers.filter((c) => c === 'code_invalid').length;
    expect(evaluatedWrong).toBeLessThanOrEqual(4);
    // Everything else was turned away before being checked, and the budget is spent: even the
    // right code is refused now.
    expect(answers.every((c) => ['ok', 'code_invalid', 'too_many_attempts'].includes(c))).toBe(
      true,
    );
    expect(answers.filter((c) => c === 'too_many_attempts').length).toBeGreaterThanOrEqual(35);
    if (!answers.includes('ok')) {
      expectAckError(
        await ask(citizen.device.socket, 'pairing:join', { code: created.code! }),
        'too_many_attempts',
      );
    }
  });

  it('[A2][§8] the widget gets fresh tokens and reconnects with one after the first expired', async () => {
    const t = await hubs.start({ config: { widgetTokenTtlMs: 2000 } });
    const created = await t.createSession('bank', { flow: 'code', request: idRequest() });
    const widget = await hubs.widget(t, created.widgetToken);
    const fresh = await widget.next<SessionTokenEvent>('session:token', () => true, 3000);
    expect(fresh.widgetToken).not.toBe(created.widgetToken);
    widget.socket.close();
    // Token times are whole seconds: put the clock exactly at the first token's expiry second,
    // which the fresh token (minted at least a second later) outlives.
    const expOf = (token: string) =>
      (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp: number })
        .exp;
    expect(expOf(fresh.widgetToken)).toBeGreaterThan(expOf(created.widgetToken));
    t.clock.advance(Math.max(0, expOf(created.widgetToken) * 1000 + 10 - t.clock.now()));
    const refused = await openSocket(t.url, '/verifier', created.widgetToken).then(
      () => 'accepted',
      (error: { data?: { code: string } }) => error.data?.code,
    );
    expect(refused).toBe('unauthorized');
    const again = await hubs.widget(t, fresh.widgetToken);
    expect(await again.next('session:state')).toMatchObject({ sessionId: created.sessionId });
  });

  it('[S3] an approval after the window ended is refused even before the reaper runs', async () => {
    const t = await hubs.start({ config: { approvalWindowMs: 1000, reaperIntervalMs: 60_000 } });
    const created = await t.createSession('bank', { flow: 'code', request: idRequest() });
    const citizen = await hubs.enrol(t);
    expect((await ask(citizen.device.socket, 'pairing:join', { code: created.code })).ok).toBe(
      true,
    );
    t.clock.advance(1000);
    const late = await ask(citizen.device.socket, 'request:approve', {
      sessionId: created.sessionId,
    });
    expectAckError(late, 'expired');
  });

  it('[A5] a suspended verifier’s waiting session cannot be joined', async () => {
    const t = await hubs.start();
    const created = await t.createSession('bank', { flow: 'code', request: idRequest() });
    const suspended = await admin(t, 'POST', `/verifiers/${t.verifiers.bank.verifier.id}/suspend`);
    expect(suspended.status).toBe(200);
    const citizen = await hubs.enrol(t);
    expectAckError(
      await ask(citizen.device.socket, 'pairing:join', { code: created.code }),
      'gone',
    );
  });
});
