/**
 * Verifier registrations in Redis (PRODUCT D3, A5): one JSON string per verifier (the record has
 * nested claim policies) and a list of ids in insertion order, the order `list()` returns, as
 * the in-memory store does. Insert is SET NX plus RPUSH in one script, so a duplicate id is
 * refused without touching the list; update is SET XX, so an unknown id is never created.
 */
import type { VerifierRecord, VerifierRepository } from '../record-store.js';
import type { RedisRecordContext } from './redis-context.js';
import { isOne, luaScript, runScript } from '../../redis/redis-script.js';

/** KEYS: record, id list. ARGV: JSON, id. 1 when inserted, 0 when the id exists. */
const INSERT = luaScript(`
if not redis.call('SET', KEYS[1], ARGV[1], 'NX') then return 0 end
redis.call('RPUSH', KEYS[2], ARGV[2])
return 1
`);

/** MGET this many records at a time when listing. */
const LIST_CHUNK = 500;

function parse(json: string): VerifierRecord {
  return JSON.parse(json) as VerifierRecord;
}

/** The verifier repository of a Redis record store. */
export function createRedisVerifierRepository(context: RedisRecordContext): VerifierRepository {
  const { client, keys, assertOpen } = context;
  return {
    async insert(verifier) {
      assertOpen();
      const reply = await runScript(
        client,
        INSERT,
        [keys.verifier(verifier.id), keys.verifierIds],
        [JSON.stringify(verifier), verifier.id],
      );
      // Ids are random, so a clash is a bug: refuse it loudly, as the memory store does.
      if (!isOne(reply)) throw new Error(`verifier ${verifier.id} already exists`);
    },
    async get(id) {
      assertOpen();
      const json = await client.get(keys.verifier(id));
      return json === null ? null : parse(json);
    },
    async list() {
      assertOpen();
      const ids = await client.lRange(keys.verifierIds, 0, -1);
      const records: VerifierRecord[] = [];
      for (let start = 0; start < ids.length; start += LIST_CHUNK) {
        const chunk = ids.slice(start, start + LIST_CHUNK).map((id) => keys.verifier(id));
        for (const json of await client.mGet(chunk)) if (json !== null) records.push(parse(json));
      }
      return records;
    },
    async update(verifier) {
      assertOpen();
      const reply = await client.set(keys.verifier(verifier.id), JSON.stringify(verifier), {
        condition: 'XX',
      });
      return reply === 'OK';
    },
  };
}
