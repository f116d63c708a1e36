/**
 * Counts refusals of the volume limits and guess budgets (operations, `GET /metrics`) without
 * touching their callers: the limiter a node uses, wrapped so that every `rate_limited` and
 * `too_many_attempts` it throws, and every socket event it refuses, is counted under the name of
 * the limit that refused (hub/limits/limit-table.ts). Answers and errors pass through unchanged.
 */
import { HubError } from '../errors.js';
import { limitNames, type LimitName } from '../limits/limit-table.js';
import type { Limiter } from '../limits/limiter.js';

const NAMES = new Set<string>(limitNames);

/** The same limiter, telling `refused` the name of each limit that says no. */
export function meteredLimiter(limiter: Limiter, refused: (limit: LimitName) => void): Limiter {
  const count = (error: unknown): never => {
    const name = error instanceof HubError ? error.policy?.name : undefined;
    if (name !== undefined && NAMES.has(name)) refused(name as LimitName);
    throw error;
  };
  return {
    table: limiter.table,
    hit: (name, key) => limiter.hit(name, key).catch(count),
    reserve: (budgets) => limiter.reserve(budgets).catch(count),
    socketEvent: (socketId) =>
      limiter.socketEvent(socketId).then((verdict) => {
        if (verdict !== 'ok') refused('socket_events');
        return verdict;
      }),
  };
}
