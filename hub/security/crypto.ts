/**
 * Small keyed-hash and sealing helpers: citizen references (keyed hash of the PESEL, H1), phone
 * hashes, hashed one-time codes, and AES-256-GCM sealing of what the session store keeps (D5).
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  randomFillSync,
  randomInt,
  timingSafeEqual,
} from 'node:crypto';

/** HMAC-SHA256 of `value` under `key`, base64url. */
export function keyedHash(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value).digest('base64url');
}

/** SHA-256 hex of a string (API-key secrets: high entropy, so a fast hash is enough). */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

const compareKey = randomBytes(32);

/**
 * The one constant-time comparison of secrets: both sides are MACed under a per-process key
 * first, so neither their content nor their length shows in the time it takes.
 */
export function safeEqual(a: string, b: string): boolean {
  const left = createHmac('sha256', compareKey).update(a).digest();
  const right = createHmac('sha256', compareKey).update(b).digest();
  return timingSafeEqual(left, right);
}

/**
 * Random bytes for ids come from a pool refilled 4 KiB at a time: one call into OpenSSL per
 * ~200 ids instead of one per id (each small `randomBytes` call costs a few µs on its own; the
 * hot path draws half a dozen ids per verification). The bytes are the same CSPRNG's; each byte
 * is handed out once.
 */
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

/** Where the next `bytes` unused random bytes start in `pool` (refilling it when needed). */
function drawFromPool(bytes: number): number {
  if (poolOffset + bytes > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const start = poolOffset;
  poolOffset += bytes;
  return start;
}

/**
 * Whether two SHA-256 hex digests are equal, in constant time. For digests only: both sides have
 * the same, public length, so the MACing of `safeEqual` is not needed.
 */
export function sameDigest(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** A random URL-safe id of `bytes` random bytes (S2: at least 16). */
export function randomId(bytes = 16): string {
  if (bytes > 256) return randomBytes(bytes).toString('base64url');
  const start = drawFromPool(bytes);
  return pool.toString('base64url', start, start + bytes);
}

/** `length` random decimal digits, uniformly drawn. */
export function randomDigits(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += String(randomInt(10));
  return out;
}

/** Encrypts text with AES-256-GCM: `iv.tag.ciphertext`, base64url parts. */
export function seal(key: Buffer, plaintext: string): string {
  const start = drawFromPool(12);
  const iv = Buffer.from(pool.subarray(start, start + 12));
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
}

/** Decrypts what `seal` produced; throws when it was tampered with. */
export function unseal(key: Buffer, sealed: string): string {
  const parts = sealed.split('.');
  if (parts.length !== 3) throw new Error('malformed sealed value');
  const [iv, tag, body] = parts.map((part) => Buffer.from(part, 'base64url'));
  // A short tag would be accepted by GCM and weaken the integrity check: insist on 128 bits.
  if (!iv || iv.length !== 12 || !tag || tag.length !== 16 || !body) {
    throw new Error('malformed sealed value');
  }
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}
