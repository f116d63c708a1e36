/**
 * The `/verifier` namespace as a widget meets it: the handshake (widget token, A2; origin, A4),
 * the token's scope of one session, the backend's view of other verifiers' sessions, payload
 * validation (V1, V2) and what a reconnecting widget is shown (PRODUCT §8).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_ORIGIN } from '../helpers/test-hub.js';
import { ask, connect } from '../helpers/clients.js';
import {
  expectAckError,
  expectRefused,
  idCardRequest,
  join,
  okData,
  startFlowHub,
  type FlowHub,
} from '../helpers/flows.js';

let t: FlowHub;
beforeEach(async () => {
  t = await startFlowHub({ config: { widgetTokenTtlMs: 60_000 } });
});
afterEach(async () => {
  await t.close();
});

describe('/verifier handshake', () => {
  it('[A4] a widget connects from an allowed origin or with no Origin header', async () => {
    const { created } = await t.codeSession();
    const fromBank = await t.widget(created.widgetToken, { origin: DEMO_ORIGIN });
    await fromBank.state('awaiting_citizen');
    const noHeader = await t.widget(created.widgetToken);
    await noHeader.qr();
  });

  it('[A4] a widget from a foreign origin is refused (forbidden)', async () => {
    const { created } = await t.codeSession();
    await expectRefused(
      t.widget(created.widgetToken, { origin: 'https://evil.example' }),
      'forbidden',
    );
    await expectRefused(
      t.widget(created.widgetToken, { origin: 'http://localhost:3000' }),
      'forbidden',
    );
  });

  it('[A2] a missing, forged or wrong kind of token is unauthorized', async () => {
    const { created } = await t.codeSession();
    const citizen = await t.person(0);
    await expectRefused(connect(t.url, '/verifier', undefined), 'unauthorized');
    await expectRefused(t.widget(''), 'unauthorized');
    await expectRefused(t.widget(created.widgetToken.slice(0, -2) + 'xx'), 'unauthorized');
    await expectRefused(t.widget(t.verifiers.bank.apiKey), 'unauthorized');
    await expectRefused(t.widget(citizen.deviceToken), 'unauthorized');
  });

  it('[A2] a widget token is short-lived', async () => {
    const { created } = await t.codeSession();
    t.clock.advance(61_000);
    await expectRefused(t.widget(created.widgetToken), 'unauthorized');
  });

  it('[A2] the widget never holds an API key: its token does not open the backend API', async () => {
    const { created } = await t.codeSession();
    const res = await t.api('GET', `/v1/sessions/${created.sessionId}`, {
      auth: created.widgetToken,
    });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { code: 'unauthorized' } });
  });
});

describe('/verifier scope', () => {
  it('[A2] a token for session A cannot cancel session B (forbidden); B goes on', async () => {
    const a = await t.codeSession();
    const b = await t.codeSession();
    expectAckError(
      await ask(a.verifier.socket, 'session:cancel', { sessionId: b.created.sessionId }),
      'forbidden',
    );
    const status = await t.api('GET', `/v1/sessions/${b.created.sessionId}`, {
      auth: t.verifiers.bank.apiKey,
    });
    expect(status.body).toMatchObject({ state: 'awaiting_citizen' });
    expect(b.verifier.all('session:ended')).toEqual([]);
  });

  it("[A2] another verifier's session is not_found for reading, cancelling and fetching", async () => {
    const { created } = await t.codeSession({ request: idCardRequest(['photo']) }, 'post');
    const auth = t.verifiers.bank.apiKey;
    for (const [method, path] of [
      ['GET', `/v1/sessions/${created.sessionId}`],
      ['DELETE', `/v1/sessions/${created.sessionId}`],
      ['GET', `/v1/sessions/${created.sessionId}/result`],
    ] as const) {
      const res = await t.api(method, path, { auth });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body).toMatchObject({ error: { code: 'not_found' } });
    }
    const own = await t.api('GET', `/v1/sessions/${created.sessionId}`, {
      auth: t.verifiers.post.apiKey,
    });
    expect(own.body).toMatchObject({ state: 'awaiting_citizen', flow: 'code' });
  });

  it('[V1][V2] unknown events and malformed payloads are refused with invalid_request', async () => {
    const { created, verifier } = await t.codeSession();
    const { sessionId } = created;
    expectAckError(await ask(verifier.socket, 'session:approve', { sessionId }), 'invalid_request');
    const extra = await ask(verifier.socket, 'session:cancel', { sessionId, force: true });
    expectAckError(extra, 'invalid_request');
    expect(extra).toMatchObject({
      error: { issues: expect.arrayContaining([expect.any(Object)]) },
    });
    expectAckError(await ask(verifier.socket, 'session:cancel', 'nope'), 'invalid_request');
    expectAckError(await ask(verifier.socket, 'session:cancel', {}), 'invalid_request');
    // The session is untouched by all of it.
    okData(await ask(verifier.socket, 'session:cancel', { sessionId }));
  });
});

describe('/verifier reconnect', () => {
  it('[§8] a widget reconnecting before the citizen joined gets the state and the QR again', async () => {
    const { created, verifier } = await t.codeSession();
    const before = await verifier.qr();
    verifier.socket.close();
    const again = await t.widget(created.widgetToken, { origin: DEMO_ORIGIN });
    await again.state('awaiting_citizen');
    expect((await again.qr()).code).toBe(before.code);
  });

  it('[§8] a widget reconnecting while the citizen decides gets awaiting_approval and no QR', async () => {
    const { created, verifier } = await t.codeSession();
    const citizen = await t.person(0);
    okData(await join(citizen, { code: created.code! }));
    await verifier.state('awaiting_approval');
    const again = await t.widget(created.widgetToken);
    const state = await again.state('awaiting_approval');
    expect(state).toMatchObject({ sessionId: created.sessionId, flow: 'code' });
    // A round trip: anything sent on connect has arrived by now.
    await ask(again.socket, 'session:cancel', { sessionId: 'other' });
    expect(again.all('session:qr')).toEqual([]);
    expect(again.events.map((e) => e.event)).toEqual(['session:state']);
  });

  it('[§8] every widget of the session hears the outcome', async () => {
    const { created, verifier } = await t.codeSession();
    const second = await t.widget(created.widgetToken);
    okData(await ask(second.socket, 'session:cancel', { sessionId: created.sessionId }));
    expect(await verifier.ended()).toEqual({ sessionId: created.sessionId, reason: 'cancelled' });
    expect(await second.ended()).toEqual({ sessionId: created.sessionId, reason: 'cancelled' });
  });

  it('[§8] a widget connecting to an ended session gets its state and end', async () => {
    const { created, verifier } = await t.codeSession();
    okData(await ask(verifier.socket, 'session:cancel', { sessionId: created.sessionId }));
    const again = await t.widget(created.widgetToken);
    await again.state('cancelled');
    expect(await again.ended()).toEqual({ sessionId: created.sessionId, reason: 'cancelled' });
    expect(again.all('session:qr')).toEqual([]);
  });
});
