/** The Redis webhook outbox against the outbox contract, two clients standing for two nodes. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { createRedisWebhookOutbox } from '../../adapters/webhooks/index.js';
import { describeWebhookOutbox } from '../contracts/webhook-outbox.contract.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { connectRedis } from '../helpers/redis-clients.js';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
}, 30_000);
afterAll(async () => {
  await redis?.stop();
});

describeWebhookOutbox('redis', async () => {
  const prefix = `wo${randomUUID().slice(0, 8)}:`;
  const one = await connectRedis(redis.url, true);
  const two = await connectRedis(redis.url, true);
  return {
    outbox: createRedisWebhookOutbox({ client: one, prefix }),
    peer: createRedisWebhookOutbox({ client: two, prefix }),
    cleanup: async () => {
      await Promise.all([one.close(), two.close()]);
    },
  };
});
