/**
 * Limits hold cluster-wide (X1, A7): with Redis, every node counts in the same place, so a
 * client cannot multiply its allowance by spreading requests or guesses over nodes.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CreateSessionResponse } from '../../contracts/index.js';
import { ask, expectHttpError, idRequest, otherCode, postSession } from '../helpers/fixtures.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { startTestCluster, type TestCluster } from '../helpers/test-cluster.js';

let redis: RedisServer;
let cluster: TestCluster | undefined;

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis.stop();
});
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

describe('[X1][A7] limits across nodes', () => {
  it('[X1][A7] a verifier’s session allowance is one budget, whichever node it calls', async () => {
    cluster = await startTestCluster(redis, {
      nodes: 2,
      config: { limits: { session_create: { points: 3, seconds: 60 } } },
    });
    const [a, b] = cluster.nodes as [(typeof cluster.nodes)[0], (typeof cluster.nodes)[0]];
    const body = { flow: 'code', request: idRequest() };
    expect((await postSession(a, 'bank', body)).status).toBe(201);
    expect((await postSession(b, 'bank', body)).status).toBe(201);
    expect((await postSession(a, 'bank', body)).status).toBe(201);
    expectHttpError(await postSession(b, 'bank', body), 429, 'rate_limited');
    expectHttpError(await postSession(a, 'bank', body), 429, 'rate_limited');
  });

  it('[X1][P3] a citizen’s wrong codes count once across nodes: 5 spread over two nodes exhaust the budget', async () => {
    cluster = await startTestCluster(redis, { nodes: 2 });
    const [a, b] = cluster.nodes as [(typeof cluster.nodes)[0], (typeof cluster.nodes)[0]];
    const created = (await postSession(a, 'bank', { flow: 'code', request: idRequest() }))
      .body as CreateSessionResponse;
    const onA = await a.citizen({ index: 0 });
    const onB = await b.citizenSocket(onA.deviceToken);
    const answers: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const socket = i % 2 === 0 ? onB : onA.socket;
      const ack = await ask(socket, 'pairing:join', { code: otherCode(created.code!, i) });
      answers.push(ack.ok ? 'ok' : ack.error.code);
    }
    expect(answers).toEqual([...Array(4).fill('code_invalid'), 'too_many_attempts']);
    const right = await ask(onB, 'pairing:join', { code: created.code });
    expect(right.ok ? 'ok' : right.error.code).toBe('too_many_attempts');
  });
});
