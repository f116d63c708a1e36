/**
 * A frozen Redis (SIGSTOP on a real redis-server: it keeps its connections and answers nothing)
 * must not hang the hub (V2, X1): session creation, a socket approval and `/readyz` all answer
 * in the V2 shape while Redis is still frozen — `internal` for the API, 503 for readiness — and
 * once Redis runs again readiness and the API recover by themselves, on the same connections.
 * Publishes through the Socket.IO Redis adapter settle too. The hub is wired exactly as
 * `hub/main.ts` wires one (`connectRedisDeps`), with a 300 ms command bound.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import type { Ack, RequestIncomingEvent } from '../../contracts/index.js';
import { RedisTimeoutError, withCommandTimeout } from '../../adapters/redis/index.js';
import { ask } from '../helpers/clients.js';
import { capturingLogger } from '../helpers/log-capture.js';
import {
  startFreezableRedis,
  startRedisWiredHub,
  type FreezableRedis,
} from '../helpers/ops-redis.js';
import type { TestHub } from '../helpers/test-hub.js';
import { waitUntil } from '../helpers/wait.js';

const idRequest = {
  documents: [{ type: 'id_card', claims: ['given_names', 'age_over_18'] }],
  purpose: 'Freeze test',
};

let redis: FreezableRedis;
let t: TestHub;
const unhandled: unknown[] = [];
const capture = (reason: unknown) => {
  unhandled.push(reason);
};

beforeAll(async () => {
  process.on('unhandledRejection', capture);
  redis = await startFreezableRedis();
});
afterAll(async () => {
  await redis.stop();
  process.off('unhandledRejection', capture);
});
beforeEach(async () => {
  ({ hub: t } = await startRedisWiredHub(redis.url, {
    logger: capturingLogger().logger,
    commandTimeoutMs: 300,
  }));
});
afterEach(async () => {
  // Whatever happened in the test, Redis runs again before anything is closed.
  redis.thaw();
  await t.close();
  expect(unhandled.splice(0)).toEqual([]);
});

describe('[V2][X1] a frozen Redis', () => {
  it('session creation, approval and /readyz answer while it is still frozen, then recover', async () => {
    const citizen = await t.citizen({ index: 0 });
    const session = await t.createSession('bank', { flow: 'code', request: idRequest });
    const joined = await ask<RequestIncomingEvent>(citizen.socket, 'pairing:join', {
      code: session.code,
    });
    expect(joined.ok).toBe(true);
    expect((await t.api('GET', '/readyz')).status).toBe(200);

    redis.freeze();
    try {
      const created = await t.api<{ error: { code: string } }>('POST', '/v1/sessions', {
        auth: t.verifiers.bank.apiKey,
        json: { flow: 'code', request: idRequest },
      });
      expect(created.status).toBe(500);
      expect(created.body.error.code).toBe('internal');

      const approved = await ask<Ack>(citizen.socket, 'request:approve', {
        sessionId: session.sessionId,
      });
      expect(approved).toMatchObject({ ok: false, error: { code: 'internal' } });

      const ready = await t.api<{ error: { code: string; message: string } }>('GET', '/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body.error.code).toBe('internal');
      expect(ready.body.error.message).toMatch(/redis|stores/);
      // Every answer above came while Redis was still stopped: nothing waited for it.
      expect(redis.frozen()).toBe(true);
    } finally {
      redis.thaw();
    }

    // Recovery needs no restart and no reconnect: the next probes succeed by themselves.
    await waitUntil(
      async () => (await t.api('GET', '/readyz')).status === 200,
      10_000,
      '/readyz to answer 200 again',
    );
    const again = await t.api('POST', '/v1/sessions', {
      auth: t.verifiers.bank.apiKey,
      json: { flow: 'code', request: idRequest },
    });
    expect(again.status).toBe(201);
  });

  it('a publish through the Socket.IO Redis adapter settles while Redis is frozen', async () => {
    const adapter = t.hub.io.of('/verifier').adapter as unknown as {
      pubClient: { publish(channel: string, message: string): Promise<unknown> };
    };
    redis.freeze();
    try {
      // The adapter's guard turns the bounded publish's timeout into "0 receivers".
      await expect(adapter.pubClient.publish('ops-test', 'x')).resolves.toBe(0);
      // Socket.IO's own emits publish too; they must not leave a rejection behind.
      t.hub.io
        .of('/verifier')
        .to('nobody')
        .emit('session:state', {} as never);
      expect(redis.frozen()).toBe(true);
    } finally {
      redis.thaw();
    }
  });

  it('a bounded command rejects with RedisTimeoutError and the connection works again after', async () => {
    const raw = createClient({ url: redis.url });
    raw.on('error', () => {});
    await raw.connect();
    const client = withCommandTimeout(raw, { timeoutMs: 200 });
    try {
      redis.freeze();
      const error = await client.get('ops:key').then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(RedisTimeoutError);
      expect((error as RedisTimeoutError).command).toBe('get');
      expect(redis.frozen()).toBe(true);
      redis.thaw();
      await expect(client.set('ops:key', 'v')).resolves.toBe('OK');
      await expect(client.get('ops:key')).resolves.toBe('v');
    } finally {
      redis.thaw();
      raw.destroy();
    }
  });
});
