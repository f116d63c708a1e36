/**
 * The ES256 signer behind presentations and outcomes (D4, E3): what it writes is a standard
 * compact JWS that jose verifies against the published public key, with the header and claims
 * the hub promises; a changed byte or another key fails.
 */
import { generateKeyPairSync } from 'node:crypto';
import { compactVerify, importJWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { OUTCOME_TYP, PRESENTATION_TYP } from '../../../contracts/index.js';
import { es256Signer } from '../../../hub/security/es256.js';
import { generateSigningKey } from '../../../hub/security/hub-keys.js';
import { signOutcome, signPresentation } from '../../../hub/sessions/presentation.js';

describe('ES256 signer', () => {
  it('[D4] a presentation verifies under jose with the JWKS key, header and claims as promised', async () => {
    const key = await generateSigningKey();
    const jws = await signPresentation(key, {
      issuer: 'https://hub.example',
      verifierId: 'v_bank',
      sessionId: 's_1',
      nonce: 'n-123',
      claims: { id_card: { status: 'valid', given_name: 'Anna', age_over_18: true } },
      issuedAt: 1_800_000_000_000,
      displayUntil: 1_800_000_060_500,
    });
    const publicKey = await importJWK(key.publicJwk, 'ES256');
    const { payload, protectedHeader } = await jwtVerify(jws, publicKey, {
      issuer: 'https://hub.example',
      audience: 'v_bank',
      typ: PRESENTATION_TYP,
      currentDate: new Date(1_800_000_030_000),
    });
    expect(protectedHeader).toEqual({ alg: 'ES256', kid: key.kid, typ: PRESENTATION_TYP });
    expect(payload).toMatchObject({
      sid: 's_1',
      nonce: 'n-123',
      documents: ['id_card'],
      claims: { id_card: { given_name: 'Anna', age_over_18: true } },
      status: { id_card: 'valid' },
      iat: 1_800_000_000,
      exp: 1_800_000_061,
    });
    expect(payload.jti).toMatch(/^[\w-]{16,}$/);
  });

  it('[E3] an outcome verifies too, with its own typ', async () => {
    const key = await generateSigningKey();
    const jws = await signOutcome(key, {
      issuer: 'https://hub.example',
      verifierId: 'v_bank',
      sessionId: 's_2',
      reference: 'order-7',
      retained: false,
      documents: { id_card: { status: 'valid', age_over_18: true } },
      issuedAt: 1_800_000_000_000,
      expiresAt: 1_800_000_060_000,
    });
    const { payload, protectedHeader } = await jwtVerify(
      jws,
      await importJWK(key.publicJwk, 'ES256'),
      { typ: OUTCOME_TYP, currentDate: new Date(1_800_000_001_000) },
    );
    expect(protectedHeader.typ).toBe(OUTCOME_TYP);
    expect(payload).toMatchObject({ sid: 's_2', ref: 'order-7', retained: false });
  });

  it('[D4] a changed payload or another key does not verify', async () => {
    const key = await generateSigningKey();
    const other = await generateSigningKey();
    const jws = es256Signer(key.privateKey, key.kid, PRESENTATION_TYP).sign({ sid: 's_3' });
    const [header, payload, signature] = jws.split('.');
    const forged = `${header}.${Buffer.from('{"sid":"s_4"}').toString('base64url')}.${signature}`;
    await expect(compactVerify(forged, await importJWK(key.publicJwk, 'ES256'))).rejects.toThrow();
    await expect(compactVerify(jws, await importJWK(other.publicJwk, 'ES256'))).rejects.toThrow();
    expect(payload).toBeTruthy();
  });

  it('refuses a key that cannot sign ES256', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const { privateKey: rsa } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const { privateKey: p384 } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    for (const wrong of [publicKey, rsa, p384]) {
      expect(() => es256Signer(wrong, 'k', PRESENTATION_TYP)).toThrow(/private P-256/);
    }
  });
});
