/**
 * Checks the hub's signed presentation (D4) in the browser with WebCrypto, without a JOSE
 * library: ES256 is ECDSA P-256 with SHA-256 over `header.payload`, and the JWS signature is
 * the raw `r||s` pair that WebCrypto's ECDSA verify takes as it is. The key comes from the hub's
 * `/.well-known/jwks.json` by `kid`. Beyond the signature it checks the `typ`, that `sid` is
 * this session, that `exp` has not passed, and that the claims and statuses shown beside the
 * JWS are exactly the signed ones (so the card shows nothing the hub did not sign). `aud` is
 * not checked: the widget does not know its verifier id.
 */

/** JOSE `typ` of presentations (hub/sessions/presentation.ts). */
export const PRESENTATION_TYP = 'mdok-presentation+jwt';

/** A public key as published in the JWKS. */
export interface PublicJwk {
  kty: string;
  crv?: string;
  x?: string;
  y?: string;
  kid?: string;
  alg?: string;
}

/** Finds the key with a `kid`, or null when the hub does not publish it (any more). */
export type KeyLookup = (kid: string) => Promise<PublicJwk | null>;

/** Why a presentation was not accepted. `unavailable`: it could not be checked at all. */
export type JwsFailure =
  | 'malformed'
  | 'algorithm'
  | 'unknown_key'
  | 'signature'
  | 'session'
  | 'expired'
  | 'mismatch'
  | 'unavailable';

/** The outcome of checking a presentation. */
export type JwsResult =
  { ok: true; payload: Record<string, unknown> } | { ok: false; reason: JwsFailure };

/** What the presentation must match. */
export interface VerifyOptions {
  /** The session the widget is showing; the JWS `sid` must equal it. */
  sessionId: string;
  /** Key lookup by `kid` (see `jwksLookup`). */
  keys: KeyLookup;
  /** The claims shown beside the JWS (`session:data` `claims`); must equal the signed ones. */
  shown?: Record<string, Record<string, unknown>>;
  /** Current time in ms (default `Date.now()`). */
  now?: number;
  /** WebCrypto (default `globalThis.crypto.subtle`, absent on insecure http pages; null: none). */
  subtle?: SubtleCrypto | null;
}

/** Decodes base64url to bytes; throws on bad input. */
export function base64UrlToBytes(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

function decodeJson(part: string): Record<string, unknown> {
  const value: unknown = JSON.parse(new TextDecoder().decode(base64UrlToBytes(part)));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('not a JSON object');
  }
  return value as Record<string, unknown>;
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

/** Verifies a compact JWS presentation. Never throws. */
export async function verifyPresentation(jws: string, opts: VerifyOptions): Promise<JwsResult> {
  const subtle = opts.subtle === null ? undefined : (opts.subtle ?? globalThis.crypto?.subtle);
  const parts = jws.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  const [h, p, s] = parts as [string, string, string];
  let header: Record<string, unknown>;
  let payload: Record<string, unknown>;
  let signature: Uint8Array<ArrayBuffer>;
  try {
    header = decodeJson(h);
    payload = decodeJson(p);
    signature = base64UrlToBytes(s);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (header.alg !== 'ES256' || signature.length !== 64) return { ok: false, reason: 'algorithm' };
  if (header.typ !== undefined && header.typ !== PRESENTATION_TYP) {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof header.kid !== 'string') return { ok: false, reason: 'unknown_key' };
  if (!subtle) return { ok: false, reason: 'unavailable' };
  let jwk: PublicJwk | null;
  try {
    jwk = await opts.keys(header.kid);
  } catch {
    return { ok: false, reason: 'unavailable' };
  }
  if (!jwk) return { ok: false, reason: 'unknown_key' };
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.x || !jwk.y) {
    return { ok: false, reason: 'algorithm' };
  }
  let valid: boolean;
  try {
    const key = await subtle.importKey(
      'jwk',
      { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, ext: true },
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['verify'],
    );
    valid = await subtle.verify(
      { name: 'ECDSA', hash: 'SHA-256' },
      key,
      signature,
      new TextEncoder().encode(`${h}.${p}`),
    );
  } catch {
    return { ok: false, reason: 'signature' };
  }
  if (!valid) return { ok: false, reason: 'signature' };
  if (payload.sid !== opts.sessionId) return { ok: false, reason: 'session' };
  const now = opts.now ?? Date.now();
  if (typeof payload.exp !== 'number' || payload.exp * 1000 <= now) {
    return { ok: false, reason: 'expired' };
  }
  if (opts.shown && !sameJson(mergeSigned(payload), opts.shown)) {
    return { ok: false, reason: 'mismatch' };
  }
  return { ok: true, payload };
}

/** How long the JWKS fetch may take before the signature is reported as not checkable. */
export const JWKS_TIMEOUT_MS = 5_000;

const jwksCache = new Map<string, Promise<PublicJwk[]>>();

async function loadJwks(url: string, fetchFn: typeof fetch): Promise<PublicJwk[]> {
  const res = await fetchFn(url, {
    credentials: 'omit',
    headers: { accept: 'application/json' },
    // A hanging fetch must not leave the badge on "checking…" for the whole display window.
    signal: AbortSignal.timeout(JWKS_TIMEOUT_MS),
  });
  if (!res.ok) throw new Error(`JWKS ${res.status}`);
  const body = (await res.json()) as { keys?: unknown };
  if (!Array.isArray(body.keys)) throw new Error('JWKS without keys');
  return body.keys.filter((k): k is PublicJwk => typeof k === 'object' && k !== null);
}

/**
 * A key lookup against `${hub}/.well-known/jwks.json`. Public keys are kept in memory per hub
 * (they are not citizen data); an unknown `kid` refetches once, for key rotation.
 */
export function jwksLookup(hub: string, fetchFn: typeof fetch = fetch): KeyLookup {
  const url = new URL('/.well-known/jwks.json', hub).href;
  const get = (fresh: boolean): Promise<PublicJwk[]> => {
    let entry = fresh ? undefined : jwksCache.get(url);
    if (!entry) {
      entry = loadJwks(url, fetchFn);
      jwksCache.set(url, entry);
      const mine = entry;
      mine.catch(() => {
        if (jwksCache.get(url) === mine) jwksCache.delete(url);
      });
    }
    return entry;
  };
  return async (kid) => {
    const found = (await get(false)).find((k) => k.kid === kid);
    return found ?? (await get(true)).find((k) => k.kid === kid) ?? null;
  };
}
