/**
 * The widget refuses what it cannot render (V1, web-verifier/src/wire.ts; PRODUCT §8 payloads),
 * and picks the hub's base URL from its attribute or its own script's origin.
 */
import { describe, expect, it } from 'vitest';
import {
  dataFields,
  endedFields,
  parseAck,
  parseConnectError,
  parseData,
  parseEnded,
  parseQr,
  parseState,
  parseToken,
  qrFields,
  stateFields,
  tokenFields,
} from '../../../web-verifier/src/wire.js';
import { resolveHub } from '../../../web-verifier/src/session-client.js';

const at = '2026-01-10T12:00:00.000Z';

describe('[V1] incoming payloads', () => {
  it('[V1] session:state keeps what it knows and drops what it does not', () => {
    expect(
      parseState({
        sessionId: 's',
        state: 'awaiting_approval',
        at,
        flow: 'push',
        deadline: at,
        matchNumber: '07',
        extra: 1,
      }),
    ).toEqual({
      sessionId: 's',
      state: 'awaiting_approval',
      at,
      flow: 'push',
      deadline: at,
      matchNumber: '07',
    });
    expect(parseState({ sessionId: 's', state: 'dancing', at })).toBeNull();
    expect(parseState({ sessionId: 's', state: 'expired', at: 'yesterday' })).toBeNull();
    expect(parseState({ sessionId: 's', state: 'expired', at, flow: 'teleport' })).toEqual({
      sessionId: 's',
      state: 'expired',
      at,
    });
    expect(parseState(null)).toBeNull();
  });

  it('[P2] session:qr needs a payload and a 8-digit code', () => {
    expect(parseQr({ payload: 'mdok1.a.1.b', code: '12345678', validForSeconds: 5 })).toEqual({
      payload: 'mdok1.a.1.b',
      code: '12345678',
      validForSeconds: 5,
    });
    expect(parseQr({ payload: 'x', code: '123456' })).toBeNull();
    expect(parseQr({ payload: '', code: '12345678' })).toBeNull();
    expect(parseQr({ payload: 'x'.repeat(600), code: '12345678' })).toBeNull();
  });

  it('[D4] session:data needs known documents with a status and plain claim values', () => {
    const good = {
      sessionId: 's',
      presentation: 'a.b.c',
      displayUntil: at,
      claims: {
        id_card: { given_names: 'Jan', age_over_18: true, status: 'valid' },
        driving_licence: { categories: ['B'], status: 'revoked' },
        school_id: { status: 'missing' },
      },
    };
    expect(parseData(good)).toEqual(good);
    expect(parseData({ ...good, claims: { passport: { status: 'valid' } } })).toBeNull();
    expect(parseData({ ...good, claims: { id_card: { given_names: 'Jan' } } })).toBeNull();
    expect(
      parseData({ ...good, claims: { id_card: { status: 'valid', photo: { src: 'x' } } } }),
    ).toBeNull();
    expect(parseData({ ...good, displayUntil: 'soon' })).toBeNull();
  });

  it('[S5] session:ended needs a known reason', () => {
    expect(parseEnded({ sessionId: 's', reason: 'timed_out' })).toEqual({
      sessionId: 's',
      reason: 'timed_out',
    });
    expect(parseEnded({ sessionId: 's', reason: 'bored' })).toBeNull();
  });

  it('[V2] acks are { ok: true } or { ok: false, error }, anything else is internal', () => {
    expect(parseAck({ ok: true, data: undefined })).toEqual({ ok: true });
    expect(parseAck({ ok: false, error: { code: 'code_invalid', message: 'm' } })).toEqual({
      ok: false,
      error: { code: 'code_invalid', message: 'm' },
    });
    expect(parseAck('yes')).toMatchObject({ ok: false, error: { code: 'internal' } });
    // V3: nothing but the contracts' codes crosses the wire.
    expect(parseAck({ ok: false, error: { code: 'teapot', message: 'm' } })).toMatchObject({
      error: { code: 'internal' },
    });
  });

  it('[P3] reads the structured details of an error, never its English message', () => {
    const ack = parseAck({
      ok: false,
      error: { code: 'code_invalid', message: 'whatever', details: { attemptsLeft: 3 } },
    });
    expect(ack).toEqual({
      ok: false,
      error: { code: 'code_invalid', message: 'whatever', details: { attemptsLeft: 3 } },
    });
    expect(
      parseAck({
        ok: false,
        error: { code: 'rate_limited', message: '', details: { retryAfterSeconds: 30 } },
      }),
    ).toMatchObject({ error: { details: { retryAfterSeconds: 30 } } });
    // Malformed details are dropped, not trusted.
    const bad = parseAck({
      ok: false,
      error: { code: 'code_invalid', message: '2 attempts left', details: { attemptsLeft: -1 } },
    });
    expect(bad).toEqual({ ok: false, error: { code: 'code_invalid', message: '2 attempts left' } });
  });

  it('[V1] each parser keeps exactly the fields its contract type names', () => {
    const at2 = '2026-01-10T12:00:05.000Z';
    const full = {
      state: parseState({
        sessionId: 's',
        state: 'awaiting_approval',
        at,
        flow: 'push',
        deadline: at2,
        matchNumber: '07',
      }),
      qr: parseQr({ payload: 'p', code: '12345678', validForSeconds: 5 }),
      data: parseData({ sessionId: 's', presentation: 'a.b.c', claims: {}, displayUntil: at }),
      ended: parseEnded({ sessionId: 's', reason: 'rejected' }),
      token: parseToken({ widgetToken: 't', expiresAt: at }),
    };
    expect(Object.keys(full.state!).sort()).toEqual([...stateFields].sort());
    expect(Object.keys(full.qr!).sort()).toEqual([...qrFields].sort());
    expect(Object.keys(full.data!).sort()).toEqual([...dataFields].sort());
    expect(Object.keys(full.ended!).sort()).toEqual([...endedFields].sort());
    expect(Object.keys(full.token!).sort()).toEqual([...tokenFields].sort());
  });

  it('[A2] reads the refusal of a handshake from connect_error data', () => {
    const err = Object.assign(new Error('x'), { data: { code: 'forbidden', message: 'origin' } });
    expect(parseConnectError(err)).toEqual({ code: 'forbidden', message: 'origin' });
    expect(parseConnectError(new Error('websocket error'))).toBeNull();
  });
});

describe('hub URL', () => {
  it('uses the hub attribute, else the origin of the widget script', () => {
    expect(resolveHub('', 'https://hub.example/widget/mdok-verify.js')).toBe('https://hub.example');
    expect(resolveHub('https://other.example/some/path', 'https://hub.example/w.js')).toBe(
      'https://other.example',
    );
    expect(resolveHub('/', 'file:///x.js', 'https://bank.example/page')).toBe(
      'https://bank.example',
    );
    expect(resolveHub('', 'file:///tmp/mdok-verify.js')).toBeNull();
    expect(resolveHub('javascript:alert(1)', 'https://hub.example/w.js')).toBeNull();
  });
});

describe('[A2] session:token', () => {
  it('[A2] reads a fresh token and refuses anything else', () => {
    expect(parseToken({ widgetToken: 'a.b.c', expiresAt: '2026-01-01T00:00:00Z' })).toEqual({
      widgetToken: 'a.b.c',
      expiresAt: '2026-01-01T00:00:00Z',
    });
    for (const bad of [null, 'x', {}, { widgetToken: 1, expiresAt: 'x' }]) {
      expect(parseToken(bad)).toBeNull();
    }
  });
});
