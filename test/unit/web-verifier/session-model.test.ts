/**
 * What the widget shows as the session moves (web-verifier/src/session-model.ts), without a DOM
 * or a socket: P4 (the QR and code vanish when the citizen joins), E1 (the data is dropped at
 * the end of the display window, never shown longer than 600 s, never shown again once wiped),
 * S5 (cancel before delivery), and the clock-skew estimate behind the countdowns.
 */
import { describe, expect, it } from 'vitest';
import type { SessionDataEvent, SessionStateEvent } from '../../../contracts/events.js';
import {
  MAX_DISPLAY_MS,
  canCancel,
  initialModel,
  reduce,
  type Action,
  type Model,
} from '../../../web-verifier/src/session-model.js';

const sid = 'S1d_0123456789abcdefgh';
const t0 = Date.UTC(2026, 0, 10, 12, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();

function state(s: SessionStateEvent['state'], at: number, extra: Partial<SessionStateEvent> = {}) {
  return {
    type: 'state',
    event: { sessionId: sid, state: s, at: iso(at), ...extra },
    now: at,
  } as const;
}
function data(displayUntil: number, now: number): Action {
  const event: SessionDataEvent = {
    sessionId: sid,
    presentation: 'h.p.s',
    claims: { id_card: { given_names: 'Anna', status: 'valid' } },
    displayUntil: iso(displayUntil),
  };
  return { type: 'data', event, now };
}
const run = (...actions: Action[]): Model => actions.reduce(reduce, initialModel());
const qr = {
  type: 'qr',
  event: { payload: 'mdok1.x.1.y', code: '123456', validForSeconds: 5 },
} as const;

describe('[S1] session model', () => {
  it('[P4] shows the QR while awaiting the citizen and drops it the moment they join', () => {
    const waiting = run(
      { type: 'start' },
      { type: 'connected' },
      state('awaiting_citizen', t0, { flow: 'code', deadline: iso(t0 + 180_000) }),
      qr,
    );
    expect(waiting).toMatchObject({ phase: 'live', state: 'awaiting_citizen', flow: 'code' });
    expect(waiting.qr).toEqual({ payload: 'mdok1.x.1.y', code: '123456' });
    expect(waiting.deadline).toBe(t0 + 180_000);
    const joined = reduce(waiting, state('awaiting_approval', t0 + 5_000));
    expect(joined.qr).toBeNull();
    // A late rotation from before the join must not bring it back.
    expect(reduce(joined, qr).qr).toBeNull();
  });

  it('[P5] keeps the F2 match number while the citizen decides, then forgets it', () => {
    const m = run(
      { type: 'start' },
      state('awaiting_citizen', t0, { flow: 'push' }),
      state('awaiting_approval', t0 + 1_000, { flow: 'push', matchNumber: '42' }),
    );
    expect(m.matchNumber).toBe('42');
    expect(reduce(m, state('approved', t0 + 9_000)).matchNumber).toBeNull();
  });

  it('[E1] shows the data until displayUntil and then drops it entirely', () => {
    const shown = run(
      { type: 'start' },
      state('approved', t0),
      state('delivered', t0 + 100),
      data(t0 + 120_100, t0 + 150),
    );
    expect(shown.phase).toBe('data');
    expect(shown.data?.wipeAt).toBe(t0 + 120_100);
    expect(shown.data?.signature).toBe('pending');
    const wiped = reduce(shown, { type: 'wipe', reason: 'display_ended' });
    expect(wiped.data).toBeNull();
    expect(wiped).toMatchObject({ phase: 'wiped', wiped: 'display_ended' });
    expect(JSON.stringify(wiped)).not.toContain('Anna');
    expect(JSON.stringify(wiped)).not.toContain('h.p.s');
  });

  it('[E2] never shows the same session’s data again once wiped (reconnect replay)', () => {
    const wiped = run({ type: 'start' }, state('delivered', t0), data(t0 + 60_000, t0), {
      type: 'wipe',
      reason: 'closed',
    });
    const replay = reduce(wiped, data(t0 + 60_000, t0 + 1_000));
    expect(replay).toBe(wiped);
  });

  it('[E1] caps the display at 600 s whatever the clocks say, and drops data already stale', () => {
    const far = run({ type: 'start' }, data(t0 + 3_600_000, t0));
    expect(far.data?.wipeAt).toBe(t0 + MAX_DISPLAY_MS);
    const stale = run({ type: 'start' }, data(t0 - 1, t0));
    expect(stale.data).toBeNull();
    expect(stale.phase).toBe('wiped');
  });

  it('[E2] wipes when the hub says expired or ends the session', () => {
    const shown = run({ type: 'start' }, state('delivered', t0), data(t0 + 60_000, t0));
    const expired = reduce(shown, state('expired', t0 + 60_000));
    expect(expired).toMatchObject({ data: null, wiped: 'display_ended', phase: 'wiped' });
    const ended = reduce(shown, { type: 'ended', event: { sessionId: sid, reason: 'expired' } });
    expect(ended).toMatchObject({ data: null, wiped: 'display_ended' });
    const suspended = reduce(shown, {
      type: 'ended',
      event: { sessionId: sid, reason: 'verifier_suspended' },
    });
    expect(suspended).toMatchObject({ data: null, wiped: 'session_ended' });
  });

  it('[S5] ends without data on rejection and ignores data that comes after', () => {
    const rejected = run(
      { type: 'start' },
      state('awaiting_approval', t0, { flow: 'code' }),
      state('rejected', t0 + 1_000),
      { type: 'ended', event: { sessionId: sid, reason: 'rejected' } },
    );
    expect(rejected).toMatchObject({ phase: 'ended', state: 'rejected', endReason: 'rejected' });
    expect(reduce(rejected, data(t0 + 60_000, t0 + 2_000)).data).toBeNull();
  });

  it('[S5] allows cancel before delivery and closing the card after it', () => {
    expect(canCancel(run({ type: 'start' }))).toBe(true);
    const waiting = run({ type: 'start' }, state('awaiting_citizen', t0));
    expect(canCancel(waiting)).toBe(true);
    expect(canCancel(reduce(waiting, state('approved', t0 + 1)))).toBe(true);
    expect(canCancel(reduce(waiting, state('delivered', t0 + 1)))).toBe(false);
    expect(canCancel(reduce(waiting, data(t0 + 60_000, t0)))).toBe(true);
    expect(canCancel(reduce(waiting, state('cancelled', t0 + 1)))).toBe(false);
    const local = reduce(waiting, { type: 'local_cancel' });
    expect(local).toMatchObject({ phase: 'ended', state: 'cancelled', qr: null });
    expect(canCancel(local)).toBe(false);
  });

  it('[A2] a refused handshake is fatal; a network error only means retrying', () => {
    const refused = run(
      { type: 'start' },
      {
        type: 'refused',
        error: { code: 'unauthorized', message: 'bad token' },
      },
    );
    expect(refused).toMatchObject({ phase: 'error', error: { code: 'unauthorized' } });
    expect(canCancel(refused)).toBe(false);
    const flaky = run({ type: 'start' }, { type: 'network_error' });
    expect(flaky).toMatchObject({ phase: 'connecting', retrying: true });
    expect(reduce(flaky, { type: 'connected' })).toMatchObject({ online: true, retrying: false });
  });

  it('[S3] moves countdowns by the skew seen on live transitions, not on the replayed first state', () => {
    const skew = 30_000; // the clerk's PC is 30 s ahead of the hub
    const first = reduce(initialModel(), {
      type: 'state',
      event: {
        sessionId: sid,
        state: 'awaiting_citizen',
        at: iso(t0 - 50_000),
        deadline: iso(t0 + 130_000),
      },
      now: t0 + skew,
    });
    expect(first.skewMs).toBe(0);
    const joined = reduce(first, {
      type: 'state',
      event: {
        sessionId: sid,
        state: 'awaiting_approval',
        at: iso(t0),
        deadline: iso(t0 + 120_000),
      },
      now: t0 + skew + 80,
    });
    expect(joined.skewMs).toBe(skew + 80);
    expect(joined.deadline).toBe(t0 + 120_000 + skew + 80);
    const small = reduce(first, {
      type: 'state',
      event: { sessionId: sid, state: 'awaiting_approval', at: iso(t0) },
      now: t0 + 300,
    });
    expect(small.skewMs).toBe(0);
  });

  it('ignores events of another session and keeps the signature outcome', () => {
    const shown = run({ type: 'start' }, state('delivered', t0), data(t0 + 60_000, t0));
    expect(
      reduce(shown, {
        ...state('cancelled', t0),
        event: { ...state('cancelled', t0).event, sessionId: 'other' },
      }),
    ).toBe(shown);
    const checked = reduce(shown, {
      type: 'signature',
      sessionId: sid,
      ok: false,
      problem: 'mismatch',
    });
    expect(checked.data).toMatchObject({ signature: 'invalid', signatureProblem: 'mismatch' });
    const offline = reduce(shown, {
      type: 'signature',
      sessionId: sid,
      ok: false,
      problem: 'unavailable',
    });
    expect(offline.data?.signature).toBe('unavailable');
    expect(reduce(shown, data(t0 + 90_000, t0 + 10)).data?.wipeAt).toBe(t0 + 60_000);
  });
});

describe('[X3] connection loss', () => {
  it('[X3] marks the QR and code stale while offline, until the hub confirms the state again', () => {
    const waiting = run(
      { type: 'start' },
      { type: 'connected' },
      state('awaiting_citizen', t0, { flow: 'code', deadline: iso(t0 + 180_000) }),
      qr,
    );
    expect(waiting.stale).toBe(false);
    const lost = reduce(waiting, { type: 'disconnected' });
    expect(lost).toMatchObject({ stale: true, retrying: true, online: false });
    // Still shown (greyed out by the view), not silently dropped.
    expect(lost.qr).toEqual({ payload: 'mdok1.x.1.y', code: '123456' });
    const back = reduce(lost, { type: 'connected' });
    expect(back).toMatchObject({ stale: true, retrying: false, online: true });
    // The hub's replay after the reconnect confirms the state: fresh again.
    expect(reduce(back, state('awaiting_citizen', t0 + 9_000)).stale).toBe(false);
  });

  it('[X3] a connection that fails before any state is not stale (nothing is shown yet)', () => {
    const m = run({ type: 'start' }, { type: 'network_error' });
    expect(m).toMatchObject({ stale: false, retrying: true });
  });
});
