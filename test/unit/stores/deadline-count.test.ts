/**
 * `DeadlineIndex.countDue` (the reaper's backlog, S3): counts exactly the ids `due` would list,
 * with moved, dropped and stale heap entries, checked against a brute-force model; and the
 * memory store's `countDue` agrees with its `due`.
 */
import { describe, expect, it } from 'vitest';
import { createMemorySessionStore } from '../../../adapters/sessions/index.js';
import { DeadlineIndex } from '../../../adapters/sessions/deadline-index.js';

/** A small deterministic PRNG (mulberry32) so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('[S3] DeadlineIndex.countDue', () => {
  it('counts what due(now, ∞) lists, through sets, moves and deletes', () => {
    const random = prng(7);
    const index = new DeadlineIndex();
    const model = new Map<string, number>();
    for (let step = 0; step < 5000; step++) {
      const id = `s${Math.floor(random() * 800)}`;
      const roll = random();
      if (roll < 0.7) {
        const at = Math.floor(random() * 1000);
        index.set(id, at);
        model.set(id, at);
      } else {
        index.set(id, null);
        model.delete(id);
      }
      if (step % 97 === 0) {
        const now = Math.floor(random() * 1100);
        const expected = [...model.values()].filter((at) => at <= now).length;
        expect(index.countDue(now), `step ${step}, now ${now}`).toBe(expected);
        expect(index.due(now, Number.MAX_SAFE_INTEGER)).toHaveLength(expected);
      }
    }
  });

  it('is 0 for an empty index and counts equal deadlines', () => {
    const index = new DeadlineIndex();
    expect(index.countDue(10)).toBe(0);
    for (const id of ['a', 'b', 'c']) index.set(id, 5);
    expect(index.countDue(4)).toBe(0);
    expect(index.countDue(5)).toBe(3);
  });

  it('the memory store answers the same count as its due list', async () => {
    let now = 1_000;
    const store = createMemorySessionStore({ now: () => now, sweepIntervalMs: 0 });
    for (let i = 0; i < 450; i++) {
      await store.insert({ id: `s${i}`, version: 1, deadlineAt: 1_000 + i }, 60_000);
    }
    now = 1_299;
    expect(await store.countDue(now)).toBe(300);
    expect(await store.due(now, 1_000)).toHaveLength(300);
    await store.close();
  });
});
