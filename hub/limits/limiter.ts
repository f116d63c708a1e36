/**
 * The one rate-limiting layer (on `rate-limiter-flexible`): every limit of `limit-table.ts`
 * counted in memory for the embedded default, or in Redis when the node runs in a cluster so
 * that a limit holds cluster-wide (X1). Socket event rates are per socket and so always local.
 */
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { RedisClient } from '../../adapters/redis/redis-types.js';
import { HubError } from '../errors.js';
import { limitNames, type LimitName, type LimitTable } from './limit-table.js';

/** One reserved attempt on some budgets; `refund` gives the points back (the secret was right). */
export interface Reservation {
  /** The fewest attempts left on any of the budgets after this one. */
  left: number;
  refund(): Promise<void>;
}

/** What the per-socket event budget says of one more event: go on, refuse it, or cut the socket. */
export type EventVerdict = 'ok' | 'limited' | 'abusive';

/** Counts requests and attempts against the limits. */
export interface Limiter {
  /** The limits in force. */
  readonly table: LimitTable;
  /** Counts one request; throws `rate_limited` (with `retryAfterSeconds`) once spent. */
  hit(name: LimitName, key: string): Promise<void>;
  /**
   * Reserves one attempt on every budget; throws `too_many_attempts` (with
   * `retryAfterSeconds`) when any was already spent. Refund the reservation when the secret was
   * right: only wrong attempts use a budget up.
   */
  reserve(budgets: ReadonlyArray<readonly [LimitName, string]>): Promise<Reservation>;
  /**
   * Counts one socket event (node-local): `ok`, `limited` (answer `rate_limited`) or
   * `abusive` (twice the rate within one window: disconnect).
   */
  socketEvent(socketId: string): Promise<EventVerdict>;
}

/** Where the counters live. */
export type LimiterStore =
  { kind: 'memory' } | { kind: 'redis'; client: RedisClient; prefix: string };

function secondsOf(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/** Builds the limiter over `table`. */
export function createLimiter(
  table: LimitTable,
  store: LimiterStore = { kind: 'memory' },
): Limiter {
  const limiters = new Map<LimitName, RateLimiterAbstract>();
  for (const name of limitNames) {
    const { points, seconds } = table[name];
    const options = { points, duration: seconds, keyPrefix: `rl:${name}` };
    limiters.set(
      name,
      store.kind === 'redis' && name !== 'socket_events'
        ? new RateLimiterRedis({
            ...options,
            keyPrefix: `${store.prefix}rl:${name}`,
            storeClient: store.client,
            useRedisPackage: true,
          })
        : new RateLimiterMemory(options),
    );
  }
  const of = (name: LimitName) => limiters.get(name)!;
  const socketEvents = new RateLimiterMemory({
    points: table.socket_events.points * 2,
    duration: table.socket_events.seconds,
  });

  return {
    table,
    async hit(name, key) {
      try {
        await of(name).consume(key);
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        const retryAfterSeconds = secondsOf(error);
        throw new HubError('rate_limited', `too many requests; retry in ${retryAfterSeconds} s`, {
          details: { retryAfterSeconds },
          policy: { name, ...table[name] },
        });
      }
    },
    async reserve(budgets) {
      const taken: Array<readonly [LimitName, string]> = [];
      const refund = async () => {
        await Promise.all(taken.map(([name, key]) => of(name).reward(key)));
      };
      let left = Infinity;
      try {
        for (const budget of budgets) {
          const res = await of(budget[0]).consume(budget[1]);
          taken.push(budget);
          // The last point is this attempt: when it is wrong, nothing is left.
          left = Math.min(left, res.remainingPoints);
        }
      } catch (error) {
        // A refused consume still counted its point: give that back too, or every refusal
        // would push the budget further past its limit and refunds of right codes could never
        // bring it under again within the window.
        if (error instanceof RateLimiterRes) taken.push(budgets[taken.length]!);
        await refund();
        if (!(error instanceof RateLimiterRes)) throw error;
        const retryAfterSeconds = secondsOf(error);
        const name = budgets[taken.length - 1]![0];
        throw new HubError('too_many_attempts', 'too many wrong codes; try again later', {
          details: { retryAfterSeconds },
          policy: { name, ...table[name] },
        });
      }
      return { left, refund };
    },
    async socketEvent(socketId) {
      try {
        const res = await socketEvents.consume(socketId);
        return res.consumedPoints > table.socket_events.points ? 'limited' : 'ok';
      } catch (error) {
        if (error instanceof RateLimiterRes) return 'abusive';
        throw error;
      }
    },
  };
}
