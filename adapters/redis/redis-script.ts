/**
 * The one Lua-script runner of both Redis stores (sessions and records): scripts run with EVALSHA and, when the server does not know the
 * script yet (first use, or after a restart or SCRIPT FLUSH), with EVAL, which also caches it.
 * The store is handed a plain client, so it cannot register scripts through `createClient`'s
 * `scripts` option; this keeps the one-round-trip EVALSHA path without owning the client. Keys
 * are always passed as KEYS, never built inside a script, so the scripts stay cluster-correct
 * as long as a call's keys share a slot.
 */
import { createHash } from 'node:crypto';
import type { RedisClient } from './redis-types.js';

/** A Lua script and its SHA-1 (what EVALSHA names it by). */
export interface LuaScript {
  source: string;
  sha1: string;
}

/** Wraps Lua source for {@link runScript}. */
export function luaScript(source: string): LuaScript {
  return { source, sha1: createHash('sha1').update(source).digest('hex') };
}

/** Runs `script` atomically on the server; Redis errors (the script's too) reject. */
export async function runScript(
  client: RedisClient,
  script: LuaScript,
  keys: string[],
  args: string[],
): Promise<unknown> {
  const options = { keys, arguments: args };
  try {
    return await client.evalSha(script.sha1, options);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return await client.eval(script.source, options);
  }
}

/** Reads a script's integer reply as a boolean (1 → true, 0 → false). */
export function isOne(reply: unknown): boolean {
  return reply === 1;
}
