/**
 * Graceful shutdown (X3, V2) of a real hub process on SIGTERM: it stops accepting connections,
 * lets an HTTP request and a socket command that are in flight finish (both wait on an SMS
 * provider stand-in that holds them until the test releases it), then closes every socket's
 * transport so that clients see `transport close` — the reason on which socket.io-client
 * reconnects (to another node) — and exits 0. Readiness fails as soon as shutdown begins, and a
 * frozen Redis does not hold the exit.
 */
import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import type { Ack } from '../../contracts/index.js';
import { createSyntheticRegister } from '../../adapters/registers/index.js';
import { startHubProcess, type HubProcessHandle } from '../helpers/ops-hub-process.js';
import { startFreezableRedis, type FreezableRedis } from '../helpers/ops-redis.js';
import { startSmsProvider, type SmsProvider } from '../helpers/sms-provider.js';
import { startTestHub } from '../helpers/test-hub.js';

const ORIGIN = 'https://bank.example';
const request = { documents: [{ type: 'id_card', claims: ['age_over_18'] }], purpose: 'Konto' };

let provider: SmsProvider;
const processes: HubProcessHandle[] = [];
const sockets: Socket[] = [];

beforeAll(async () => {
  provider = await startSmsProvider();
});
afterAll(async () => {
  await provider.stop();
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await provider.release();
  for (const p of processes.splice(0)) await p.kill();
});

/** Registers an approved verifier on the hub process and answers its API key. */
async function apiKeyOn(hub: HubProcessHandle): Promise<string> {
  const admin = async (path: string, body?: unknown) => {
    const res = await fetch(hub.url + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${hub.adminToken}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return (await res.json()) as Record<string, string>;
  };
  const { verifierId } = await admin('/v1/admin/verifiers', {
    name: 'Bank',
    kind: 'bank',
    claims: { id_card: ['age_over_18'] },
    flows: ['code', 'otp'],
    origins: [ORIGIN],
  });
  await admin(`/v1/admin/verifiers/${verifierId}/approve`);
  return (await admin(`/v1/admin/verifiers/${verifierId}/keys`)).apiKey!;
}

function createSession(hub: HubProcessHandle, apiKey: string, body: unknown): Promise<Response> {
  return fetch(`${hub.url}/v1/sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

function widget(hub: HubProcessHandle, token: string): Promise<Socket> {
  const socket = io(`${hub.url}/verifier`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth: { token },
    extraHeaders: { origin: ORIGIN },
  });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Hub processes start in seconds on a busy machine; the default 20 s is too tight. */
const PROCESS_TEST_MS = 60_000;

describe('[X3] graceful shutdown', () => {
  it(
    'on SIGTERM: in-flight HTTP and socket commands finish, clients may reconnect, exit 0',
    async () => {
      const hub = await startHubProcess({
        SMS_GATEWAY_URL: provider.url,
        SEED_DEMO: 'false',
        LOG_LEVEL: 'info',
      });
      processes.push(hub);
      await hub.waitReady();
      const apiKey = await apiKeyOn(hub);
      const [first, second] = await createSyntheticRegister({ seed: 'mdok', size: 1000 }).sample(2);

      // A socket command in flight: the clerk names the citizen, the hub waits on the provider.
      const f3 = (await (await createSession(hub, apiKey, { flow: 'otp', request })).json()) as {
        sessionId: string;
        widgetToken: string;
      };
      const clerk = await widget(hub, f3.widgetToken);
      await provider.plan([{ hold: true }, { hold: true }]);
      const pushed = provider.next();
      const ack = new Promise<Ack>((resolve) =>
        clerk.emit(
          'subject:push',
          { sessionId: f3.sessionId, subject: { pesel: first!.pesel } },
          (a: Ack) => resolve(a),
        ),
      );
      await pushed;
      // An HTTP request in flight: a session whose SMS the provider holds too.
      const created = provider.next();
      const answer = createSession(hub, apiKey, {
        flow: 'otp',
        request,
        subject: { pesel: second!.pesel },
      });
      await created;
      const disconnected = new Promise<string>((resolve) => clerk.once('disconnect', resolve));

      hub.child.process.kill('SIGTERM');
      await hub.waitForLine(/shutting down: not ready/);
      // No new connections; the clerk's socket stays up while its command is in flight.
      await expect(fetch(`${hub.url}/healthz`)).rejects.toThrow();
      expect(clerk.connected).toBe(true);

      await provider.release();
      expect((await answer).status).toBe(201);
      expect(await ack).toMatchObject({ ok: true });
      // Closed by the transport, not by a Socket.IO disconnect: socket.io-client reconnects.
      expect(await disconnected).toBe('transport close');
      const exit = await hub.exited();
      expect(exit).toEqual({ code: 0, signal: null });
      const done = JSON.parse(await hub.waitForLine(/shutdown complete/)) as { drained: boolean };
      expect(done.drained).toBe(true);
      expect(hub.lines.filter((l) => /"level":(50|60)/.test(l))).toEqual([]);
    },
    PROCESS_TEST_MS,
  );

  it(
    'a frozen Redis does not hold the exit',
    async () => {
      const redis: FreezableRedis = await startFreezableRedis();
      try {
        const hub = await startHubProcess({ REDIS_URL: redis.url, SEED_DEMO: 'false' });
        processes.push(hub);
        await hub.waitReady();
        redis.freeze();
        hub.child.process.kill('SIGTERM');
        const exit = await hub.exited();
        expect(redis.frozen()).toBe(true);
        expect(exit).toEqual({ code: 0, signal: null });
        await hub.waitForLine(/shutdown complete/);
        expect(hub.lines.filter((l) => /unhandled rejection|shutdown failed/.test(l))).toEqual([]);
      } finally {
        await redis.stop();
      }
    },
    PROCESS_TEST_MS,
  );

  it('close() and shutdown do not wait for a connection that never sent a request', async () => {
    // Browsers preconnect: such a socket is not idle to Node's server.close(), which would wait
    // for its headers timeout (60 s and more) before calling back.
    for (const stop of ['close', 'shutdown'] as const) {
      const t = await startTestHub();
      const { port } = new URL(t.url);
      const silent = connect(Number(port), '127.0.0.1');
      await new Promise<void>((resolve, reject) => {
        silent.once('connect', resolve).once('error', reject);
      });
      const ended = new Promise<void>((resolve) => silent.once('close', () => resolve()));
      try {
        if (stop === 'close') await t.hub.close();
        else expect(await t.hub.shutdown()).toEqual({ drained: true });
        await ended;
      } finally {
        silent.destroy();
        await t.close();
      }
    }
  }, 15_000);

  it('readiness fails as soon as shutdown begins', async () => {
    const t = await startTestHub({ config: { shutdownDelayMs: 200 } });
    try {
      expect((await t.hub.app.request('/readyz')).status).toBe(200);
      const stopping = t.hub.shutdown();
      const res = await t.hub.app.request('/readyz');
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({
        error: { code: 'internal', message: 'not ready: shutdown: the node is shutting down' },
      });
      expect(await stopping).toEqual({ drained: true });
    } finally {
      await t.close();
    }
  });
});
