/**
 * Sessions by the verifier's reference in Redis (`GET /v1/sessions?reference=…`): one sorted set
 * per verifier and reference hash, scored by each entry's `expiresAt`, so expired entries are cut
 * off by score on every write and skipped on every read, and the key itself expires with its
 * longest-lived entry. Adding is one script (trim, add unless the session is there, extend the key).
 */
import type { SessionReferenceRecord, SessionReferenceRepository } from '../record-store.js';
import type { RedisRecordContext } from './redis-context.js';
import { luaScript, runScript } from '../../redis/redis-script.js';

/**
 * KEYS: the set. ARGV: the entry's createdAt ms (now), expiresAt ms, entry JSON, session id,
 * lifetime ms. Drops expired entries, adds the entry unless one for the session exists, and
 * keeps the key at least as long as the new entry lives.
 */
const ADD = luaScript(`
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if cjson.decode(member).sessionId == ARGV[4] then return 0 end
end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[5]) then redis.call('PEXPIRE', KEYS[1], ARGV[5]) end
return 1
`);

/** The reference repository of a Redis record store. */
export function createRedisReferenceRepository(
  context: RedisRecordContext,
): SessionReferenceRepository {
  const { client, keys, assertOpen } = context;
  return {
    async add(entry) {
      assertOpen();
      const expiresAt = Date.parse(entry.expiresAt);
      await runScript(
        client,
        ADD,
        [keys.sessionReference(entry.verifierId, entry.referenceHash)],
        [
          String(Date.parse(entry.createdAt)),
          String(expiresAt),
          JSON.stringify(entry),
          entry.sessionId,
          // Relative, on Redis's own clock: the entry's lifetime from now (at least 1 ms).
          String(Math.max(1, expiresAt - Date.parse(entry.createdAt))),
        ],
      );
    },
    async find({ verifierId, referenceHash, now, limit }) {
      assertOpen();
      const members = await client.zRangeByScore(
        keys.sessionReference(verifierId, referenceHash),
        `(${Date.parse(now)}`,
        '+inf',
      );
      return members
        .map((json) => JSON.parse(json) as SessionReferenceRecord)
        .sort((a, b) =>
          a.createdAt !== b.createdAt
            ? a.createdAt < b.createdAt
              ? 1
              : -1
            : a.sessionId < b.sessionId
              ? 1
              : -1,
        )
        .slice(0, Math.max(0, limit));
    },
  };
}
