/**
 * `npm run bench:cluster`: what a second hub node buys (X1, X2). A benchmark, not a test. Starts
 * one private redis-server, measures a bare Socket.IO echo as the machine's baseline, then runs
 * F1 verifications from this process against one hub node and against two (fresh child processes
 * each time, verifier and citizen on different nodes when there are two), and prints a Markdown
 * report: verifications per second, latency percentiles (approve → data on the widget; whole
 * verification), CPU per verification of the hubs, Redis and this driver, read from /proc, and
 * the 2-node/1-node ratios. `--json` prints the same figures as JSON instead. Linux only (/proc).
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { loadLimits } from './lib/bench-limits.js';
import { readCommandLine } from './lib/command-line.js';
import { runEchoBaseline, type EchoResult } from './lib/echo-baseline.js';
import type { F1RunResult } from './lib/f1-driver.js';
import { prepareF1 } from './lib/f1-setup.js';
import {
  baselineFigures,
  renderMarkdown,
  twoOverOne,
  type ConfigResult,
  type Report,
  type RunFigures,
} from './lib/bench-report.js';
import { newClusterSecrets, startHubCluster, type HubProcess } from './lib/hub-process.js';
import { freePortRun } from './lib/ports.js';
import { commandLine, cpuTimeMs } from './lib/proc-cpu.js';
import { startRedis, type RedisProcess } from './lib/redis-process.js';
import { percentiles } from './lib/stats.js';

const usage = `Usage: npm run bench:cluster -- [options]

  --count N          measured verifications per configuration (default 500)
  --warmup N         unmeasured verifications first (default 100)
  --concurrency N    verifications in flight (1–100; default 20)
  --latency-count N  then verifications one at a time, for unloaded latency (default 100; 0: none)
  --echo-count N     measured Socket.IO echo round trips of the baseline (default 5000)
  --max-seconds S    no verification starts after S s of a measured run (default 15)
  --timeout S        hard cap on the whole run; exits 1 past it (default 120)
  --json             print JSON instead of the Markdown report
  -h, --help         this text`;

interface BenchArgs {
  count: number;
  warmup: number;
  concurrency: number;
  latencyCount: number;
  echoCount: number;
  maxSeconds: number;
  timeoutSeconds: number;
  json: boolean;
}

function parseCommandLine(argv: string[]): BenchArgs {
  const { values, int } = readCommandLine('bench', usage, argv, {
    count: { type: 'string', default: '500' },
    warmup: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '20' },
    'latency-count': { type: 'string', default: '100' },
    'echo-count': { type: 'string', default: '5000' },
    'max-seconds': { type: 'string', default: '15' },
    timeout: { type: 'string', default: '120' },
    json: { type: 'boolean', default: false },
  });
  return {
    count: int('count', values.count, 1, 1_000_000),
    warmup: int('warmup', values.warmup, 0, 1_000_000),
    concurrency: int('concurrency', values.concurrency, 1, 100),
    latencyCount: int('latency-count', values['latency-count'], 0, 1_000_000),
    echoCount: int('echo-count', values['echo-count'], 1, 10_000_000),
    maxSeconds: int('max-seconds', values['max-seconds'], 1, 3600),
    timeoutSeconds: int('timeout', values.timeout, 5, 86_400),
    json: values.json,
  };
}

const progress = (message: string) => process.stderr.write(`bench: ${message}\n`);

function redisVersion(): string {
  try {
    const out = execFileSync('redis-server', ['--version'], { encoding: 'utf8' });
    return /v=(\S+)/.exec(out)?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

async function runConfiguration(
  nodes: number,
  args: BenchArgs,
  redis: RedisProcess,
  track: (hub: HubProcess) => void,
): Promise<ConfigResult> {
  const secrets = await newClusterSecrets();
  const first = await freePortRun(nodes);
  const ports = Array.from({ length: nodes }, (_, i) => first + i);
  const hubLogLines: string[] = [];
  progress(`${nodes} node${nodes === 1 ? '' : 's'}: starting hub processes`);
  const hubs = await startHubCluster({
    ports,
    redisUrl: redis.url,
    prefix: `bench${nodes}:`,
    secrets,
    logLevel: 'warn',
    env: { DEV_MODE: 'true', SEED_DEMO: 'false', ...loadLimits(args.concurrency) },
    onStart: track,
    // At LOG_LEVEL=warn and LOG_FORMAT=json, any JSON line is a warning or an error.
    onNodeLine: (nodeId, line) => {
      if (line.startsWith('{')) hubLogLines.push(`${nodeId} ${line}`);
    },
  });
  try {
    // The PID whose CPU is read must be the node itself, not a launcher in front of it.
    for (const hub of hubs) {
      if (!commandLine(hub.pid).includes('hub/main.ts')) {
        throw new Error(`pid ${hub.pid} is not a hub process: ${commandLine(hub.pid)}`);
      }
    }
    const driver = await prepareF1({
      nodeUrls: hubs.map((hub) => hub.url),
      adminToken: secrets.adminToken,
      phones: args.concurrency,
    });
    try {
      const maxMs = args.maxSeconds * 1000;
      if (args.warmup > 0) {
        progress(`${nodes} node${nodes === 1 ? '' : 's'}: ${args.warmup} warm-up verifications`);
        await driver.run({ count: args.warmup, concurrency: args.concurrency, maxMs });
      }
      const hubCpu = () => hubs.reduce((sum, hub) => sum + cpuTimeMs(hub.pid), 0);
      const measure = async (count: number, concurrency: number): Promise<RunFigures> => {
        progress(
          `${nodes} node${nodes === 1 ? '' : 's'}: ${count} verifications, ${concurrency} in flight`,
        );
        const before = { hub: hubCpu(), redis: cpuTimeMs(redis.pid), driver: process.cpuUsage() };
        const run: F1RunResult = await driver.run({ count, concurrency, maxMs });
        const hubMs = hubCpu() - before.hub;
        const redisMs = cpuTimeMs(redis.pid) - before.redis;
        const driverUsage = process.cpuUsage(before.driver);
        const driverMs = (driverUsage.user + driverUsage.system) / 1000;
        const per = (ms: number) => (run.completed > 0 ? ms / run.completed : Number.NaN);
        return {
          nodes,
          concurrency,
          completed: run.completed,
          failed: run.failed,
          errors: run.errors,
          cappedByTime: run.cappedByTime,
          seconds: run.wallMs / 1000,
          perSecond: run.completed / (run.wallMs / 1000),
          approveToDataMs: percentiles(run.timings.map((t) => t.approveToData)),
          wholeMs: percentiles(run.timings.map((t) => t.whole)),
          hubCpuMsPerVerification: per(hubMs),
          redisCpuMsPerVerification: per(redisMs),
          driverCpuMsPerVerification: per(driverMs),
        };
      };
      const runs = [await measure(args.count, args.concurrency)];
      if (args.latencyCount > 0) runs.push(await measure(args.latencyCount, 1));
      return { nodes, runs, hubLogLines };
    } finally {
      driver.close();
    }
  } finally {
    await Promise.all(hubs.map((hub) => hub.stop()));
  }
}

async function main(): Promise<void> {
  const args = parseCommandLine(process.argv.slice(2));
  // Kills every process started so far: for the hard cap and Ctrl-C.
  const kills: (() => void)[] = [];
  const hardCap = setTimeout(() => {
    console.error(`bench: hard cap of ${args.timeoutSeconds} s reached; stopping`);
    for (const kill of kills) kill();
    process.exit(1);
  }, args.timeoutSeconds * 1000);
  hardCap.unref();
  const onSignal = () => {
    for (const kill of kills) kill();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const started = Date.now();
  // Other work on the machine skews every figure; the report says how busy it was.
  const loadAverage = loadavg()[0] ?? 0;
  let redis: RedisProcess | undefined;
  try {
    redis = await startRedis();
    const own = redis;
    kills.push(() => own.child.process.kill('SIGKILL'));
    progress(`redis-server on ${redis.url}; Socket.IO echo baseline`);
    const echo: EchoResult[] = await runEchoBaseline({
      warmup: Math.min(500, args.echoCount),
      phases: [
        { count: args.echoCount, concurrency: args.concurrency },
        ...(args.latencyCount > 0 && args.concurrency > 1
          ? [{ count: Math.min(args.echoCount, 1000), concurrency: 1 }]
          : []),
      ],
    });
    const configurations: ConfigResult[] = [];
    for (const nodes of [1, 2]) {
      configurations.push(
        await runConfiguration(nodes, args, own, (hub) =>
          kills.push(() => hub.child.process.kill('SIGKILL')),
        ),
      );
    }
    const { json, ...options } = args;
    const report: Report = {
      date: new Date().toISOString(),
      machine: {
        cpu: cpus()[0]?.model ?? 'unknown',
        cores: cpus().length,
        loadAverage,
        node: process.version,
        redis: redisVersion(),
      },
      options,
      raisedLimits: loadLimits(args.concurrency),
      baseline: echo.map(baselineFigures),
      configurations,
      ratios: twoOverOne(configurations),
    };
    progress(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log(json ? JSON.stringify(report, null, 2) : renderMarkdown(report));
    if (configurations.some((c) => c.runs.some((r) => r.completed === 0))) process.exitCode = 1;
  } catch (error) {
    console.error(`bench: failed — ${(error as Error).message}`);
    process.exitCode = 1;
  } finally {
    await redis?.stop();
    clearTimeout(hardCap);
  }
}

await main();
