/**
 * The contract suite of `SessionStore` (PRODUCT S1, S3, S4, P2, P3, D5, X1), run against every
 * implementation: memory now, Redis beside it. It knows nothing of any implementation. Time-bound
 * cases use short real time-to-lives and poll for the outcome, so they hold against a real Redis
 * with a real clock; a factory that controls its store's clock may pass `advance` and the suite
 * then moves that clock instead of waiting.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionRecordBase, SessionStore } from '../../adapters/sessions/index.js';

/** The session record the suite stores: the base fields plus opaque JSON. */
export interface TestSession extends SessionRecordBase {
  state: string;
  data: { claims: string[]; nested: { n: number } };
}

/** What a factory hands the suite for one test. */
export interface SessionStoreFixture {
  /** An empty store. */
  store: SessionStore<TestSession>;
  /** Moves the store's clock forward; when absent the suite waits in real time. */
  advance?: (ms: number) => void;
  /** Closes the store and whatever the factory opened for it. */
  cleanup: () => Promise<void>;
}

/** Polls `probe` every 10 ms until it is true; fails after `timeoutMs`. */
export async function waitUntil(
  probe: () => Promise<boolean> | boolean,
  timeoutMs = 800,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A fresh session with a random id. */
function session(overrides: Partial<TestSession> = {}): TestSession {
  return {
    id: randomUUID(),
    version: 1,
    deadlineAt: null,
    state: 'awaiting_citizen',
    data: { claims: ['id_card.given_names'], nested: { n: 1 } },
    ...overrides,
  };
}

/** Registers the `SessionStore` contract for one implementation. */
export function describeSessionStore(
  name: string,
  factory: () => Promise<SessionStoreFixture>,
): void {
  describe(`[X1][X4] SessionStore contract (every implementation alike): ${name}`, () => {
    let fixture: SessionStoreFixture;
    let store: SessionStore<TestSession>;

    beforeEach(async () => {
      fixture = await factory();
      store = fixture.store;
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    /**
     * Lets `ms` pass, then waits (polling) until `probe` holds. With a controllable clock the
     * probe must hold at once.
     */
    async function afterTtl(ms: number, probe: () => Promise<boolean>): Promise<void> {
      if (fixture.advance !== undefined) {
        fixture.advance(ms + 1);
        expect(await probe()).toBe(true);
      } else {
        await waitUntil(probe, ms + 800);
      }
    }

    /** Lets `ms` pass without checking anything. */
    async function elapse(ms: number): Promise<void> {
      if (fixture.advance !== undefined) fixture.advance(ms);
      else await new Promise((resolve) => setTimeout(resolve, ms));
    }

    describe('records', () => {
      it('[S1] insert stores a session that get returns as given', async () => {
        const s = session();
        expect(await store.insert(s, 60_000)).toBe(true);
        expect(await store.get(s.id)).toEqual(s);
      });

      it('[S1] get of an unknown id is null', async () => {
        expect(await store.get(randomUUID())).toBeNull();
      });

      it('[S1] a second insert with the same id is refused and changes nothing', async () => {
        const s = session();
        expect(await store.insert(s, 60_000)).toBe(true);
        expect(await store.insert({ ...s, state: 'approved' }, 60_000)).toBe(false);
        expect((await store.get(s.id))?.state).toBe('awaiting_citizen');
      });

      it('[X1] stored records are copies: mutating inputs or results changes nothing', async () => {
        // A read is read-only: a store may hand out a frozen record (then a write throws) or a
        // fresh copy (then a write is lost); either way the stored record stays as it was.
        const s = session();
        await store.insert(s, 60_000);
        try {
          s.state = 'mutated';
          s.data.nested.n = 99;
        } catch (error) {
          // The store took the record over and froze it: the write is refused.
          expect(error).toBeInstanceOf(TypeError);
        }
        const read = await store.get(s.id);
        expect(read?.state).toBe('awaiting_citizen');
        expect(read?.data.nested.n).toBe(1);
        try {
          read?.data.claims.push('x');
        } catch (error) {
          expect(error).toBeInstanceOf(TypeError);
        }
        expect((await store.get(s.id))?.data.claims).toEqual(['id_card.given_names']);
      });

      it('[S3] a session is gone after its time-to-live', async () => {
        const s = session();
        await store.insert(s, 100);
        expect(await store.get(s.id)).not.toBeNull();
        await afterTtl(100, async () => (await store.get(s.id)) === null);
      });

      it('[S3] an id whose session expired can be inserted again', async () => {
        const s = session();
        await store.insert(s, 100);
        await afterTtl(100, async () => (await store.get(s.id)) === null);
        expect(await store.insert(s, 60_000)).toBe(true);
      });
    });

    describe('compare-and-set', () => {
      it('[S1] replaces the session when the version matches', async () => {
        const s = session();
        await store.insert(s, 60_000);
        const next = { ...s, version: 2, state: 'awaiting_approval' };
        expect(await store.compareAndSet(next, 1, 60_000)).toBe(true);
        expect(await store.get(s.id)).toEqual(next);
      });

      it('[S1] of 20 concurrent transitions from the same version exactly one wins', async () => {
        const s = session();
        await store.insert(s, 60_000);
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            store.compareAndSet({ ...s, version: 2, state: `approved-by-${i}` }, 1, 60_000),
          ),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        const winner = results.indexOf(true);
        const stored = await store.get(s.id);
        expect(stored?.version).toBe(2);
        expect(stored?.state).toBe(`approved-by-${winner}`);
      });

      it('[S1] a stale version loses and changes nothing', async () => {
        const s = session();
        await store.insert(s, 60_000);
        expect(await store.compareAndSet({ ...s, version: 2, state: 'a' }, 1, 60_000)).toBe(true);
        expect(await store.compareAndSet({ ...s, version: 2, state: 'b' }, 1, 60_000)).toBe(false);
        expect(await store.compareAndSet({ ...s, version: 6, state: 'c' }, 5, 60_000)).toBe(false);
        expect((await store.get(s.id))?.state).toBe('a');
        expect(await store.compareAndSet({ ...s, version: 3, state: 'd' }, 2, 60_000)).toBe(true);
      });

      it('[S1] loses when the session is unknown or expired', async () => {
        expect(await store.compareAndSet(session({ version: 2 }), 1, 60_000)).toBe(false);
        const s = session();
        await store.insert(s, 100);
        await afterTtl(100, async () => (await store.get(s.id)) === null);
        expect(await store.compareAndSet({ ...s, version: 2 }, 1, 60_000)).toBe(false);
        expect(await store.get(s.id)).toBeNull();
      });

      it('[S1] rejects a next version that is not expectedVersion + 1', async () => {
        const s = session();
        await store.insert(s, 60_000);
        await expect(store.compareAndSet({ ...s, version: 3 }, 1, 60_000)).rejects.toThrow();
        await expect(store.compareAndSet({ ...s, version: 1 }, 1, 60_000)).rejects.toThrow();
        expect(await store.get(s.id)).toEqual(s);
      });

      it('[S3] a won compare-and-set renews the time-to-live', async () => {
        const s = session();
        await store.insert(s, 300);
        await elapse(150);
        expect(await store.compareAndSet({ ...s, version: 2 }, 1, 60_000)).toBe(true);
        await elapse(200);
        expect((await store.get(s.id))?.version).toBe(2);
      });
    });

    describe('deadline index', () => {
      const base = 1_700_000_000_000;

      async function insertWithDeadline(deadlineAt: number | null): Promise<TestSession> {
        const s = session({ deadlineAt });
        expect(await store.insert(s, 60_000)).toBe(true);
        return s;
      }

      it('[S3] due lists sessions at or past their deadline, earliest first, up to limit', async () => {
        const a = await insertWithDeadline(base + 300);
        const b = await insertWithDeadline(base + 100);
        const c = await insertWithDeadline(base + 200);
        await insertWithDeadline(null);
        await insertWithDeadline(base + 10_000);
        expect(await store.due(base, 10)).toEqual([]);
        expect(await store.due(base + 200, 10)).toEqual([b.id, c.id]);
        expect(await store.due(base + 1_000, 10)).toEqual([b.id, c.id, a.id]);
        expect(await store.due(base + 1_000, 2)).toEqual([b.id, c.id]);
        // due only reads: asking again gives the same answer.
        expect(await store.due(base + 1_000, 10)).toEqual([b.id, c.id, a.id]);
      });

      it('[S3] a compare-and-set moves or clears the deadline', async () => {
        const a = await insertWithDeadline(base + 100);
        const b = await insertWithDeadline(base + 200);
        expect(await store.compareAndSet({ ...a, version: 2, deadlineAt: null }, 1, 60_000)).toBe(
          true,
        );
        expect(await store.due(base + 1_000, 10)).toEqual([b.id]);
        expect(
          await store.compareAndSet({ ...b, version: 2, deadlineAt: base + 5_000 }, 1, 60_000),
        ).toBe(true);
        expect(await store.due(base + 1_000, 10)).toEqual([]);
        expect(await store.due(base + 5_000, 10)).toEqual([b.id]);
        expect(
          await store.compareAndSet({ ...a, version: 3, deadlineAt: base + 50 }, 2, 60_000),
        ).toBe(true);
        expect(await store.due(base + 5_000, 10)).toEqual([a.id, b.id]);
      });

      it('[S3] forgetDue drops an id from the index', async () => {
        const a = await insertWithDeadline(base + 100);
        const b = await insertWithDeadline(base + 200);
        await store.forgetDue(a.id);
        expect(await store.due(base + 1_000, 10)).toEqual([b.id]);
        await store.forgetDue(randomUUID());
        expect(await store.due(base + 1_000, 10)).toEqual([b.id]);
      });

      it('[S3] a session removed by its time-to-live leaves the index once forgotten', async () => {
        const kept = await insertWithDeadline(base + 200);
        const gone = session({ deadlineAt: base + 100 });
        await store.insert(gone, 100);
        expect(await store.due(base + 1_000, 10)).toEqual([gone.id, kept.id]);
        await afterTtl(100, async () => (await store.get(gone.id)) === null);
        // Some stores keep the index entry until the caller, finding no record, forgets it.
        const listed = await store.due(base + 1_000, 10);
        expect(listed.filter((id) => id !== gone.id)).toEqual([kept.id]);
        await store.forgetDue(gone.id);
        expect(await store.due(base + 1_000, 10)).toEqual([kept.id]);
      });
    });

    describe('keys', () => {
      it('[S4] of 20 concurrent claims of one key exactly one wins and holds it', async () => {
        const key = `busy:${randomUUID()}`;
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) => store.claimKey(key, `session-${i}`, 60_000)),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await store.readKey(key)).toBe(`session-${results.indexOf(true)}`);
      });

      it('[P2] a claimed key cannot be claimed again and reads back its value', async () => {
        const key = `code:${randomUUID()}`;
        expect(await store.claimKey(key, 'a', 60_000)).toBe(true);
        expect(await store.claimKey(key, 'b', 60_000)).toBe(false);
        expect(await store.readKey(key)).toBe('a');
        expect(await store.readKey(`code:${randomUUID()}`)).toBeNull();
      });

      it('[S4] releaseKey deletes only while the key holds the given value', async () => {
        const key = `busy:${randomUUID()}`;
        await store.claimKey(key, 'a', 60_000);
        await store.releaseKey(key, 'b');
        expect(await store.readKey(key)).toBe('a');
        await store.releaseKey(key, 'a');
        expect(await store.readKey(key)).toBeNull();
        expect(await store.claimKey(key, 'b', 60_000)).toBe(true);
        await store.releaseKey(`busy:${randomUUID()}`, 'a');
      });

      it('[P2] a claimed key is free again after its time-to-live', async () => {
        const key = `code:${randomUUID()}`;
        await store.claimKey(key, 'a', 100);
        expect(await store.readKey(key)).toBe('a');
        await afterTtl(100, async () => (await store.readKey(key)) === null);
        expect(await store.claimKey(key, 'b', 60_000)).toBe(true);
      });
    });

    describe('counters', () => {
      it('[P3] increment counts up from 1 and count reads the counter', async () => {
        const key = `attempts:${randomUUID()}`;
        expect(await store.count(key)).toBe(0);
        expect(await store.increment(key, 60_000)).toBe(1);
        expect(await store.increment(key, 60_000)).toBe(2);
        expect(await store.increment(key, 60_000)).toBe(3);
        expect(await store.count(key)).toBe(3);
        expect(await store.count(`attempts:${randomUUID()}`)).toBe(0);
      });

      it('[P3] the window is fixed from the first increment and then starts again', async () => {
        const key = `attempts:${randomUUID()}`;
        const started = Date.now();
        expect(await store.increment(key, 200)).toBe(1);
        await elapse(120);
        expect(await store.increment(key, 200)).toBe(2);
        if (fixture.advance !== undefined) {
          fixture.advance(81);
          expect(await store.count(key)).toBe(0);
        } else {
          await waitUntil(async () => (await store.count(key)) === 0, 800);
          // A sliding window would have lasted until at least 120 + 200 ms.
          expect(Date.now() - started).toBeLessThan(300);
        }
        expect(await store.increment(key, 200)).toBe(1);
      });
    });

    describe('blobs', () => {
      it('[D5] putBlob stores, replaces and deleteBlob removes', async () => {
        const key = `presentation:${randomUUID()}`;
        expect(await store.getBlob(key)).toBeNull();
        await store.putBlob(key, 'sealed-1', 60_000);
        expect(await store.getBlob(key)).toBe('sealed-1');
        await store.putBlob(key, 'sealed-2', 60_000);
        expect(await store.getBlob(key)).toBe('sealed-2');
        await store.deleteBlob(key);
        expect(await store.getBlob(key)).toBeNull();
        await store.deleteBlob(key);
      });

      it('[D5] a blob is gone after its time-to-live', async () => {
        const key = `presentation:${randomUUID()}`;
        await store.putBlob(key, 'sealed', 100);
        expect(await store.getBlob(key)).toBe('sealed');
        await afterTtl(100, async () => (await store.getBlob(key)) === null);
      });
    });
  });
}
