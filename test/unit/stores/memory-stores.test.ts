/**
 * Runs the store contract suites against the in-memory implementations (PRODUCT X4): the session
 * store both on a controllable clock and on real time (as the Redis store will run), and the
 * record store. Behaviour that only the memory store promises is tested here too.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryRecordStore } from '../../../adapters/records/index.js';
import { createMemorySessionStore } from '../../../adapters/sessions/index.js';
import type { SessionStore } from '../../../adapters/sessions/index.js';
import { describeRecordStore } from '../../contracts/record-store.contract.js';
import { describeSessionStore } from '../../contracts/session-store.contract.js';
import type { TestSession } from '../../contracts/session-store.contract.js';

/** A clock the test moves by hand. */
function manualClock(start = 1_700_000_000_000): {
  now: () => number;
  advance: (ms: number) => void;
} {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describeSessionStore('memory (manual clock)', async () => {
  const clock = manualClock();
  const store = createMemorySessionStore<TestSession>({ now: clock.now });
  return { store, advance: clock.advance, cleanup: () => store.close() };
});

describeSessionStore('memory (real time)', async () => {
  const store = createMemorySessionStore<TestSession>();
  return { store, cleanup: () => store.close() };
});

describeRecordStore('memory', async () => {
  const store = createMemoryRecordStore();
  return { store, cleanup: () => store.close() };
});

function session(id: string, deadlineAt: number | null): TestSession {
  return { id, version: 1, deadlineAt, state: 's', data: { claims: [], nested: { n: 0 } } };
}

describe('memory session store specifics', () => {
  let store: SessionStore<TestSession> | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
    vi.useRealTimers();
  });

  it('[S3] an expired session leaves the deadline index without forgetDue', async () => {
    const clock = manualClock();
    store = createMemorySessionStore<TestSession>({ now: clock.now });
    await store.insert(session('a', 100), 1_000);
    await store.insert(session('b', 200), 5_000);
    clock.advance(2_000);
    expect(await store.due(1_000, 10)).toEqual(['b']);
  });

  it('[S3] ties on the deadline are ordered by id', async () => {
    store = createMemorySessionStore<TestSession>();
    for (const id of ['c', 'a', 'b']) await store.insert(session(id, 100), 60_000);
    expect(await store.due(100, 10)).toEqual(['a', 'b', 'c']);
  });

  it('[S3] the periodic sweep frees expired entries and close() stops it', async () => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
    store = createMemorySessionStore<TestSession>({ sweepIntervalMs: 1_000 });
    await store.insert(session('a', 100), 500);
    await store.claimKey('k', 'v', 500);
    vi.advanceTimersByTime(1_000);
    expect(await store.get('a')).toBeNull();
    expect(await store.readKey('k')).toBeNull();
    await store.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('[X1] rejects a non-positive time-to-live as a programming error', async () => {
    store = createMemorySessionStore<TestSession>();
    await expect(store.insert(session('a', null), 0)).rejects.toThrow(/ttlMs/);
    await expect(store.claimKey('k', 'v', -1)).rejects.toThrow(/ttlMs/);
    await expect(store.increment('c', Number.NaN)).rejects.toThrow(/windowMs/);
  });

  it('[S3] due stays fast with 100k sessions', async () => {
    store = createMemorySessionStore<TestSession>({ sweepIntervalMs: 0 });
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      await store.insert(session(`s${i}`, 1_000 + ((i * 7919) % n)), 600_000);
    }
    const started = performance.now();
    for (let i = 0; i < 1_000; i++) await store.due(1_000 + n, 10);
    const perCall = (performance.now() - started) / 1_000;
    expect(await store.due(1_004, 10)).toHaveLength(5);
    // A scan of all 100k sessions would take milliseconds per call.
    expect(perCall).toBeLessThan(1);
  });
});
