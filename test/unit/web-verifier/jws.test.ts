/**
 * The widget checks the hub's signature in the browser with WebCrypto alone (D4;
 * web-verifier/src/jws.ts). Presentations are signed here with jose, and once with the hub's own
 * signer, then verified; each failure has its reason: tampering, another session, expiry,
 * claims shown beside the JWS that differ from the signed ones, unknown keys, no WebCrypto.
 */
import { SignJWT, exportJWK, generateKeyPair, type JWK } from 'jose';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  jwksLookup,
  mergeSigned,
  sameJson,
  verifyPresentation,
  type KeyLookup,
  type PublicJwk,
} from '../../../web-verifier/src/jws.js';
import { signPresentation } from '../../../hub/sessions/presentation.js';
import { generateSigningKey } from '../../../hub/security/hub-keys.js';

const sessionId = 'sess_0123456789abcdefghij';
const shown = {
  id_card: { given_names: 'Anna Maria', family_name: 'Nowak', age_over_18: true, status: 'valid' },
  driving_licence: { categories: ['AM', 'B'], status: 'suspended' },
};
const now = Date.UTC(2026, 0, 10, 12, 0, 0);

let privateKey: CryptoKey;
let publicJwk: JWK;
const kid = 'test-key-1';
const keys: KeyLookup = async (k) => (k === kid ? ({ ...publicJwk, kid } as PublicJwk) : null);

/** A presentation like the hub's: claims and status split, `sid`, `exp`. */
async function sign(overrides: Record<string, unknown> = {}, exp = now / 1000 + 120) {
  return new SignJWT({
    sid: sessionId,
    documents: ['id_card', 'driving_licence'],
    claims: {
      id_card: { given_names: 'Anna Maria', family_name: 'Nowak', age_over_18: true },
      driving_licence: { categories: ['AM', 'B'] },
    },
    status: { id_card: 'valid', driving_licence: 'suspended' },
    ...overrides,
  })
    .setProtectedHeader({ alg: 'ES256', kid, typ: 'mdok-presentation+jwt' })
    .setIssuer('http://hub.test')
    .setAudience('v_bank')
    .setIssuedAt(Math.floor(now / 1000))
    .setExpirationTime(exp)
    .sign(privateKey);
}

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  privateKey = pair.privateKey;
  publicJwk = await exportJWK(pair.publicKey);
});

describe('[D4] presentation signature', () => {
  it('[D4] accepts a presentation signed with ES256 by the key of its kid', async () => {
    const result = await verifyPresentation(await sign(), { sessionId, keys, shown, now });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.payload.sid).toBe(sessionId);
  });

  it('[D4] accepts what the hub itself signs', async () => {
    const key = await generateSigningKey();
    const jws = await signPresentation(key, {
      issuer: 'http://hub.test',
      verifierId: 'v_bank',
      sessionId,
      nonce: 'n-1',
      claims: shown as never,
      issuedAt: now,
      displayUntil: now + 120_000,
    });
    const hubKeys: KeyLookup = async (k) =>
      k === key.kid ? ({ ...key.publicJwk, kid: key.kid } as PublicJwk) : null;
    const result = await verifyPresentation(jws, { sessionId, keys: hubKeys, shown, now });
    expect(result).toMatchObject({ ok: true });
  });

  it('[D4] refuses a tampered payload', async () => {
    const [h, , s] = (await sign()).split('.');
    const forged = Buffer.from(
      JSON.stringify({ sid: sessionId, exp: now / 1000 + 60, claims: {}, status: {} }),
    ).toString('base64url');
    const result = await verifyPresentation(`${h}.${forged}.${s}`, { sessionId, keys, now });
    expect(result).toEqual({ ok: false, reason: 'signature' });
  });

  it('[D4] refuses a signature by another key under the same kid', async () => {
    const other = await generateKeyPair('ES256');
    const jws = await new SignJWT({ sid: sessionId })
      .setProtectedHeader({ alg: 'ES256', kid })
      .setExpirationTime(now / 1000 + 60)
      .sign(other.privateKey);
    expect(await verifyPresentation(jws, { sessionId, keys, now })).toEqual({
      ok: false,
      reason: 'signature',
    });
  });

  it('[D4] refuses a presentation of another session', async () => {
    const result = await verifyPresentation(await sign({ sid: 'another' }), {
      sessionId,
      keys,
      now,
    });
    expect(result).toEqual({ ok: false, reason: 'session' });
  });

  it('[E1] refuses a presentation whose exp has passed', async () => {
    const jws = await sign({}, now / 1000 - 1);
    expect(await verifyPresentation(jws, { sessionId, keys, now })).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('[D4] refuses claims shown beside the JWS that differ from the signed ones', async () => {
    const jws = await sign();
    const lied = { ...shown, id_card: { ...shown.id_card, family_name: 'Kowalska' } };
    expect(await verifyPresentation(jws, { sessionId, keys, shown: lied, now })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    const valid = { ...shown, driving_licence: { ...shown.driving_licence, status: 'valid' } };
    expect(await verifyPresentation(jws, { sessionId, keys, shown: valid, now })).toMatchObject({
      reason: 'mismatch',
    });
  });

  it('[D4] names unknown keys, other algorithms and garbage', async () => {
    const jws = await sign();
    const none: KeyLookup = async () => null;
    expect(await verifyPresentation(jws, { sessionId, keys: none, now })).toEqual({
      ok: false,
      reason: 'unknown_key',
    });
    const hs = await new SignJWT({ sid: sessionId })
      .setProtectedHeader({ alg: 'HS256', kid })
      .sign(new Uint8Array(32));
    expect(await verifyPresentation(hs, { sessionId, keys, now })).toMatchObject({
      reason: 'algorithm',
    });
    for (const junk of ['', 'a.b', 'a.b.c', '!!.??.##']) {
      expect(await verifyPresentation(junk, { sessionId, keys, now })).toEqual({
        ok: false,
        reason: 'malformed',
      });
    }
  });

  it('[D4] says "unavailable" without WebCrypto or when the JWKS cannot be fetched', async () => {
    const jws = await sign();
    // An http page that is not localhost has no crypto.subtle.
    expect(await verifyPresentation(jws, { sessionId, keys, now, subtle: null })).toEqual({
      ok: false,
      reason: 'unavailable',
    });
    const failing: KeyLookup = async () => {
      throw new Error('offline');
    };
    expect(await verifyPresentation(jws, { sessionId, keys: failing, now })).toEqual({
      ok: false,
      reason: 'unavailable',
    });
  });
});

describe('[D4] JWKS lookup', () => {
  it('[D4] fetches the hub’s JWKS once and refetches for an unknown kid', async () => {
    const fetchFn = vi.fn(async (url: string | URL | Request) => {
      expect(String(url)).toBe('http://jwks-test.example/.well-known/jwks.json');
      return new Response(JSON.stringify({ keys: [{ ...publicJwk, kid }] }));
    });
    const lookup = jwksLookup('http://jwks-test.example', fetchFn as typeof fetch);
    expect(await lookup(kid)).toMatchObject({ kid, kty: 'EC', crv: 'P-256' });
    expect(await lookup(kid)).toMatchObject({ kid });
    expect(fetchFn).toHaveBeenCalledTimes(1);
    expect(await lookup('rotated-away')).toBeNull();
    expect(fetchFn).toHaveBeenCalledTimes(2);
  });

  it('[D4] does not keep a failed fetch', async () => {
    let calls = 0;
    const fetchFn = (async () => {
      calls++;
      return calls === 1
        ? new Response('nope', { status: 503 })
        : new Response(JSON.stringify({ keys: [{ ...publicJwk, kid }] }));
    }) as typeof fetch;
    const lookup = jwksLookup('http://jwks-fail.example', fetchFn);
    await expect(lookup(kid)).rejects.toThrow(/503/);
    expect(await lookup(kid)).toMatchObject({ kid });
  });
});

describe('JSON helpers', () => {
  it('compares JSON regardless of key order and merges claims with statuses', () => {
    expect(sameJson({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(sameJson({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(
      mergeSigned({
        claims: { id_card: { x: 1 } },
        status: { id_card: 'valid', school_id: 'missing' },
      }),
    ).toEqual({ id_card: { x: 1, status: 'valid' }, school_id: { status: 'missing' } });
  });
});
