/**
 * The checks of `@mdok/verify/backend` without a server (D4, E3, §6): an outcome or presentation
 * the hub's code signs passes; a wrong nonce, audience, issuer, session or `typ`, an expired
 * token, unsigned copies that differ from the signed ones, and webhook signatures that are
 * wrong, stale or malformed are each refused with a reason.
 */
import { createHmac } from 'node:crypto';
import { createLocalJWKSet } from 'jose';
import { describe, expect, it } from 'vitest';
import type { SessionResult } from '../../../contracts/index.js';
import { generateSigningKey } from '../../../hub/security/hub-keys.js';
import {
  outcomeDocuments,
  signOutcome,
  signPresentation,
} from '../../../hub/sessions/presentation.js';
import {
  ResultVerificationError,
  verifyOutcome,
  verifyResult,
  verifyWebhook,
  WebhookVerificationError,
} from '../../../web-verifier/backend/index.js';

const issuer = 'https://hub.example';
const claims = {
  id_card: { given_names: 'Anna', age_over_18: true, document_valid: true, status: 'valid' },
} as const;

async function world(overrides: { expiresAt?: number } = {}) {
  const key = await generateSigningKey();
  const jwks = createLocalJWKSet({ keys: [key.publicJwk] });
  const now = Date.now();
  const displayUntil = overrides.expiresAt ?? now + 60_000;
  const documents = outcomeDocuments(claims);
  const base = { issuer, verifierId: 'v_bank', sessionId: 's1', nonce: 'n1' };
  const outcome = await signOutcome(key, {
    ...base,
    reference: 'loan-1',
    retained: true,
    documents,
    issuedAt: now,
    expiresAt: displayUntil,
  });
  const presentation = await signPresentation(key, {
    ...base,
    claims,
    issuedAt: now,
    displayUntil,
  });
  const result: SessionResult = {
    sessionId: 's1',
    displayUntil: new Date(displayUntil).toISOString(),
    retained: true,
    outcome,
    documents,
    presentation,
    claims,
  };
  const expected = { jwks, issuer, verifierId: 'v_bank', sessionId: 's1', nonce: 'n1' };
  return { result, expected, outcome, presentation };
}

describe('@mdok/verify/backend: results', () => {
  it('[D4][E3] a result the hub signed passes, outcome and presentation', async () => {
    const { result, expected } = await world();
    const verified = await verifyResult(result, expected);
    expect(verified.outcome).toMatchObject({
      sid: 's1',
      nonce: 'n1',
      ref: 'loan-1',
      retained: true,
      documents: { id_card: { status: 'valid', age_over_18: true, document_valid: true } },
    });
    expect(verified.outcome.documents.id_card).not.toHaveProperty('given_names');
    expect(verified.presentation?.claims).toEqual(claims);
  });

  it('[D4] wrong nonce, audience, issuer or session are refused', async () => {
    const { outcome, expected } = await world();
    for (const wrong of [
      { nonce: 'n2' },
      { verifierId: 'v_other' },
      { issuer: 'https://evil.example' },
      { sessionId: 's2' },
    ]) {
      await expect(verifyOutcome(outcome, { ...expected, ...wrong })).rejects.toBeInstanceOf(
        ResultVerificationError,
      );
    }
  });

  it('[D4] a presentation offered as the outcome is refused by its typ', async () => {
    const { presentation, expected } = await world();
    await expect(verifyOutcome(presentation, expected)).rejects.toThrow(/mdok-outcome\+jwt/);
  });

  it('[E2] an expired outcome is refused', async () => {
    const { outcome, expected } = await world({ expiresAt: Date.now() - 60_000 });
    await expect(verifyOutcome(outcome, expected)).rejects.toThrow(/exp/);
  });

  it('[E3] unsigned copies that differ from the signed ones are refused', async () => {
    const { result, expected } = await world();
    await expect(
      verifyResult(
        { ...result, documents: { id_card: { status: 'valid', age_over_18: false } } },
        expected,
      ),
    ).rejects.toThrow(/documents/);
    await expect(
      verifyResult(
        { ...result, claims: { id_card: { ...claims.id_card, given_names: 'Eve' } } },
        expected,
      ),
    ).rejects.toThrow(/claims/);
    const { presentation: _p, claims: _c, ...withoutPresentation } = result;
    await expect(verifyResult(withoutPresentation, expected)).rejects.toThrow(/retained/);
  });
});

describe('@mdok/verify/backend: webhooks', () => {
  const body = JSON.stringify({
    id: 'evt_1',
    type: 'session.delivered',
    createdAt: new Date().toISOString(),
    data: { sessionId: 's1', verifierId: 'v_bank', flow: 'code', state: 'delivered' },
  });
  const sign = (secret: string, t: number) =>
    createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  const now = Date.now();
  const t = Math.floor(now / 1000);

  it('[§6] the right secret passes; during a rotation either secret does', () => {
    const header = `t=${t},v1=${sign('whsec_new', t)},v1=${sign('whsec_old', t)}`;
    expect(verifyWebhook({ body, signature: header, secrets: 'whsec_new', now }).id).toBe('evt_1');
    expect(verifyWebhook({ body, signature: header, secrets: ['whsec_old'], now }).id).toBe(
      'evt_1',
    );
  });

  it('[§6] a wrong secret, a changed body, a stale timestamp or a bad header are refused', () => {
    const header = `t=${t},v1=${sign('whsec_new', t)}`;
    const refuse = (check: Parameters<typeof verifyWebhook>[0], reason: RegExp) =>
      expect(() => verifyWebhook(check)).toThrow(reason);
    refuse({ body, signature: header, secrets: 'whsec_other', now }, /no signature matches/);
    refuse(
      { body: body.replace('delivered', 'ended'), signature: header, secrets: 'whsec_new', now },
      /no signature matches/,
    );
    refuse({ body, signature: header, secrets: 'whsec_new', now: now + 301_000 }, /replay window/);
    refuse({ body, signature: 'v1=abc', secrets: 'whsec_new', now }, /mdok-signature/);
    refuse({ body, signature: undefined, secrets: 'whsec_new', now }, /mdok-signature/);
    expect(() => verifyWebhook({ body, signature: 'x', secrets: 'y' })).toThrow(
      WebhookVerificationError,
    );
  });
});
