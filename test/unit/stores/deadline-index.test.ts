/**
 * Unit tests of the heap behind the memory session store's `due` (PRODUCT S3): ordering, limits,
 * moved and dropped deadlines, lazy deletion and compaction, checked against a brute-force model.
 */
import { describe, expect, it } from 'vitest';
import { DeadlineIndex } from '../../../adapters/sessions/deadline-index.js';

/** What `due` must answer, computed the slow way. */
function model(deadlines: Map<string, number>, now: number, limit: number): string[] {
  return [...deadlines]
    .filter(([, at]) => at <= now)
    .sort(([ia, a], [ib, b]) => a - b || (ia < ib ? -1 : ia > ib ? 1 : 0))
    .slice(0, limit)
    .map(([id]) => id);
}

describe('DeadlineIndex', () => {
  it('[S3] answers earliest first up to the limit and leaves entries in place', () => {
    const index = new DeadlineIndex();
    index.set('a', 30);
    index.set('b', 10);
    index.set('c', 20);
    index.set('d', null);
    expect(index.due(25, 10)).toEqual(['b', 'c']);
    expect(index.due(100, 2)).toEqual(['b', 'c']);
    expect(index.due(100, 10)).toEqual(['b', 'c', 'a']);
    expect(index.size).toBe(3);
  });

  it('[S3] moving a deadline back and forth leaves one entry per id', () => {
    const index = new DeadlineIndex();
    index.set('a', 10);
    index.set('a', 50);
    index.set('a', 10);
    expect(index.due(100, 10)).toEqual(['a']);
    index.set('a', null);
    expect(index.due(100, 10)).toEqual([]);
    expect(index.size).toBe(0);
  });

  it('[S3] ids refused by keep are dropped from the index', () => {
    const index = new DeadlineIndex();
    index.set('a', 10);
    index.set('b', 20);
    expect(index.due(100, 10, (id) => id !== 'a')).toEqual(['b']);
    expect(index.due(100, 10)).toEqual(['b']);
    expect(index.size).toBe(1);
  });

  it('[S3] matches a brute-force model under random changes, including compaction', () => {
    const index = new DeadlineIndex();
    const deadlines = new Map<string, number>();
    let seed = 42;
    const random = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    for (let step = 0; step < 20_000; step++) {
      const id = `s${random(500)}`;
      const op = random(10);
      if (op < 6) {
        const at = random(1_000);
        index.set(id, at);
        deadlines.set(id, at);
      } else if (op < 8) {
        index.delete(id);
        deadlines.delete(id);
      } else {
        const now = random(1_200);
        const limit = 1 + random(20);
        expect(index.due(now, limit)).toEqual(model(deadlines, now, limit));
      }
    }
    expect(index.size).toBe(deadlines.size);
    expect(index.due(Infinity, 1_000)).toEqual(model(deadlines, Infinity, 1_000));
  });
});
