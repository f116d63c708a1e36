/**
 * Readiness tells the truth about records (A1, A3, H2, X1): when the Redis that holds the records
 * is wiped (FLUSHALL on a real redis-server, as a restart without persistence would leave it),
 * the node notices that the deployment marker it started with is gone, answers 503 on `/readyz`
 * with the reason, logs one error line saying what was lost and what to do, and answers the
 * verifier and citizen APIs with `internal` naming the cause — not 401 for every API key and
 * device token that vanished. A node started afterwards accepts the store as it is (a new
 * marker); the old node keeps saying it holds another deployment until it is restarted too.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { capturingLogger, type LogLine } from '../helpers/log-capture.js';
import {
  startFreezableRedis,
  startRedisWiredHub,
  type FreezableRedis,
} from '../helpers/ops-redis.js';
import type { TestHub } from '../helpers/test-hub.js';

let redis: FreezableRedis;
const hubs: TestHub[] = [];

beforeAll(async () => {
  redis = await startFreezableRedis();
});
afterAll(async () => {
  await redis.stop();
});
afterEach(async () => {
  for (const hub of hubs.splice(0)) await hub.close();
});

async function flushAll(): Promise<void> {
  const client = createClient({ url: redis.url });
  client.on('error', () => {});
  await client.connect();
  await client.flushAll();
  client.destroy();
}

const errorLines = (lines: LogLine[]) => lines.filter((l) => l.level >= 50);

describe('[A1][A3][X1] records lost under a running node', () => {
  it('makes /readyz fail with the reason, logs it once, and answers internal instead of 401', async () => {
    const { logger, lines } = capturingLogger();
    const prefix = 'marker1:';
    const { hub: t } = await startRedisWiredHub(redis.url, { logger, prefix });
    hubs.push(t);
    const citizen = await t.citizen({ index: 0 });
    expect((await t.api('GET', '/readyz')).status).toBe(200);
    expect((await t.api('GET', '/v1/citizen/devices', { auth: citizen.deviceToken })).status).toBe(
      200,
    );

    await flushAll();

    const ready = await t.api<{ error: { code: string; message: string } }>('GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.error.code).toBe('internal');
    expect(ready.body.error.message).toMatch(/^not ready: records: the record store lost its data/);
    // Asked again: still not ready, and the log says it once.
    expect((await t.api('GET', '/readyz')).status).toBe(503);
    const said = errorLines(lines).filter((l) => /record store lost its data/.test(l.msg));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatchObject({ check: 'records' });

    // The API keys and devices are gone; callers learn why instead of a misleading 401.
    const create = await t.api<{ error: { code: string; message: string } }>(
      'POST',
      '/v1/sessions',
      {
        auth: t.verifiers.bank.apiKey,
        json: {
          flow: 'code',
          request: { documents: [{ type: 'id_card', claims: ['age_over_18'] }], purpose: 'x' },
        },
      },
    );
    expect(create.status).toBe(500);
    expect(create.body.error).toMatchObject({ code: 'internal' });
    expect(create.body.error.message).toMatch(/record store lost its data/);
    const devices = await t.api<{ error: { code: string } }>('GET', '/v1/citizen/devices', {
      auth: citizen.deviceToken,
    });
    expect(devices.status).toBe(500);
    expect(devices.body.error.code).toBe('internal');
    // The admin API stays open, to re-register verifiers into the empty store.
    expect((await t.api('GET', '/v1/admin/verifiers', { auth: t.adminToken })).status).toBe(200);
  });

  it('a node started on the wiped store is ready; the old one asks to be restarted', async () => {
    const prefix = 'marker2:';
    const old = capturingLogger();
    const { hub: first } = await startRedisWiredHub(redis.url, { logger: old.logger, prefix });
    hubs.push(first);
    expect((await first.api('GET', '/readyz')).status).toBe(200);

    await flushAll();
    const fresh = capturingLogger();
    const { hub: second, redis: secondRedis } = await startRedisWiredHub(redis.url, {
      logger: fresh.logger,
      prefix,
    });
    hubs.push(second);
    expect(secondRedis.newDeployment).toBe(true);
    expect((await second.api('GET', '/readyz')).status).toBe(200);

    const stale = await first.api<{ error: { message: string } }>('GET', '/readyz');
    expect(stale.status).toBe(503);
    expect(stale.body.error.message).toMatch(/another deployment.*restart this node/);
    expect(errorLines(fresh.lines)).toEqual([]);
  });

  it('a node that finds the marker of a running cluster joins it', async () => {
    const prefix = 'marker3:';
    const a = await startRedisWiredHub(redis.url, { logger: capturingLogger().logger, prefix });
    hubs.push(a.hub);
    const b = await startRedisWiredHub(redis.url, { logger: capturingLogger().logger, prefix });
    hubs.push(b.hub);
    expect(a.redis.newDeployment).toBe(true);
    expect(b.redis.newDeployment).toBe(false);
    expect((await b.hub.api('GET', '/readyz')).status).toBe(200);
    expect((await a.hub.api('GET', '/readyz')).status).toBe(200);
  });
});
