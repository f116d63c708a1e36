/**
 * Compact HS256 JWTs on `node:crypto`, for the one kind of token the hub both mints and reads
 * itself: widget tokens (A2). jose's Web Crypto path costs ~140 µs of CPU per HMAC (an async
 * job plus a key import on every call) where `createHmac` costs ~5 µs, and a widget token is
 * minted and checked once per verification — the hot path. The format is byte-for-byte what
 * jose's `SignJWT` produced (header `{"alg":"HS256"}`), tokens still verify under jose's
 * `jwtVerify` (tested), and the reading side is stricter than a general JWT library needs to be:
 * the header must be exactly ours, so no algorithm is ever chosen by the token.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The only header the hub mints and accepts. */
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256' })).toString('base64url');
/** A SHA-256 MAC is 32 bytes: 43 base64url characters, no padding. */
const SIGNATURE_LENGTH = 43;

/** Claims every widget-style token carries besides its own. */
export interface RegisteredClaims {
  aud: string;
  iat: number;
  exp: number;
}

/** Why a token was refused (for the cause of an `unauthorized`). */
export class TokenRejected extends Error {}

function mac(key: Buffer, signingInput: string): string {
  return createHmac('sha256', key).update(signingInput).digest('base64url');
}

/** Signs `claims` (with `aud`, `iat`, `exp` in seconds) as a compact HS256 JWT. */
export function signHs256(key: Buffer, claims: RegisteredClaims & Record<string, unknown>): string {
  const signingInput = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${signingInput}.${mac(key, signingInput)}`;
}

/**
 * Verifies a compact HS256 JWT minted by `signHs256` under `key` for `audience`, valid at
 * `nowSeconds`; answers its claims or throws `TokenRejected`.
 */
export function verifyHs256(
  key: Buffer,
  token: string,
  audience: string,
  nowSeconds: number,
): Record<string, unknown> {
  const first = token.indexOf('.');
  const second = token.indexOf('.', first + 1);
  if (first < 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
    throw new TokenRejected('not a compact JWS');
  }
  if (token.slice(0, first) !== HEADER) throw new TokenRejected('unexpected header');
  const signature = token.slice(second + 1);
  const expected = mac(key, token.slice(0, second));
  // Compared as the canonical text, so no other spelling of the same bytes passes.
  if (
    signature.length !== SIGNATURE_LENGTH ||
    !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))
  ) {
    throw new TokenRejected('signature mismatch');
  }
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(token.slice(first + 1, second), 'base64url').toString('utf8'));
  } catch {
    throw new TokenRejected('payload is not JSON');
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
    throw new TokenRejected('payload is not an object');
  }
  const { aud, exp } = claims as Partial<RegisteredClaims>;
  if (aud !== audience) throw new TokenRejected('wrong audience');
  if (typeof exp !== 'number' || nowSeconds >= exp) throw new TokenRejected('expired');
  return claims as Record<string, unknown>;
}
