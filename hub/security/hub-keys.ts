/**
 * The hub's key material. One shared secret (`HUB_SECRET`, the same on every node) is stretched
 * with HKDF into separate keys per purpose; the presentation signing key is an ES256 JWK
 * (`SIGNING_KEY`). Either is generated when absent, which suits one throw-away dev node only.
 */
import { hkdfSync, randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';

/** The presentation signing key (D4). */
export interface SigningKey {
  /** Key id, the JWK thumbprint. */
  kid: string;
  /** Private key for ES256 signatures. */
  privateKey: CryptoKey;
  /** Public JWK as published in the JWKS. */
  publicJwk: JWK;
}

/** All keys the hub uses, one per purpose. */
export interface HubKeys {
  /** HS256 key for widget tokens (A2). */
  widgetTokenKey: Buffer;
  /** A256GCM key for citizen and device tokens (they carry the PESEL, so they are encrypted). */
  citizenTokenKey: Uint8Array;
  /** HMAC key for citizen references and phone hashes (H1). */
  refKey: Buffer;
  /** AES-256-GCM key for data kept in the session store (D5). */
  sealKey: Buffer;
  /** HMAC key for OTP and pairing secrets kept hashed. */
  codeKey: Buffer;
  /** Presentation signing key. */
  signing: SigningKey;
  /** Which keys were generated for this process only. */
  ephemeral: { secret: boolean; signing: boolean };
}

function derive(secret: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `mdok-hub ${purpose}`, 32));
}

/**
 * Builds the keys from the shared secret (≥ 32 characters) and the signing JWK (JSON of a P-256
 * private key); generates whichever is missing.
 */
export async function createHubKeys(options: {
  secret?: string | undefined;
  signingJwk?: string | undefined;
}): Promise<HubKeys> {
  if (options.secret !== undefined && options.secret.length < 32) {
    throw new Error('HUB_SECRET must be at least 32 characters');
  }
  const secret = options.secret ? Buffer.from(options.secret, 'utf8') : randomBytes(32);
  const signing = options.signingJwk
    ? await importSigningKey(options.signingJwk)
    : await generateSigningKey();
  return {
    widgetTokenKey: derive(secret, 'widget token'),
    citizenTokenKey: new Uint8Array(derive(secret, 'citizen token')),
    refKey: derive(secret, 'citizen ref'),
    sealKey: derive(secret, 'seal'),
    codeKey: derive(secret, 'codes'),
    signing,
    ephemeral: { secret: !options.secret, signing: !options.signingJwk },
  };
}

async function fromPrivateJwk(jwk: JWK, privateKey: CryptoKey): Promise<SigningKey> {
  const { d: _d, ...publicPart } = jwk;
  const kid = await calculateJwkThumbprint(publicPart);
  return { kid, privateKey, publicJwk: { ...publicPart, kid, alg: 'ES256', use: 'sig' } };
}

/** Generates a fresh ES256 key; also prints nothing — callers warn. */
export async function generateSigningKey(): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return fromPrivateJwk(await exportJWK(privateKey), privateKey);
}

/** Imports an ES256 private JWK given as JSON text. */
export async function importSigningKey(json: string): Promise<SigningKey> {
  const jwk = JSON.parse(json) as JWK;
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.d) {
    throw new Error('SIGNING_KEY must be a P-256 private JWK');
  }
  const privateKey = (await importJWK({ ...jwk, alg: 'ES256' }, 'ES256')) as CryptoKey;
  return fromPrivateJwk(jwk, privateKey);
}

/** Prints a new private JWK for `SIGNING_KEY` (used by `npm run keygen`). */
export async function newSigningJwkJson(): Promise<string> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return JSON.stringify(await exportJWK(privateKey));
}
