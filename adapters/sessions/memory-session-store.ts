/**
 * The in-memory session store, the embedded default (PRODUCT X4): one process, no Redis, the same
 * contract as the Redis store (S1, S3, S4, P2, P3, D5). A record is deep-frozen as it is stored —
 * the store takes it over, and reads hand out that object — so no caller can change stored state
 * behind the store's back (a write throws) and neither a write nor a read copies anything: the
 * session engine builds each next record by spreading the frozen one, so freezing it touches only
 * what changed. Every time-to-live is checked against the injected clock on each read and a
 * periodic sweep frees what nobody reads any more.
 * Each method runs to completion without awaiting, which is what makes compare-and-set and the
 * key claims atomic here; they are still async so callers cannot tell this store from Redis.
 */
import { deepFreeze } from '../frozen.js';
import { DeadlineIndex } from './deadline-index.js';
import type { SessionRecordBase, SessionStore } from './session-store.js';

/** Options of {@link createMemorySessionStore}. */
export interface MemorySessionStoreOptions {
  /** Clock in epoch ms, for time-to-live checks. Default `Date.now`. */
  now?: () => number;
  /** How often expired entries are swept out, in ms; 0 turns the sweep off. Default 5000. */
  sweepIntervalMs?: number;
}

/** A stored value and the epoch ms at which it stops existing. */
interface Expiring<T> {
  value: T;
  expiresAt: number;
}

/** Throws on a time-to-live the Redis store could not honour either (a programming error). */
function assertTtl(ttlMs: number, what: string): void {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new Error(`${what} must be a positive number of ms, got ${ttlMs}`);
  }
}

/**
 * Creates the in-memory session store. Call `close()` when done: it stops the sweep timer (which
 * is unref'd, so it never keeps the process alive by itself).
 */
export function createMemorySessionStore<S extends SessionRecordBase>(
  options: MemorySessionStoreOptions = {},
): SessionStore<S> {
  const now = options.now ?? Date.now;
  const sweepIntervalMs = options.sweepIntervalMs ?? 5_000;

  const sessions = new Map<string, Expiring<S>>();
  const deadlines = new DeadlineIndex();
  const keys = new Map<string, Expiring<string>>();
  const counters = new Map<string, Expiring<number>>();
  const blobs = new Map<string, Expiring<string>>();

  /** The live entry under `key`, dropping it first when it has expired. */
  function live<T>(map: Map<string, Expiring<T>>, key: string): Expiring<T> | undefined {
    const entry = map.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > now()) return entry;
    map.delete(key);
    return undefined;
  }

  /** The live session under `id`; an expired one also leaves the deadline index. */
  function liveSession(id: string): Expiring<S> | undefined {
    const entry = live(sessions, id);
    if (entry === undefined) deadlines.delete(id);
    return entry;
  }

  function store(session: S, ttlMs: number): void {
    const kept = deepFreeze(session);
    sessions.set(kept.id, { value: kept, expiresAt: now() + ttlMs });
    deadlines.set(kept.id, kept.deadlineAt);
  }

  function sweep(): void {
    const t = now();
    for (const [id, entry] of sessions) {
      if (entry.expiresAt <= t) {
        sessions.delete(id);
        deadlines.delete(id);
      }
    }
    for (const map of [keys, counters, blobs] as Map<string, Expiring<unknown>>[]) {
      for (const [key, entry] of map) if (entry.expiresAt <= t) map.delete(key);
    }
  }

  const timer = sweepIntervalMs > 0 ? setInterval(sweep, sweepIntervalMs) : undefined;
  timer?.unref();

  return {
    async insert(session, ttlMs) {
      assertTtl(ttlMs, 'ttlMs');
      if (liveSession(session.id) !== undefined) return false;
      store(session, ttlMs);
      return true;
    },

    async get(id) {
      const entry = liveSession(id);
      return entry === undefined ? null : entry.value;
    },

    async compareAndSet(next, expectedVersion, ttlMs) {
      if (next.version !== expectedVersion + 1) {
        throw new Error(
          `compareAndSet: next.version must be expectedVersion + 1 (${expectedVersion + 1}), got ${next.version}`,
        );
      }
      assertTtl(ttlMs, 'ttlMs');
      const entry = liveSession(next.id);
      if (entry === undefined || entry.value.version !== expectedVersion) return false;
      store(next, ttlMs);
      return true;
    },

    async due(at, limit) {
      if (limit <= 0) return [];
      // A session past its time-to-live leaves the index as soon as it is seen here.
      return deadlines.due(at, limit, (id) => live(sessions, id) !== undefined);
    },

    async forgetDue(id) {
      deadlines.delete(id);
    },

    async countDue(at) {
      return deadlines.countDue(at);
    },

    async claimKey(key, value, ttlMs) {
      assertTtl(ttlMs, 'ttlMs');
      if (live(keys, key) !== undefined) return false;
      keys.set(key, { value, expiresAt: now() + ttlMs });
      return true;
    },

    async readKey(key) {
      return live(keys, key)?.value ?? null;
    },

    async releaseKey(key, value) {
      if (live(keys, key)?.value === value) keys.delete(key);
    },

    async increment(key, windowMs) {
      assertTtl(windowMs, 'windowMs');
      const entry = live(counters, key);
      if (entry === undefined) {
        counters.set(key, { value: 1, expiresAt: now() + windowMs });
        return 1;
      }
      // A fixed window: later increments never push the expiry back (P3).
      entry.value += 1;
      return entry.value;
    },

    async count(key) {
      return live(counters, key)?.value ?? 0;
    },

    async putBlob(key, value, ttlMs) {
      assertTtl(ttlMs, 'ttlMs');
      blobs.set(key, { value, expiresAt: now() + ttlMs });
    },

    async getBlob(key) {
      return live(blobs, key)?.value ?? null;
    },

    async deleteBlob(key) {
      blobs.delete(key);
    },

    async close() {
      if (timer !== undefined) clearInterval(timer);
    },
  };
}
