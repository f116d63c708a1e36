/**
 * The Redis session store, for a cluster of hub nodes (PRODUCT X1–X3): the same contract as the
 * in-memory store (S1, S3, S4, P2, P3, D5), with every check-then-write done inside Redis as one
 * Lua script, so two nodes can never both win a compare-and-set or a key. Every key lives under
 * the prefix: `{prefix}session:{id}` (a hash: `v` = version, `d` = the record as JSON, with the
 * record's time-to-live), `{prefix}deadlines` (a sorted set: score = deadlineAt, member = id),
 * `{prefix}key:{key}`, `{prefix}count:{key}` and `{prefix}blob:{key}` (strings with a TTL).
 * The store is given its client and never connects or closes it. Redis TTLs run on Redis's own
 * clock; `due(now)` compares deadlines with the caller's `now`, so the hub's clock drives it.
 * Scripts touch two keys (record and deadline index), so this targets a standalone Redis (or
 * Sentinel), not a sharded Redis Cluster.
 */
import { luaScript, runScript, type LuaScript } from '../redis/redis-script.js';
import type { RedisClient } from '../redis/redis-types.js';
import type { SessionRecordBase, SessionStore } from './session-store.js';

/** Options of {@link createRedisSessionStore}. */
export interface RedisSessionStoreOptions {
  /** A connected node-redis client; the store never connects, closes or reconfigures it. */
  client: RedisClient;
  /** Prepended to every key, so several hubs or tests can share one Redis. Default `'mdok:'`. */
  prefix?: string;
}

/**
 * Writes only when the record is absent. The deadline is written first: should anything fail
 * mid-script (Lua scripts are not rolled back), no record exists without its index entry.
 * KEYS: record, deadlines. ARGV: id, deadline ('' = none), version, json, ttl ms.
 */
const INSERT = luaScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
if ARGV[2] == '' then redis.call('ZREM', KEYS[2], ARGV[1])
else redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1]) end
redis.call('HSET', KEYS[1], 'v', ARGV[3], 'd', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
`);

/**
 * Writes only when the stored version equals the expected one. A record that is gone leaves the
 * index here too (its entry could only be stale).
 * KEYS: record, deadlines. ARGV: id, deadline ('' = none), next version, json, ttl ms, expected.
 */
const COMPARE_AND_SET = luaScript(`
local v = redis.call('HGET', KEYS[1], 'v')
if not v then
  redis.call('ZREM', KEYS[2], ARGV[1])
  return 0
end
if v ~= ARGV[6] then return 0 end
if ARGV[2] == '' then redis.call('ZREM', KEYS[2], ARGV[1])
else redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1]) end
redis.call('HSET', KEYS[1], 'v', ARGV[3], 'd', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
`);

/** Deletes the key only while it holds the value. KEYS: key. ARGV: value. */
const RELEASE = luaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0
`);

/**
 * A fixed window: the expiry is set by the first increment only. A counter found without an
 * expiry (never by this store) gets one, so it cannot lock a citizen out for ever (P3).
 * KEYS: counter. ARGV: window ms.
 */
const INCREMENT = luaScript(`
local n = redis.call('INCR', KEYS[1])
if n == 1 or redis.call('PTTL', KEYS[1]) == -1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n
`);

/** Whole milliseconds (at least 1) for PEXPIRE / SET PX; throws on a programming error. */
function ttlArgument(ttlMs: number, what: string): number {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new Error(`${what} must be a positive number of ms, got ${ttlMs}`);
  }
  const whole = Math.ceil(ttlMs);
  if (!Number.isSafeInteger(whole)) throw new Error(`${what} is too large: ${ttlMs}`);
  return whole;
}

/** The sorted-set score of a deadline ('' for none); throws on a non-finite number. */
function deadlineArgument(deadlineAt: number | null): string {
  if (deadlineAt === null) return '';
  if (!Number.isFinite(deadlineAt)) {
    throw new Error(`deadlineAt must be a finite epoch ms or null, got ${deadlineAt}`);
  }
  return String(deadlineAt);
}

/**
 * Creates the Redis session store over `client`. Records must be JSON-serialisable (they are
 * stored as JSON, which also makes every read a fresh copy). `close()` releases nothing: the
 * store holds no timers or connections of its own. Redis failures (connection down, offline
 * client) surface as rejected promises from the call that met them.
 *
 * `due` is a plain read of the deadline index (ZRANGE BYSCORE): an id whose record passed its
 * time-to-live stays listed until a compare-and-set on it fails, an insert reuses it, or the
 * caller, finding `get` null, calls `forgetDue` — as the interface allows.
 */
export function createRedisSessionStore<S extends SessionRecordBase>(
  options: RedisSessionStoreOptions,
): SessionStore<S> {
  const { client } = options;
  const prefix = options.prefix ?? 'mdok:';
  const deadlinesKey = `${prefix}deadlines`;
  const sessionKey = (id: string): string => `${prefix}session:${id}`;
  const claimedKey = (key: string): string => `${prefix}key:${key}`;
  const counterKey = (key: string): string => `${prefix}count:${key}`;
  const blobKey = (key: string): string => `${prefix}blob:${key}`;

  const run = (s: LuaScript, keys: string[], args: string[]): Promise<unknown> =>
    runScript(client, s, keys, args);

  /** Writes `session` by `s` (insert or compare-and-set); true iff the script wrote it. */
  async function write(s: LuaScript, session: S, ttl: number, extra: string[]): Promise<boolean> {
    const args = [
      session.id,
      deadlineArgument(session.deadlineAt),
      String(session.version),
      JSON.stringify(session),
      String(ttl),
      ...extra,
    ];
    return (await run(s, [sessionKey(session.id), deadlinesKey], args)) === 1;
  }

  return {
    async insert(session, ttlMs) {
      return write(INSERT, session, ttlArgument(ttlMs, 'ttlMs'), []);
    },

    async get(id) {
      const json = await client.hGet(sessionKey(id), 'd');
      // The store wrote this JSON from an S; it is the store's own data, not input to validate.
      return json === null || json === undefined ? null : (JSON.parse(json) as S);
    },

    async compareAndSet(next, expectedVersion, ttlMs) {
      if (next.version !== expectedVersion + 1) {
        throw new Error(
          `compareAndSet: next.version must be expectedVersion + 1 (${expectedVersion + 1}), got ${next.version}`,
        );
      }
      const ttl = ttlArgument(ttlMs, 'ttlMs');
      return write(COMPARE_AND_SET, next, ttl, [String(expectedVersion)]);
    },

    async due(now, limit) {
      const count = Math.floor(limit);
      if (!(count > 0)) return [];
      // Equal scores come back ordered by member, i.e. by id, as the memory store orders them.
      return client.zRange(deadlinesKey, '-inf', now, {
        BY: 'SCORE',
        LIMIT: { offset: 0, count },
      });
    },

    async forgetDue(id) {
      await client.zRem(deadlinesKey, id);
    },

    async countDue(now) {
      return client.zCount(deadlinesKey, '-inf', now);
    },

    async claimKey(key, value, ttlMs) {
      const ttl = ttlArgument(ttlMs, 'ttlMs');
      const reply = await client.set(claimedKey(key), value, {
        expiration: { type: 'PX', value: ttl },
        condition: 'NX',
      });
      return reply === 'OK';
    },

    async readKey(key) {
      return client.get(claimedKey(key));
    },

    async releaseKey(key, value) {
      await run(RELEASE, [claimedKey(key)], [value]);
    },

    async increment(key, windowMs) {
      const window = ttlArgument(windowMs, 'windowMs');
      return Number(await run(INCREMENT, [counterKey(key)], [String(window)]));
    },

    async count(key) {
      const value = await client.get(counterKey(key));
      return value === null ? 0 : Number(value);
    },

    async putBlob(key, value, ttlMs) {
      const ttl = ttlArgument(ttlMs, 'ttlMs');
      // Stored exactly as given: the hub seals presentations before they come here (D5).
      await client.set(blobKey(key), value, { expiration: { type: 'PX', value: ttl } });
    },

    async getBlob(key) {
      return client.get(blobKey(key));
    },

    async deleteBlob(key) {
      await client.del(blobKey(key));
    },

    async close() {
      // Nothing of its own to release; the client belongs to whoever created it.
    },
  };
}
