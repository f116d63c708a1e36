/**
 * The widget checks the hub's signature in the browser with jose (D4; web-verifier/src/jws.ts).
 * Presentations are signed here with jose, and once with the hub's own signer, then verified
 * against a key set given as it is or fetched from a real local HTTP server; each failure has its
 * reason: tampering, another algorithm, typ, issuer, audience, session, expiry, claims shown
 * beside the JWS that differ from the signed ones, unknown keys, no WebCrypto, no JWKS.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type JWK } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  failureOf,
  jwksUrl,
  mergeSigned,
  sameJson,
  verifierOfToken,
  verifyPresentation,
  type JwkSet,
  type VerifyOptions,
} from '../../../web-verifier/src/jws.js';
import { signPresentation } from '../../../hub/sessions/presentation.js';
import { generateSigningKey } from '../../../hub/security/hub-keys.js';

const sessionId = 'sess_0123456789abcdefghij';
const issuer = 'http://hub.test';
const audience = 'v_bank';
const shown = {
  id_card: { given_names: 'Anna Maria', family_name: 'Nowak', age_over_18: true, status: 'valid' },
  driving_licence: { categories: ['AM', 'B'], status: 'suspended' },
};
const now = Date.UTC(2026, 0, 10, 12, 0, 0);

let privateKey: CryptoKey;
let publicJwk: JWK;
const kid = 'test-key-1';
let jwks: JwkSet;

/** What every check below passes unless it says otherwise. */
const opts = (patch: Partial<VerifyOptions> = {}): VerifyOptions => ({
  sessionId,
  issuer,
  audience,
  jwks,
  now,
  ...patch,
});

/** A presentation like the hub's: claims and status split, `sid`, `exp`. */
async function sign(
  overrides: Record<string, unknown> = {},
  { exp = now / 1000 + 120, typ = 'mdok-presentation+jwt', iss = issuer, aud = audience } = {},
) {
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
    .setProtectedHeader({ alg: 'ES256', kid, typ })
    .setIssuer(iss)
    .setAudience(aud)
    .setIssuedAt(Math.floor(now / 1000))
    .setExpirationTime(exp)
    .sign(privateKey);
}

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  privateKey = pair.privateKey;
  publicJwk = await exportJWK(pair.publicKey);
  jwks = { keys: [{ ...publicJwk, kid, alg: 'ES256' } as JsonWebKey] };
});

afterEach(() => vi.unstubAllGlobals());

describe('[D4] presentation signature', () => {
  it('[D4] accepts a presentation signed with ES256 by the key of its kid', async () => {
    const result = await verifyPresentation(await sign(), opts({ shown }));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.payload.sid).toBe(sessionId);
  });

  it('[D4] accepts what the hub itself signs', async () => {
    const key = await generateSigningKey();
    const jws = await signPresentation(key, {
      issuer: `${issuer}/`,
      verifierId: audience,
      sessionId,
      nonce: 'n-1',
      claims: shown as never,
      issuedAt: now,
      displayUntil: now + 120_000,
    });
    const hubKeys = { keys: [{ ...key.publicJwk, kid: key.kid } as JsonWebKey] };
    // The hub's PUBLIC_URL may end with a slash; the widget knows the origin without one.
    expect(await verifyPresentation(jws, opts({ jwks: hubKeys, shown }))).toMatchObject({
      ok: true,
    });
  });

  it('[D4] refuses a tampered payload', async () => {
    const [h, , s] = (await sign()).split('.');
    const forged = Buffer.from(
      JSON.stringify({ sid: sessionId, iss: issuer, aud: audience, exp: now / 1000 + 60 }),
    ).toString('base64url');
    expect(await verifyPresentation(`${h}.${forged}.${s}`, opts())).toEqual({
      ok: false,
      reason: 'signature',
    });
  });

  it('[D4] refuses a signature by another key under the same kid', async () => {
    const other = await generateKeyPair('ES256');
    const jws = await new SignJWT({ sid: sessionId })
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'mdok-presentation+jwt' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setExpirationTime(now / 1000 + 60)
      .sign(other.privateKey);
    expect(await verifyPresentation(jws, opts())).toEqual({ ok: false, reason: 'signature' });
  });

  it('[D4] refuses another issuer, another verifier (aud) and another typ', async () => {
    expect(await verifyPresentation(await sign({}, { iss: 'http://evil.test' }), opts())).toEqual({
      ok: false,
      reason: 'issuer',
    });
    expect(await verifyPresentation(await sign({}, { aud: 'v_other' }), opts())).toEqual({
      ok: false,
      reason: 'audience',
    });
    expect(await verifyPresentation(await sign({}, { typ: 'JWT' }), opts())).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });

  it('[D4] refuses a presentation of another session, or of none', async () => {
    expect(await verifyPresentation(await sign({ sid: 'another' }), opts())).toEqual({
      ok: false,
      reason: 'session',
    });
    expect(await verifyPresentation(await sign({ sid: undefined }), opts())).toEqual({
      ok: false,
      reason: 'session',
    });
  });

  it('[E1] refuses a presentation whose exp has passed', async () => {
    expect(await verifyPresentation(await sign({}, { exp: now / 1000 - 1 }), opts())).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('[D4] refuses claims shown beside the JWS that differ from the signed ones', async () => {
    const jws = await sign();
    const lied = { ...shown, id_card: { ...shown.id_card, family_name: 'Kowalska' } };
    expect(await verifyPresentation(jws, opts({ shown: lied }))).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    const valid = { ...shown, driving_licence: { ...shown.driving_licence, status: 'valid' } };
    expect(await verifyPresentation(jws, opts({ shown: valid }))).toMatchObject({
      reason: 'mismatch',
    });
  });

  it('[D4] names unknown keys, other algorithms and garbage', async () => {
    const jws = await sign();
    expect(await verifyPresentation(jws, opts({ jwks: { keys: [] } }))).toEqual({
      ok: false,
      reason: 'unknown_key',
    });
    const hs = await new SignJWT({ sid: sessionId })
      .setProtectedHeader({ alg: 'HS256', kid, typ: 'mdok-presentation+jwt' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setExpirationTime(now / 1000 + 60)
      .sign(new Uint8Array(32));
    expect(await verifyPresentation(hs, opts())).toEqual({ ok: false, reason: 'algorithm' });
    for (const junk of ['', 'a.b', 'a.b.c', '!!.??.##']) {
      expect(await verifyPresentation(junk, opts()), junk).toEqual({
        ok: false,
        reason: 'malformed',
      });
    }
  });

  it('[D4] says "unavailable" without WebCrypto (an http page that is not localhost)', async () => {
    const jws = await sign();
    vi.stubGlobal('crypto', {});
    expect(await verifyPresentation(jws, opts())).toEqual({ ok: false, reason: 'unavailable' });
    vi.unstubAllGlobals();
    expect(failureOf(new TypeError('Failed to fetch'))).toBe('unavailable');
  });
});

describe('[D4] the hub’s JWKS over HTTP', () => {
  let server: Server;
  let hub: string;
  let served: unknown = null;
  let status = 200;
  let requests = 0;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      requests++;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(served));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    hub = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('[D4] fetches /.well-known/jwks.json once and keeps it for the next presentations', async () => {
    served = jwks;
    status = 200;
    requests = 0;
    const url = jwksUrl(hub);
    expect(url.href).toBe(`${hub}/.well-known/jwks.json`);
    expect(await verifyPresentation(await sign(), opts({ jwks: url }))).toMatchObject({ ok: true });
    expect(await verifyPresentation(await sign(), opts({ jwks: url }))).toMatchObject({ ok: true });
    expect(requests).toBe(1);
  });

  it('[D4] says "unavailable" when the JWKS cannot be fetched', async () => {
    status = 503;
    served = { error: 'down' };
    // Another path: a key set of its own, not the one cached above.
    const url = new URL('/other/jwks.json', hub);
    expect(await verifyPresentation(await sign(), opts({ jwks: url }))).toEqual({
      ok: false,
      reason: 'unavailable',
    });
  });
});

describe('widget token and JSON helpers', () => {
  it('reads the verifier id a widget token names, without trusting it for anything else', async () => {
    const token = await new SignJWT({ sid: sessionId, vid: 'v_bank' })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new Uint8Array(32));
    expect(verifierOfToken(token)).toBe('v_bank');
    expect(verifierOfToken('not a token')).toBeNull();
    const none = await new SignJWT({ sid: sessionId })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new Uint8Array(32));
    expect(verifierOfToken(none)).toBeNull();
  });

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
