/**
 * Compact ES256 JWS on `node:crypto`, for what the hub signs on every delivery: presentations
 * (D4) and outcomes (E3). jose's `SignJWT` goes through Web Crypto — an async job per signature —
 * and builds and checks the claims set on every call; this signs synchronously with the same
 * P-256 key (as a `KeyObject`) and writes the header once per key and purpose. The output is an
 * ordinary compact JWS (header `{"alg":"ES256","kid":…,"typ":…}`, an IEEE P1363 signature) that
 * any JOSE library verifies against `/.well-known/jwks.json` — tested with jose's `jwtVerify`.
 */
import { KeyObject, sign } from 'node:crypto';

/** Signs payloads as compact ES256 JWS under one key and one header. */
export interface Es256Signer {
  /** The compact JWS over `payload` (serialized as JSON). */
  sign(payload: Record<string, unknown>): string;
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A signer for `privateKey` whose header names `kid` and `typ`. */
export function es256Signer(
  privateKey: CryptoKey | KeyObject,
  kid: string,
  typ: string,
): Es256Signer {
  const key = privateKey instanceof KeyObject ? privateKey : KeyObject.from(privateKey);
  if (key.type !== 'private' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error('ES256 needs a private P-256 key');
  }
  const header = encode({ alg: 'ES256', kid, typ });
  return {
    sign(payload) {
      const signingInput = `${header}.${encode(payload)}`;
      const signature = sign('sha256', Buffer.from(signingInput), {
        key,
        dsaEncoding: 'ieee-p1363',
      });
      return `${signingInput}.${signature.toString('base64url')}`;
    },
  };
}
