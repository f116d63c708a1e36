/**
 * `npm run bench:reaper`: does the reaper end windows on time while a node is busy (S3)? A
 * benchmark, not a test. Starts one hub node as a child process (in-memory stores, or a private
 * redis-server with `--redis`) with a short pairing window, then creates F1 sessions through the
 * HTTP API at a target rate for a while — each of them times out `--window` seconds later, so
 * the reaper must end sessions as fast as they are created — and meanwhile opens "probe" sessions
 * with a real widget socket every 200 ms, measuring how late each probe's
 * `session:ended {reason: timed_out}` arrives after its deadline (`expiresAt`). Prints the
 * achieved creation rate and the probes' lateness before, during and after the burst.
 */
import { once } from 'node:events';
import { Agent, request as httpRequest } from 'node:http';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import { hubNodeFlags, repoRoot } from './lib/hub-process.js';
import { startChild, lastLines, type ManagedChild } from './lib/managed-child.js';
import { loadTestLimits } from './lib/load-limits.js';
import { freePort } from './lib/ports.js';
import { cpuTimeMs } from './lib/proc-cpu.js';
import { startRedis, type RedisProcess } from './lib/redis-process.js';
import { percentiles } from './lib/stats.js';

const usage = `Usage: npm run bench:reaper -- [options]

  --rate N        sessions created per second during the burst (default 2000)
  --seconds S     length of the burst (default 10)
  --window S      pairing window of every session, in s (default 2)
  --inflight N    most creation requests in flight (default 128)
  --redis         Redis stores (a private redis-server) instead of in-memory
  --json          print JSON instead of the table
  -h, --help      this text`;

const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '2000' },
    seconds: { type: 'string', default: '10' },
    window: { type: 'string', default: '2' },
    inflight: { type: 'string', default: '128' },
    redis: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log(usage);
  process.exit(0);
}
const rate = Number(args.rate);
const burstSeconds = Number(args.seconds);
const windowSeconds = Number(args.window);
const maxInflight = Number(args.inflight);
const ORIGIN = 'http://bench.example';
const ADMIN = 'bench-admin-token-0123456789abcdef';
const request = {
  documents: [{ type: 'id_card', claims: ['age_over_18'] }],
  purpose: 'Reaper benchmark',
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One probe: a session with a widget socket waiting for its timeout. */
interface Probe {
  phase: 'idle' | 'burst' | 'after';
  deadline: number;
  endedAt?: number;
  socket: Socket;
}

async function startNode(
  redisUrl: string | undefined,
): Promise<{ url: string; child: ManagedChild }> {
  const port = await freePort();
  const child = await startChild({
    name: 'hub',
    command: process.execPath,
    args: [...hubNodeFlags, '--import', 'tsx', 'hub/main.ts'],
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      ADMIN_TOKEN: ADMIN,
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      PAIRING_WINDOW_SECONDS: String(windowSeconds),
      // One machine creates every session and opens every probe: its limits are lifted.
      ...loadTestLimits(),
      ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    },
  });
  const url = `http://127.0.0.1:${port}`;
  for (const end = Date.now() + 30_000; ;) {
    if (!child.running()) throw new Error(`the hub exited:\n${lastLines(child)}`);
    const ok = await fetch(`${url}/readyz`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) return { url, child };
    if (Date.now() > end) throw new Error(`the hub was not ready:\n${lastLines(child)}`);
    await sleep(100);
  }
}

async function apiKeyFor(url: string): Promise<string> {
  const admin = async (path: string, body?: unknown) => {
    const res = await fetch(url + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return (await res.json()) as Record<string, string>;
  };
  const { verifierId } = await admin('/v1/admin/verifiers', {
    name: 'Bench Bank',
    kind: 'bank',
    claims: { id_card: ['age_over_18'] },
    flows: ['code'],
    origins: [ORIGIN],
  });
  await admin(`/v1/admin/verifiers/${verifierId}/approve`);
  return (await admin(`/v1/admin/verifiers/${verifierId}/keys`)).apiKey!;
}

async function main(): Promise<void> {
  const hardStop = setTimeout(
    () => {
      console.error('bench:reaper: over its time limit, giving up');
      process.exit(1);
    },
    (burstSeconds + windowSeconds + 90) * 1000,
  );
  hardStop.unref();
  let redis: RedisProcess | undefined;
  if (args.redis) redis = await startRedis();
  const node = await startNode(redis?.url);
  const apiKey = await apiKeyFor(node.url);
  // Plain node:http with keep-alive: the driver shares the machine with the hub, and fetch costs
  // it several times the CPU per request.
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const payload = JSON.stringify({ flow: 'code', request });
  const target = new URL(`${node.url}/v1/sessions`);
  const create = () =>
    new Promise<{ expiresAt: string; widgetToken: string }>((resolve, reject) => {
      const req = httpRequest(
        target,
        {
          method: 'POST',
          agent,
          headers: {
            authorization: `Bearer ${apiKey}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            if (res.statusCode !== 201) reject(new Error(`create answered ${res.statusCode}`));
            else resolve(JSON.parse(text) as { expiresAt: string; widgetToken: string });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });

  const probes: Probe[] = [];
  let phase: Probe['phase'] = 'idle';
  let probing = true;
  const probeLoop = (async () => {
    while (probing) {
      const started = phase;
      try {
        const s = await create();
        const socket = io(`${node.url}/verifier`, {
          transports: ['websocket'],
          forceNew: true,
          reconnection: false,
          auth: { token: s.widgetToken },
          extraHeaders: { origin: ORIGIN },
        });
        const probe: Probe = { phase: started, deadline: Date.parse(s.expiresAt), socket };
        socket.on('session:ended', (e: { reason: string }) => {
          if (e.reason === 'timed_out') probe.endedAt = Date.now();
          socket.close();
        });
        probes.push(probe);
      } catch {
        // Counted with the burst's errors below only if it matters; a probe is one of many.
      }
      await sleep(200);
    }
  })();

  await sleep(windowSeconds * 1000 + 1000);
  phase = 'burst';
  let created = 0;
  let errors = 0;
  let inflight = 0;
  const cpuBefore = cpuTimeMs(node.child.pid);
  const burstStart = performance.now();
  const burstEnd = burstStart + burstSeconds * 1000;
  let due = 0;
  let last = burstStart;
  while (performance.now() < burstEnd) {
    const now = performance.now();
    due += ((now - last) / 1000) * rate;
    last = now;
    while (due >= 1 && inflight < maxInflight) {
      due -= 1;
      inflight++;
      create()
        .then(() => created++)
        .catch(() => errors++)
        .finally(() => inflight--);
    }
    await sleep(5);
  }
  const burstMs = performance.now() - burstStart;
  phase = 'after';
  // The burst's sessions time out `window` s after it: count the hub's CPU until then.
  await sleep(windowSeconds * 1000 + 500);
  const hubCpuMs = cpuTimeMs(node.child.pid) - cpuBefore;
  const hubWallMs = performance.now() - burstStart;
  await sleep(2500);
  probing = false;
  await probeLoop;
  // Every probe's deadline has passed; give the last ones a moment to arrive.
  const lastDeadline = Math.max(...probes.map((p) => p.deadline));
  await sleep(Math.max(0, lastDeadline - Date.now()) + 3000);
  for (const p of probes) p.socket.close();

  const rows = (['idle', 'burst', 'after'] as const).map((name) => {
    const of = probes.filter((p) => p.phase === name);
    const late = of.filter((p) => p.endedAt !== undefined).map((p) => p.endedAt! - p.deadline);
    const q = percentiles(late);
    return {
      phase: name,
      probes: of.length,
      missing: of.length - late.length,
      p50: q.p50,
      p95: q.p95,
      max: late.length ? Math.max(...late) : Number.NaN,
    };
  });
  const report = {
    store: redis ? 'redis' : 'memory',
    targetRate: rate,
    achievedRate: Math.round((created / burstMs) * 1000),
    created,
    errors,
    windowSeconds,
    /** Hub CPU per created session (creating it over HTTP and timing it out), in ms. */
    hubCpuPerSessionMs: Math.round((hubCpuMs / Math.max(1, created)) * 1000) / 1000,
    /** Share of one core the hub used from the burst's start until its last timeout. */
    hubCpuShare: Math.round((hubCpuMs / hubWallMs) * 100) / 100,
    lateness: rows,
  };
  if (args.json) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    console.log(
      `\nReaper under a burst (${report.store} store): target ${rate}/s for ${burstSeconds} s, ` +
        `achieved ${report.achievedRate}/s (${created} created, ${errors} failed), ` +
        `pairing window ${windowSeconds} s; hub CPU ${report.hubCpuPerSessionMs} ms per ` +
        `session, ${Math.round(report.hubCpuShare * 100)} % of a core\n`,
    );
    console.log('| probes created | probes | no timed_out | late p50 | late p95 | late max |');
    console.log('| --- | --- | --- | --- | --- | --- |');
    for (const r of rows) {
      console.log(
        `| ${r.phase} | ${r.probes} | ${r.missing} | ${r.p50} ms | ${r.p95} ms | ${r.max} ms |`,
      );
    }
  }
  agent.destroy();
  node.child.process.kill('SIGTERM');
  await once(node.child.process, 'exit');
  await redis?.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
