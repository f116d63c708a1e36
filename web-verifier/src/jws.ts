/**
 * Checks the hub's signed presentation (D4) in the browser with jose (`jwtVerify` over the hub's
 * JWKS, fetched from `/.well-known/jwks.json` and cached by `createRemoteJWKSet`, which also
 * refetches for a rotated `kid`). jose checks the ES256 signature (no other algorithm is
 * accepted), the `typ`, the issuer (the hub's public URL), the audience (the verifier's id) and
 * the expiry; this file adds that `sid` is this session and that the claims and statuses shown
 * beside the JWS are exactly the signed ones (so the card shows nothing the hub did not sign).
 * Every failure has a reason; nothing throws.
 */
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import type { JSONWebKeySet, JWTPayload, JWTVerifyGetKey } from 'jose';

/** JOSE `typ` of presentations (hub/sessions/presentation.ts). */
export const PRESENTATION_TYP = 'mdok-presentation+jwt';

/** How long the JWKS fetch may take before the signature is reported as not checkable. */
export const JWKS_TIMEOUT_MS = 5_000;

/** Why a presentation was not accepted. `unavailable`: it could not be checked at all. */
export type JwsFailure =
  | 'malformed'
  | 'algorithm'
  | 'unknown_key'
  | 'signature'
  | 'issuer'
  | 'audience'
  | 'session'
  | 'expired'
  | 'mismatch'
  | 'unavailable';

/** The outcome of checking a presentation. */
export type JwsResult =
  { ok: true; payload: Record<string, unknown> } | { ok: false; reason: JwsFailure };

/** A JSON Web Key Set as `/.well-known/jwks.json` publishes it. */
export interface JwkSet {
  keys: JsonWebKey[];
}

/** What the presentation must match. */
export interface VerifyOptions {
  /** The session the widget is showing; the JWS `sid` must equal it. */
  sessionId: string;
  /** The hub's public URL, the expected `iss` (a trailing slash makes no difference). */
  issuer: string;
  /** The verifier's id, the expected `aud`. */
  audience: string;
  /** The hub's keys: the URL of its JWKS (fetched once and cached per URL), or the set itself. */
  jwks: URL | JwkSet;
  /** The claims shown beside the JWS (`session:data` `claims`); must equal the signed ones. */
  shown?: Record<string, Record<string, unknown>>;
  /** Current time on the hub's clock in ms (default `Date.now()`). */
  now?: number;
}

/** Remote key sets per JWKS URL: public keys, shared by every widget on the page. */
const remoteSets = new Map<string, JWTVerifyGetKey>();

function keysOf(jwks: URL | JwkSet): JWTVerifyGetKey {
  if (!(jwks instanceof URL)) return createLocalJWKSet(jwks as JSONWebKeySet);
  let set = remoteSets.get(jwks.href);
  if (!set) {
    set = createRemoteJWKSet(jwks, { timeoutDuration: JWKS_TIMEOUT_MS });
    remoteSets.set(jwks.href, set);
  }
  return set;
}

/** The URL of the hub's JWKS. */
export function jwksUrl(hub: string): URL {
  return new URL('/.well-known/jwks.json', hub);
}

/** The verifier id (`vid`) a widget token names, or null when it names none. Not verified. */
export function verifierOfToken(token: string): string | null {
  try {
    const { vid } = decodeJwt(token);
    return typeof vid === 'string' && vid !== '' ? vid : null;
  } catch {
    return null;
  }
}

/** Order-insensitive deep equality of JSON values. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const rb = b as Record<string, unknown>;
  const ra = a as Record<string, unknown>;
  return ka.length === kb.length && ka.every((k) => k in rb && sameJson(ra[k], rb[k]));
}

/** Puts the signed `claims` and `status` back into the wire's `{ type: { claim, status } }`. */
export function mergeSigned(payload: Record<string, unknown>): Record<string, unknown> {
  const claims = (payload.claims ?? {}) as Record<string, Record<string, unknown>>;
  const status = (payload.status ?? {}) as Record<string, unknown>;
  const merged: Record<string, unknown> = {};
  for (const type of new Set([...Object.keys(claims), ...Object.keys(status)])) {
    merged[type] = { ...claims[type], status: status[type] };
  }
  return merged;
}

/** The reason for a jose error, by its `code` (and `claim` for claim checks). */
export function failureOf(error: unknown): JwsFailure {
  const { code, claim } = (error ?? {}) as { code?: unknown; claim?: unknown };
  switch (code) {
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
      return 'malformed';
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JOSE_NOT_SUPPORTED':
    case 'ERR_JWK_INVALID':
      return 'algorithm';
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return 'unknown_key';
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'signature';
    case 'ERR_JWT_EXPIRED':
      return 'expired';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if (claim === 'iss') return 'issuer';
      if (claim === 'aud') return 'audience';
      if (claim === 'sid') return 'session';
      if (claim === 'exp') return 'expired';
      return 'malformed';
    default:
      // The JWKS could not be fetched (network, timeout, not JSON) or WebCrypto is missing.
      return 'unavailable';
  }
}

/** Verifies a compact JWS presentation. Never throws. */
export async function verifyPresentation(jws: string, opts: VerifyOptions): Promise<JwsResult> {
  // An http page that is not localhost has no WebCrypto: nothing can be checked there.
  if (!globalThis.crypto?.subtle) return { ok: false, reason: 'unavailable' };
  const issuer = opts.issuer.replace(/\/+$/, '');
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(jws, keysOf(opts.jwks), {
      algorithms: ['ES256'],
      typ: PRESENTATION_TYP,
      issuer: [issuer, `${issuer}/`],
      audience: opts.audience,
      requiredClaims: ['exp', 'sid'],
      currentDate: new Date(opts.now ?? Date.now()),
    }));
  } catch (error) {
    return { ok: false, reason: failureOf(error) };
  }
  if (payload.sid !== opts.sessionId) return { ok: false, reason: 'session' };
  if (opts.shown && !sameJson(mergeSigned(payload), opts.shown)) {
    return { ok: false, reason: 'mismatch' };
  }
  return { ok: true, payload };
}
