/**
 * The session store: where live sessions and their short-lived indexes are kept (PRODUCT S1, S3,
 * S4, P2, P3, D5, X1). Hub nodes keep nothing of their own; every change to a session is a
 * compare-and-set on its version, so two nodes can never both make the same transition.
 *
 * The store knows only the fields below; the rest of a session record is opaque JSON that it
 * keeps as given. The in-memory store is the embedded default; the Redis store (same contract
 * suite) serves a cluster.
 */

/** The fields of a session record the store itself uses. */
export interface SessionRecordBase {
  /** Session id (random, URL-safe). */
  id: string;
  /** Incremented by exactly one on every successful compare-and-set. */
  version: number;
  /** Epoch ms at which the hub must look at the session again (a window ends), or null. */
  deadlineAt: number | null;
}

/** Live sessions plus small keyed entries, all with time-to-live. */
export interface SessionStore<S extends SessionRecordBase = SessionRecordBase> {
  /**
   * Stores a new session for `ttlMs`; false when the id is already taken. The store may keep the
   * object itself, frozen: do not change a session after handing it over.
   */
  insert(session: S, ttlMs: number): Promise<boolean>;
  /**
   * The session, or null when unknown or past its time-to-live. Read-only: the in-memory store
   * hands out its own frozen record; change a session through `compareAndSet` with a new object.
   */
  get(id: string): Promise<S | null>;
  /**
   * Replaces the session with `next` iff the stored version equals `expectedVersion`, keeping it
   * for `ttlMs` more. `next.version` must be `expectedVersion + 1`. True iff this call won.
   * False (never a throw) when the session is unknown or expired; rejects only on a programming
   * error (`next.version` not `expectedVersion + 1`, a non-positive `ttlMs`).
   */
  compareAndSet(next: S, expectedVersion: number, ttlMs: number): Promise<boolean>;
  /**
   * Ids of sessions whose `deadlineAt` is at or before `now`, earliest first, at most `limit`.
   * Only reads: an id stays due until a compare-and-set moves or clears its deadline or
   * `forgetDue` drops it. An id whose record has passed its time-to-live may still be listed by
   * some stores (a Redis sorted set outlives the record's key); the caller then finds `get` null
   * and calls `forgetDue`.
   */
  due(now: number, limit: number): Promise<string[]>;
  /** Drops an id from the deadline index (for ids whose record is gone). */
  forgetDue(id: string): Promise<void>;
  /**
   * How many ids `due(now, ∞)` would list (the reaper's backlog, for metrics). May count ids
   * whose record has passed its time-to-live, as `due` may list them.
   */
  countDue(now: number): Promise<number>;

  /** Sets `key` to `value` for `ttlMs` only if the key is free. True iff it was set. */
  claimKey(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** The value of `key`, or null. */
  readKey(key: string): Promise<string | null>;
  /** Deletes `key` only while it still holds `value`. */
  releaseKey(key: string, value: string): Promise<void>;

  /**
   * Adds one to the counter `key` and returns the new count. The counter lives `windowMs` from
   * its first increment (a fixed window), then starts again from zero.
   */
  increment(key: string, windowMs: number): Promise<number>;
  /** The counter's current count (0 when absent). */
  count(key: string): Promise<number>;

  /** Stores an opaque (already sealed) blob for `ttlMs`, replacing any earlier one. */
  putBlob(key: string, value: string, ttlMs: number): Promise<void>;
  /** The blob, or null when absent or expired. */
  getBlob(key: string): Promise<string | null>;
  /** Deletes the blob. */
  deleteBlob(key: string): Promise<void>;

  /** Releases timers and connections the store owns (not the clients it was given). */
  close(): Promise<void>;
}
