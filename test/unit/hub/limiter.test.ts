/**
 * The limiter's attempt budgets (P3) on both of its stores — in memory and on a real
 * redis-server: a refused reservation takes nothing, so once the right attempts give their
 * points back the budget is whole again, however many attempts were refused meanwhile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubError } from '../../../hub/errors.js';
import { limitTable } from '../../../hub/limits/limit-table.js';
import { createLimiter, type LimiterStore } from '../../../hub/limits/limiter.js';
import { startRedis, type RedisProcess } from '../../../scripts/lib/redis-process.js';
import type { RedisClient } from '../../../adapters/redis/redis-types.js';
import { connectRedis } from '../../helpers/redis-clients.js';

let redis: RedisProcess;
let client: RedisClient;
beforeAll(async () => {
  redis = await startRedis();
  client = await connectRedis(redis.url);
});
afterAll(async () => {
  await client?.close();
  await redis?.stop();
});

const table = limitTable({ code_ip: { points: 2, seconds: 3600 } });
let run = 0;

describe.each([
  ['memory', () => ({ kind: 'memory' }) as LimiterStore],
  ['redis', () => ({ kind: 'redis', client, prefix: `limiter-test-${++run}:` }) as LimiterStore],
])('[P3] reservations (%s)', (_name, store) => {
  it('[P3] refused reservations spend nothing: after the right ones are refunded the budget is whole', async () => {
    const limiter = createLimiter(table, store());
    const budget = [['code_ip', '192.0.2.1']] as const;
    const first = await limiter.reserve(budget);
    const second = await limiter.reserve(budget);
    expect(second.left).toBe(0);
    for (let i = 0; i < 5; i++) {
      const refused = await limiter.reserve(budget).then(
        () => null,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(HubError);
      expect((refused as HubError).code).toBe('too_many_attempts');
    }
    await first.refund();
    await second.refund();
    const again = await limiter.reserve(budget);
    expect(again.left).toBe(1);
  });
});
