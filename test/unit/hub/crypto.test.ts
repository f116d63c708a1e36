/**
 * The small crypto helpers (S2, H1, D5): sealing what the session store keeps (round trip,
 * tamper detection), random ids of at least 128 bits in a URL-safe alphabet, stable keyed
 * hashes, constant-time comparison and uniform digits.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  keyedHash,
  randomDigits,
  randomId,
  safeEqual,
  seal,
  sha256Hex,
  unseal,
} from '../../../hub/security/crypto.js';

const key = randomBytes(32);

/** Flips one bit in one dot-separated part of a sealed value. */
function flip(sealed: string, index: number): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[index]!, 'base64url');
  bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
  parts[index] = bytes.toString('base64url');
  return parts.join('.');
}

describe('[D5] seal and unseal', () => {
  it('[D5] round-trips any text, including Polish letters, emoji and the empty string', () => {
    for (const text of ['', '44051401359', 'Zażółć gęślą jaźń 🚗', 'x'.repeat(100_000)]) {
      expect(unseal(key, seal(key, text))).toBe(text);
    }
  });

  it('[D5] hides the plaintext and never seals the same text the same way twice', () => {
    const a = seal(key, '44051401359');
    const b = seal(key, '44051401359');
    expect(a).not.toBe(b);
    expect(a).not.toContain('44051401359');
    expect(Buffer.from(a.split('.')[2]!, 'base64url').toString('latin1')).not.toContain('4405140');
    expect(a.split('.')).toHaveLength(3);
    expect(a).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/);
  });

  it('[D5] detects tampering with the iv, the tag or the ciphertext', () => {
    const sealed = seal(key, 'dane z rejestru');
    for (const index of [0, 1, 2]) {
      expect(() => unseal(key, flip(sealed, index)), `part ${index}`).toThrow();
    }
  });

  it('[D5] refuses a wrong key, a truncated value and garbage', () => {
    const sealed = seal(key, 'dane');
    expect(() => unseal(randomBytes(32), sealed)).toThrow();
    const [iv, tag, body] = sealed.split('.');
    for (const bad of [
      '',
      'abc',
      `${iv}.${tag}`,
      `${iv}.${tag!.slice(0, 8)}.${body}`,
      `${iv}..${body}`,
      `.${tag}.${body}`,
      `${sealed}.extra`,
    ]) {
      expect(() => unseal(key, bad), JSON.stringify(bad)).toThrow();
    }
  });

  it('[D5] refuses a truncated authentication tag (GCM tags are 16 bytes)', () => {
    const sealed = seal(key, 'dane z rejestru');
    const [iv, tag, body] = sealed.split('.') as [string, string, string];
    const full = Buffer.from(tag, 'base64url');
    expect(full).toHaveLength(16);
    // A prefix of the real tag is what GCM would verify if the length were not pinned.
    for (const bytes of [4, 8, 12, 15]) {
      const short = full.subarray(0, bytes).toString('base64url');
      expect(() => unseal(key, `${iv}.${short}.${body}`), `${bytes}-byte tag`).toThrow();
    }
  });
});

describe('[S2] randomId', () => {
  it('[S2] defaults to 128 bits: 22 URL-safe characters', () => {
    for (let i = 0; i < 200; i++) expect(randomId()).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('[S2] has the length of its byte count in base64url, never padding', () => {
    for (const bytes of [8, 9, 12, 16, 32]) {
      const id = randomId(bytes);
      expect(id).toHaveLength(Math.ceil((bytes * 8) / 6));
      expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(Buffer.from(id, 'base64url')).toHaveLength(bytes);
    }
  });

  it('[S2] does not repeat and uses the whole alphabet', () => {
    const ids = Array.from({ length: 5_000 }, () => randomId());
    expect(new Set(ids).size).toBe(ids.length);
    const seen = new Set(ids.join(''));
    // 64 symbols in 110 000 draws: every one shows up.
    expect(seen.size).toBe(64);
  });
});

describe('[H1] keyedHash', () => {
  it('[H1] is stable for the same key and value', () => {
    const k = Buffer.from('0'.repeat(64), 'hex');
    expect(keyedHash(k, 'pesel:44051401359')).toBe(keyedHash(Buffer.from(k), 'pesel:44051401359'));
    // HMAC-SHA256 known answer (RFC 4231 test case 2).
    expect(
      Buffer.from(
        keyedHash(Buffer.from('Jefe'), 'what do ya want for nothing?'),
        'base64url',
      ).toString('hex'),
    ).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  it('[H1] depends on the key and the value, and never shows the value', () => {
    const a = keyedHash(key, 'pesel:44051401359');
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toContain('44051401359');
    expect(keyedHash(randomBytes(32), 'pesel:44051401359')).not.toBe(a);
    expect(keyedHash(key, 'pesel:44051401358')).not.toBe(a);
    expect(keyedHash(key, 'phone:44051401359')).not.toBe(a);
  });
});

describe('[A1] sha256Hex, safeEqual, randomDigits', () => {
  it('[A1] sha256Hex is SHA-256 in hex', () => {
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('[A1] safeEqual compares exactly, whatever the lengths', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'ab')).toBe(false);
    expect(safeEqual('', '')).toBe(true);
    expect(safeEqual('ą', 'a')).toBe(false);
  });

  it('[P2] randomDigits gives exactly that many decimal digits, leading zeros kept', () => {
    for (const length of [2, 6]) {
      for (let i = 0; i < 200; i++)
        expect(randomDigits(length)).toMatch(new RegExp(`^\\d{${length}}$`));
    }
    const firsts = new Set(Array.from({ length: 500 }, () => randomDigits(6)[0]));
    expect(firsts.size).toBe(10);
  });
});
