/**
 * Changing a verifier after registration (PRODUCT §6 admin, A1, A4, D3): PATCH origins, claims,
 * flows and display policy; rotating an API key with an overlap; finding one's sessions by
 * one's own reference, state only.
 */
import { describe, expect, it } from 'vitest';
import type {
  PatchVerifierResponse,
  RotateKeyResponse,
  SessionListResponse,
  VerifierView,
} from '../../contracts/index.js';
import {
  admin,
  expectHttpError,
  idRequest,
  openSocket,
  postSession,
  refusal,
  useHubs,
} from '../helpers/fixtures.js';
import type { VerifierClient } from '../helpers/clients.js';

const hubs = useHubs();

describe('PATCH /v1/admin/verifiers/:id', () => {
  it('[D3][A4] origins, claims, flows and display policy change; new sessions and sockets follow', async () => {
    const t = await hubs.start();
    const post = t.verifiers.post.verifier.id;
    const live = await t.createSession('post', { flow: 'code', request: idRequest() });
    const patched = await admin<PatchVerifierResponse>(t, 'PATCH', `/verifiers/${post}`, {
      origins: ['https://poczta.example'],
      claims: { id_card: ['given_names', 'age_over_18'] },
      flows: ['code'],
      displaySeconds: 20,
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      verifierId: post,
      origins: ['https://poczta.example'],
      claims: { id_card: ['given_names', 'age_over_18'] },
      flows: ['code'],
      displaySeconds: 20,
    });
    expect(patched.body).not.toHaveProperty('webhookSecret');
    // A4: the removed origin opens no socket any more, even for a session created before.
    const refused = await refusal(
      openSocket<VerifierClient>(t.url, '/verifier', live.widgetToken, 'https://bank.example'),
    );
    expect(refused?.code).toBe('forbidden');
    const allowed = await openSocket<VerifierClient>(
      t.url,
      '/verifier',
      live.widgetToken,
      'https://poczta.example',
    );
    allowed.socket.close();
    // D3: the new policy holds for new sessions.
    expectHttpError(
      await postSession(t, 'post', { flow: 'code', request: idRequest(['family_name']) }),
      403,
      'forbidden',
    );
    expectHttpError(
      await postSession(t, 'post', { flow: 'otp', request: idRequest(['given_names']) }),
      403,
      'forbidden',
    );
    expectHttpError(
      await postSession(t, 'post', {
        flow: 'code',
        request: idRequest(['given_names']),
        displaySeconds: 60,
      }),
      403,
      'forbidden',
    );
    expect(
      (await postSession(t, 'post', { flow: 'code', request: idRequest(['age_over_18']) })).status,
    ).toBe(201);
  });

  it('[D3][V1] nothing to change, unknown keys, an unknown verifier, privileged for a bank', async () => {
    const t = await hubs.start();
    const bank = t.verifiers.bank.verifier.id;
    expectHttpError(await admin(t, 'PATCH', `/verifiers/${bank}`, {}), 400, 'invalid_request');
    expectHttpError(
      await admin(t, 'PATCH', `/verifiers/${bank}`, { name: 'Renamed' }),
      400,
      'invalid_request',
    );
    expectHttpError(
      await admin(t, 'PATCH', '/verifiers/v_nobody', { retain: false }),
      404,
      'not_found',
    );
    expectHttpError(
      await admin(t, 'PATCH', `/verifiers/${bank}`, { flows: ['code', 'privileged'] }),
      403,
      'forbidden',
    );
    expectHttpError(
      await t.api('PATCH', `/v1/admin/verifiers/${bank}`, {
        auth: t.verifiers.bank.apiKey,
        json: { retain: false },
      }),
      401,
      'unauthorized',
    );
  });
});

describe('API key rotation', () => {
  it('[A1] the new key works at once, the old one until its overlap ends, then never', async () => {
    const t = await hubs.start();
    const bank = t.verifiers.bank;
    const [key] = (await admin<VerifierView>(t, 'GET', `/verifiers/${bank.verifier.id}`)).body.keys;
    const rotated = await admin<RotateKeyResponse>(
      t,
      'POST',
      `/verifiers/${bank.verifier.id}/keys/${key!.keyId}/rotate`,
      { overlapSeconds: 60 },
    );
    expect(rotated.status).toBe(201);
    expect(rotated.body).toEqual({
      keyId: expect.any(String),
      apiKey: expect.stringMatching(/^mdok_/),
      previous: {
        keyId: key!.keyId,
        validUntil: expect.any(String),
      },
    });
    const overlapEnd = Date.parse(rotated.body.previous.validUntil) - t.clock.now();
    expect(overlapEnd).toBeGreaterThan(59_000);
    expect(overlapEnd).toBeLessThanOrEqual(60_000);
    const body = { flow: 'code', request: idRequest() };
    const asKey = (apiKey: string) => t.api('POST', '/v1/sessions', { auth: apiKey, json: body });
    expect((await asKey(rotated.body.apiKey)).status).toBe(201);
    expect((await asKey(bank.apiKey)).status).toBe(201);
    const view = await admin<VerifierView>(t, 'GET', `/verifiers/${bank.verifier.id}`);
    expect(view.body.keys.find((k) => k.keyId === key!.keyId)).toMatchObject({
      revoked: false,
      validUntil: rotated.body.previous.validUntil,
    });
    await t.advance(61_000);
    expectHttpError(await asKey(bank.apiKey), 401, 'unauthorized');
    expect((await asKey(rotated.body.apiKey)).status).toBe(201);
    // A rotated (or revoked) key is not rotated again: rotate the new one.
    const again = `/verifiers/${bank.verifier.id}/keys/${key!.keyId}/rotate`;
    expectHttpError(await admin(t, 'POST', again), 409, 'conflict');
    await admin(t, 'DELETE', `/verifiers/${bank.verifier.id}/keys/${rotated.body.keyId}`);
    expectHttpError(
      await admin(t, 'POST', `/verifiers/${bank.verifier.id}/keys/${rotated.body.keyId}/rotate`),
      409,
      'conflict',
    );
    expectHttpError(
      await admin(
        t,
        'POST',
        `/verifiers/${t.verifiers.post.verifier.id}/keys/${key!.keyId}/rotate`,
      ),
      404,
      'not_found',
    );
  });
});

describe('GET /v1/sessions?reference=…', () => {
  it('[S1][A1] a verifier finds its own sessions by its reference, newest first, state only', async () => {
    const t = await hubs.start();
    const body = (reference: string) => ({ flow: 'code', request: idRequest(), reference });
    const first = await t.createSession('bank', body('loan-7'));
    t.clock.advance(1000);
    const second = await t.createSession('bank', body('loan-7'));
    await t.createSession('bank', body('loan-8'));
    const theirs = await t.createSession('office', body('loan-7'));
    await t.api('DELETE', `/v1/sessions/${first.sessionId}`, { auth: t.verifiers.bank.apiKey });

    const found = await t.api<SessionListResponse>('GET', '/v1/sessions?reference=loan-7', {
      auth: t.verifiers.bank.apiKey,
    });
    expect(found.status).toBe(200);
    expect(found.body.sessions.map((s) => [s.sessionId, s.state, s.reference])).toEqual([
      [second.sessionId, 'awaiting_citizen', 'loan-7'],
      [first.sessionId, 'cancelled', 'loan-7'],
    ]);
    expect(JSON.stringify(found.body)).not.toContain(theirs.sessionId);
    const none = await t.api<SessionListResponse>('GET', '/v1/sessions?reference=loan-9', {
      auth: t.verifiers.bank.apiKey,
    });
    expect(none.body).toEqual({ sessions: [] });
    expectHttpError(
      await t.api('GET', '/v1/sessions', { auth: t.verifiers.bank.apiKey }),
      400,
      'invalid_request',
    );
    expectHttpError(await t.api('GET', '/v1/sessions?reference=loan-7'), 401, 'unauthorized');
  });
});
