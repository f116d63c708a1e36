/**
 * Verifier API keys (A1): `mdok_<keyId>_<secret>`. The key id finds the record; only the SHA-256
 * of the secret is stored, and the key is shown once, when minted.
 */
import { randomId, sha256Hex } from './crypto.js';

/** A freshly minted key: the full key (to show once) and what to store. */
export interface MintedApiKey {
  keyId: string;
  apiKey: string;
  hash: string;
}

/** Mints a new API key. */
export function mintApiKey(): MintedApiKey {
  const keyId = randomId(9);
  const secret = randomId(32);
  return { keyId, apiKey: `mdok_${keyId}_${secret}`, hash: sha256Hex(secret) };
}

/** Splits a presented key into id and secret hash; null when it is not shaped like a key. */
export function parseApiKey(apiKey: string): { keyId: string; hash: string } | null {
  const match = /^mdok_([A-Za-z0-9_-]{12})_([A-Za-z0-9_-]{43})$/.exec(apiKey);
  if (!match) return null;
  return { keyId: match[1]!, hash: sha256Hex(match[2]!) };
}
