/**
 * The Redis webhook outbox, for a cluster (X1): kept in the session store's Redis under the same
 * prefix — `{prefix}webhooks:due` (a sorted set: score = when the delivery is next due or its
 * lease ends, member = event id) and `{prefix}webhook:{eventId}` (a hash: verifierId, body,
 * attempts, createdAt, lease; kept at most `retentionMs`, a safety net should a delivery ever be
 * left behind). Every check-then-write is one Lua script over the index and one hash, so two
 * nodes can never both claim a delivery. Like the session store, it targets a standalone Redis
 * (or Sentinel), not a sharded Redis Cluster.
 */
import { randomBytes } from 'node:crypto';
import { isOne, luaScript, runScript } from '../redis/redis-script.js';
import type { RedisClient } from '../redis/redis-types.js';
import type { ClaimedDelivery, WebhookOutbox } from './webhook-outbox.js';

/** Options of {@link createRedisWebhookOutbox}. */
export interface RedisWebhookOutboxOptions {
  /** A connected node-redis client; the outbox never connects or closes it. */
  client: RedisClient;
  /** Prepended to every key. Default `'mdok:'`. */
  prefix?: string;
  /** How long a delivery's hash may live at most, in ms. Default 7 days. */
  retentionMs?: number;
}

/** KEYS: index, hash. ARGV: id, due, retention, field, value, … 1 when added, 0 when known. */
const ENQUEUE = luaScript(`
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
redis.call('HSET', KEYS[2], unpack(ARGV, 4))
redis.call('PEXPIRE', KEYS[2], ARGV[3])
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
return 1
`);

/**
 * KEYS: index, hash. ARGV: id, now, lease end, lease token. Claims the delivery if it is still
 * due; answers its fields, or nil. A member whose hash is gone leaves the index.
 */
const CLAIM = luaScript(`
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not score or tonumber(score) > tonumber(ARGV[2]) then return nil end
if redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('ZREM', KEYS[1], ARGV[1])
  return nil
end
redis.call('HSET', KEYS[2], 'lease', ARGV[4])
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
return redis.call('HMGET', KEYS[2], 'verifierId', 'body', 'attempts', 'createdAt')
`);

/** KEYS: index, hash. ARGV: id, lease. Removes the delivery while the lease is held. */
const COMPLETE = luaScript(`
if redis.call('HGET', KEYS[2], 'lease') ~= ARGV[2] then return 0 end
redis.call('DEL', KEYS[2])
redis.call('ZREM', KEYS[1], ARGV[1])
return 1
`);

/** KEYS: index, hash. ARGV: id, lease, due, attempts to add. Releases and reschedules. */
const RESCHEDULE = luaScript(`
if redis.call('HGET', KEYS[2], 'lease') ~= ARGV[2] then return 0 end
redis.call('HINCRBY', KEYS[2], 'attempts', ARGV[4])
redis.call('HDEL', KEYS[2], 'lease')
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
return 1
`);

/** Creates the Redis webhook outbox over `client`. */
export function createRedisWebhookOutbox(options: RedisWebhookOutboxOptions): WebhookOutbox {
  const { client } = options;
  const prefix = options.prefix ?? 'mdok:';
  const retentionMs = options.retentionMs ?? 7 * 86_400_000;
  const index = `${prefix}webhooks:due`;
  const hash = (eventId: string) => `${prefix}webhook:${eventId}`;
  return {
    async enqueue(delivery, dueAt) {
      const fields = [
        'verifierId',
        delivery.verifierId,
        'body',
        delivery.body,
        'attempts',
        '0',
        'createdAt',
        String(delivery.createdAt),
      ];
      const reply = await runScript(
        client,
        ENQUEUE,
        [index, hash(delivery.eventId)],
        [delivery.eventId, String(dueAt), String(retentionMs), ...fields],
      );
      return isOne(reply);
    },
    async claimDue(now, limit, leaseMs) {
      const count = Math.floor(limit);
      if (!(count > 0)) return [];
      // A few more candidates than wanted: other nodes may win some of them meanwhile.
      const ids = await client.zRange(index, '-inf', now, {
        BY: 'SCORE',
        LIMIT: { offset: 0, count: count * 2 },
      });
      const claimed: ClaimedDelivery[] = [];
      for (const eventId of ids) {
        if (claimed.length >= count) break;
        const lease = randomBytes(12).toString('base64url');
        const reply = (await runScript(
          client,
          CLAIM,
          [index, hash(eventId)],
          [eventId, String(now), String(now + leaseMs), lease],
        )) as (string | null)[] | null;
        // Another node claimed it between the read and the script: not ours.
        if (!reply) continue;
        const [verifierId, body, attempts, createdAt] = reply;
        if (verifierId == null || body == null) continue;
        claimed.push({
          eventId,
          verifierId,
          body,
          attempts: Number(attempts ?? 0),
          createdAt: Number(createdAt ?? now),
          lease,
        });
      }
      return claimed;
    },
    async complete(eventId, lease) {
      return isOne(await runScript(client, COMPLETE, [index, hash(eventId)], [eventId, lease]));
    },
    async reschedule(eventId, lease, dueAt, countAttempt) {
      const reply = await runScript(
        client,
        RESCHEDULE,
        [index, hash(eventId)],
        [eventId, lease, String(dueAt), countAttempt ? '1' : '0'],
      );
      return isOne(reply);
    },
    async size() {
      return client.zCard(index);
    },
    async close() {},
  };
}
