/**
 * Readiness sees the Socket.IO adapter's own Redis connections (X1): while the subscribe
 * connection is down — Redis killed it and refuses it back (`maxclients` reached) — PINGs on
 * the commands connection still succeed, yet this node would miss every other node's events:
 * `/readyz` answers 503 naming it, and 200 again once the connection is back by itself. A real
 * redis-server and a hub wired as `hub/main.ts` wires one (`connectRedisDeps`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { capturingLogger } from '../helpers/log-capture.js';
import { startRedisWiredHub } from '../helpers/ops-redis.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import type { TestHub } from '../helpers/test-hub.js';
import { waitUntil } from '../helpers/wait.js';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis.stop();
});

describe('[X1] readiness and the events connections', () => {
  it('/readyz fails while the subscribe connection is down, though Redis answers PINGs', async () => {
    const { hub: t } = await startRedisWiredHub(redis.url, { logger: capturingLogger().logger });
    const admin = createClient({ url: redis.url });
    admin.on('error', () => {});
    await admin.connect();
    const readyz = (hub: TestHub) =>
      hub.api<{ error?: { code: string; message: string } }>('GET', '/readyz');
    try {
      expect((await readyz(t)).status).toBe(200);
      // Room for the connections there are, none for a new one: the subscriber cannot return.
      const connected = (await admin.sendCommand(['CLIENT', 'LIST'])) as string;
      const count = connected.trim().split('\n').length;
      await admin.configSet('maxclients', String(count - 1));
      expect(Number(await admin.sendCommand(['CLIENT', 'KILL', 'TYPE', 'pubsub']))).toBe(1);

      await waitUntil(async () => (await readyz(t)).status === 503, 5000, 'readiness to fail');
      const down = await readyz(t);
      expect(down.body.error).toEqual({
        code: 'internal',
        message: expect.stringMatching(/redis-events.*subscribe connection.*down/),
      });
      expect(await admin.ping()).toBe('PONG');

      await admin.configSet('maxclients', '10000');
      await waitUntil(async () => (await readyz(t)).status === 200, 10_000, 'readiness back');
    } finally {
      await admin.configSet('maxclients', '10000').catch(() => {});
      await admin.close();
      await t.close();
    }
  });
});
