import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { RequestIncomingEvent, SessionData, SessionQrEvent } from '../../contracts/index.js';
import { request } from '../helpers/clients.js';
import { startTestHub, type TestHub } from '../helpers/test-hub.js';
import { waitFor } from '../helpers/wait.js';

let t: TestHub;
beforeEach(async () => {
  t = await startTestHub();
});
afterEach(async () => {
  await t.close();
});

describe('smoke', () => {
  it('[F1] code flow end to end', async () => {
    const created = await t.createSession('bank', {
      flow: 'code',
      request: {
        documents: [{ type: 'id_card', claims: ['given_names', 'family_name', 'age_over_18'] }],
        purpose: 'Otwarcie rachunku',
      },
      nonce: 'n-123',
      displaySeconds: 5,
    });
    expect(created.code).toMatch(/^\d{6}$/);
    const verifier = await t.verifierSocket(created.widgetToken);
    const qr = await waitFor<SessionQrEvent>(verifier, 'session:qr');
    expect(qr.code).toBe(created.code);
    const citizen = await t.citizen();
    const joined = await request<RequestIncomingEvent>(citizen.socket, 'pairing:join', {
      qr: qr.payload,
    });
    expect(joined.ok).toBe(true);
    const dataP = waitFor<SessionData>(verifier, 'session:data');
    const approved = await request(citizen.socket, 'request:approve', {
      sessionId: created.sessionId,
    });
    expect(approved).toEqual({ ok: true });
    const data = await dataP;
    expect(Object.keys(data.claims.id_card!).sort()).toEqual([
      'age_over_18',
      'family_name',
      'given_names',
      'status',
    ]);
    const jwks = createRemoteJWKSet(new URL(t.url + '/.well-known/jwks.json'));
    const { payload } = await jwtVerify(data.presentation, jwks, {
      audience: t.verifiers.bank.verifier.id,
    });
    expect(payload.nonce).toBe('n-123');
    const ended = waitFor(verifier, 'session:ended');
    await t.advance(6000);
    expect(await ended).toMatchObject({ reason: 'expired' });
  });
});
