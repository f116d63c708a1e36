/**
 * `npm run bench`'s parts together: the hub started as the benchmark starts it (as `npm start`,
 * a child process) and the minimal baseline hub, each driven by the same F1 driver — closed
 * model, open model, idle sockets with one verification through them — and answering the same
 * wire shapes (contracts/). Correctness only: no timing or memory figure is asserted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { CreateSessionResponse, RequestIncomingEvent, SessionData } from '../../contracts/index.js';
import {
  inspectArgs,
  startBaseline,
  startBenchHub,
  type BenchServer,
} from '../../scripts/lib/bench-servers.js';
import { createF1Driver, type F1Target } from '../../scripts/lib/f1-driver.js';
import { runOpen } from '../../scripts/lib/f1-open.js';
import { anyCredentials, provisionF1, type F1Credentials } from '../../scripts/lib/f1-provision.js';
import { connectPhones } from '../../scripts/lib/f1-setup.js';
import { measureIdleSockets } from '../../scripts/lib/idle-sockets.js';
import { createWireMeter } from '../../scripts/lib/wire-meter.js';

interface Server {
  server: BenchServer;
  credentials: F1Credentials;
}

const servers = {} as Record<'hub' | 'baseline', Server>;
const started: BenchServer[] = [];

beforeAll(async () => {
  const hub = await startBenchHub({ env: {}, nodeArgs: inspectArgs });
  started.push(hub);
  const baseline = await startBaseline({ nodeArgs: inspectArgs });
  started.push(baseline);
  servers.hub = { server: hub, credentials: await provisionF1(hub.url, hub.adminToken, 8) };
  servers.baseline = { server: baseline, credentials: anyCredentials(8) };
}, 60_000);

afterAll(async () => {
  await Promise.all(started.map((server) => server.stop()));
});

describe.each(['hub', 'baseline'] as const)('the F1 driver against the %s', (name) => {
  it('[D4] completes closed and open runs, answered in the wire shapes of contracts/', async () => {
    const { server, credentials } = servers[name];
    const seen = { created: [] as unknown[], joined: [] as unknown[], data: [] as SessionData[] };
    const target: F1Target = {
      nodeUrls: [server.url],
      apiKey: credentials.apiKey,
      displaySeconds: 1,
      observe: {
        created: (answer) => seen.created.push(answer),
        joined: (request) => seen.joined.push(request),
        data: (data) => seen.data.push(data),
      },
    };
    const meter = createWireMeter();
    const driver = createF1Driver(
      target,
      await connectPhones([server.url], credentials.deviceTokens, meter),
      meter,
    );
    try {
      const closed = await driver.run({ count: 6, concurrency: 3, maxMs: 20_000 });
      expect(closed.errors).toEqual([]);
      expect(closed.completed).toBe(6);
      const open = await runOpen(driver, { rate: 10, seconds: 1 });
      expect(open).toMatchObject({ started: 10, completed: 10, failed: 0, dropped: 0 });
    } finally {
      driver.close();
    }
    expect(seen.data).toHaveLength(16);
    for (const answer of seen.created) CreateSessionResponse.parse(answer);
    for (const request of seen.joined) RequestIncomingEvent.parse(request);
    const jwks = createRemoteJWKSet(new URL('/.well-known/jwks.json', server.url));
    for (const data of seen.data.slice(0, 3)) {
      SessionData.parse(data);
      expect(decodeProtectedHeader(data.presentation).alg).toBe('ES256');
      // Its display window (1 s) is over by now: verify as of when it was shown.
      const currentDate = new Date(Date.parse(data.displayUntil) - 500);
      const { payload } = await jwtVerify(data.presentation, jwks, { currentDate });
      expect(payload.sid).toBe(data.sessionId);
      expect(Object.keys(data.claims)).toEqual(['id_card']);
    }
    const bytes = meter.totals();
    for (const channel of ['http', 'widget', 'phone'] as const) {
      expect(bytes[channel].sent).toBeGreaterThan(0);
      expect(bytes[channel].received).toBeGreaterThan(0);
    }
  });

  it('holds idle citizen sockets and verifies through one of them', async () => {
    const { server, credentials } = servers[name];
    const result = await measureIdleSockets({
      url: server.url,
      pid: server.pid,
      inspectorUrl: server.inspectorUrl()!,
      deviceTokens: credentials.deviceTokens,
      apiKey: credentials.apiKey,
      steps: [4, 8],
      settleMs: 50,
      sourceAddresses: 2,
      // Servers ping every 25 s: the bench waits for it, a test need not.
      heartbeat: false,
    });
    expect(result.proof).toMatchObject({ ok: true });
    expect(result.steps.map((s) => s.sockets)).toEqual([4, 8]);
    for (const step of result.steps) expect(Number.isFinite(step.perSocketKiB)).toBe(true);
  });
});
