/**
 * The small seeded pseudo-random generator behind the synthetic register. Every person is drawn
 * from a generator keyed by (seed, index, stream), so person 42 comes out the same whether or not
 * persons 0–41 were ever generated, and the register can hand out any person in O(1). sfc32 is
 * used for the draws (fast, good enough statistically, 128-bit state) and a murmur3-style
 * finaliser mixes the keys into its seed. Not for anything secret.
 */

/** A stream of deterministic pseudo-random draws. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One item of a non-empty list, each equally likely. */
  pick<T>(items: readonly T[]): T;
  /** `count` characters, each picked from `alphabet`. */
  chars(alphabet: string, count: number): string;
}

/** Independent streams of draws for one person, so adding draws to one leaves the others alone. */
export const rngStreams = { identity: 1, documents: 2, portrait: 3 } as const;
/** One of the streams. */
export type RngStream = (typeof rngStreams)[keyof typeof rngStreams];

/** Murmur3's 32-bit finaliser: spreads every input bit over the whole word. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit hash of a register seed (FNV-1a over its UTF-16 units, then finalised). */
export function hashSeed(seed: number | string): number {
  const text = String(seed);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/**
 * A generator for the given keys (typically seed hash, person index, attempt, stream). Different
 * key lists give unrelated streams.
 */
export function createRng(...keys: readonly number[]): Rng {
  let h = 0x9e3779b9;
  for (const key of keys) h = fmix32(h ^ fmix32((key >>> 0) + 0x6d2b79f5));
  // Four distinct words for sfc32's state, derived from the mixed key.
  let a = fmix32(h ^ 0x243f6a88);
  let b = fmix32(h ^ 0x85a308d3);
  let c = fmix32(h ^ 0x13198a2e);
  let d = fmix32(h ^ 0x03707344);

  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // sfc32's first outputs still show the seed's structure; discard them.
  for (let i = 0; i < 12; i++) next();

  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new RangeError('pick from an empty list');
      return item;
    },
    chars(alphabet, count) {
      let out = '';
      for (let i = 0; i < count; i++) out += alphabet.charAt(int(0, alphabet.length - 1));
      return out;
    },
  };
}
