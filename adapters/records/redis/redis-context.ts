/**
 * What every part of the Redis record store is given: the client (owned by the caller), the key
 * names under the store's prefix, and a check that the store has not been closed. Also the
 * conversion between flat records and Redis hashes, used for the records whose fields are all
 * strings (API keys, enrollments, devices) so that single fields can be set atomically
 * (HSETNX of `revokedAt` / `deactivatedAt`) without rewriting JSON inside Lua.
 */
import type { RedisClient } from '../../redis/redis-types.js';
import type { RecordKeys } from './redis-record-keys.js';
import { isOne, luaScript, runScript } from '../../redis/redis-script.js';
import type { LuaScript } from '../../redis/redis-script.js';

/** Shared by the repositories of one Redis record store. */
export interface RedisRecordContext {
  client: RedisClient;
  keys: RecordKeys;
  /** Throws once the store is closed (inside an async method, so it becomes a rejection). */
  assertOpen(): void;
}

/** The record's defined fields among `fields`, as HSET arguments: field, value, field, value… */
export function hashArgs<T extends object>(
  record: T,
  fields: readonly (keyof T & string)[],
): string[] {
  const args: string[] = [];
  for (const field of fields) {
    const value: unknown = record[field];
    if (typeof value === 'string') args.push(field, value);
  }
  return args;
}

/** A flat string record read back from a hash; null when a required field is missing. */
export function fromHash<R extends string, O extends string>(
  hash: Record<string, string>,
  required: readonly R[],
  optional: readonly O[],
): ({ [K in R]: string } & { [K in O]?: string }) | null {
  const record: Record<string, string> = {};
  for (const field of required) {
    const value = hash[field];
    if (value === undefined) return null;
    record[field] = value;
  }
  for (const field of optional) {
    const value = hash[field];
    if (value !== undefined) record[field] = value;
  }
  return record as { [K in R]: string } & { [K in O]?: string };
}

/** KEYS: record hash, index. ARGV: index member, field, value, … 1 when inserted, 0 when it exists. */
function insertHashScript(indexCommand: 'SADD' | 'RPUSH'): LuaScript {
  return luaScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('${indexCommand}', KEYS[2], ARGV[1])
return 1
`);
}

const INSERT_HASH = { set: insertHashScript('SADD'), list: insertHashScript('RPUSH') } as const;

/**
 * KEYS: record hash. ARGV: guard field, guard value, field, value. Sets the field unless already
 * set (the first time is kept), provided the guard field holds the guard value (which also
 * means the record exists). 1 when the guard held, else 0.
 */
const SET_ONCE_IF = luaScript(`
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HSETNX', KEYS[1], ARGV[3], ARGV[4])
return 1
`);

/**
 * Creates the hash `key` from HSET `fields` and adds `member` to the index (a set or a list) in
 * one step; false, with nothing written, when the hash already exists.
 */
export async function insertHash(
  client: RedisClient,
  key: string,
  fields: string[],
  index: { kind: 'set' | 'list'; key: string; member: string },
): Promise<boolean> {
  const reply = await runScript(
    client,
    INSERT_HASH[index.kind],
    [key, index.key],
    [index.member, ...fields],
  );
  return isOne(reply);
}

/** Sets `field` of hash `key` unless already set, if `guard` matches; false if it does not. */
export async function setOnceIf(
  client: RedisClient,
  key: string,
  guard: { field: string; value: string },
  field: string,
  value: string,
): Promise<boolean> {
  const reply = await runScript(
    client,
    SET_ONCE_IF,
    [key],
    [guard.field, guard.value, field, value],
  );
  return isOne(reply);
}

/** Code-unit order of two strings (ISO times sort right this way), independent of locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
