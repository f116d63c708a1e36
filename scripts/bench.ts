/**
 * `npm run bench`: the hub's hot path measured against a minimal baseline hub (issue 10), in one
 * run, with one driver. The hub runs as `npm start` runs it (in-memory, dev mode, its own logging
 * drained from a pipe), the baseline is `lib/baseline-hub.ts`; both are child processes whose CPU
 * and RSS are read from /proc. On each: F1 verifications in the closed model (capacity; latency
 * per step, CPU, bytes on the wire and log output per verification; hub and baseline in
 * alternating rounds, so that other load on the machine weighs on both), then the open model at
 * half the hub's capacity (approve→data percentiles), then RSS per idle citizen socket at 1,000
 * and 10,000 sockets. Limits stay on: only the per-IP and per-key limits one load generator
 * would exhaust are raised (and printed); what the limiter itself costs is timed in-process.
 * Prints Markdown, or JSON with `--json`; `--profile` adds where the hub's CPU goes. Linux only.
 */
import { cpus, loadavg } from 'node:os';
import { hubOverBaseline, type BenchReport, type ServerFigures } from './lib/bench-figures.js';
import { renderBenchMarkdown } from './lib/bench-markdown.js';
import { runLoadPhases } from './lib/bench-phases.js';
import {
  cpuProfileArgs,
  inspectArgs,
  startBaseline,
  startBenchHub,
  type BenchServer,
} from './lib/bench-servers.js';
import { parseBenchArgs, type BenchArgs } from './lib/bench-args.js';
import { summarizeProfiles } from './lib/cpu-profile.js';
import {
  anyCredentials,
  enrollDevices,
  provisionF1,
  provisionVerifier,
} from './lib/f1-provision.js';
import { repoRoot } from './lib/hub-process.js';
import { ephemeralPorts, measureIdleSockets, type IdleResult } from './lib/idle-sockets.js';
import { idleLimits, loadLimits, tableOf } from './lib/bench-limits.js';
import { idleMarkdown } from './lib/idle-markdown.js';
import { measureLimiterCost } from './lib/limiter-cost.js';
import type { ManagedChild } from './lib/managed-child.js';
import { openFilesLimit } from './lib/proc-cpu.js';

const progress = (message: string) => process.stderr.write(`bench: ${message}\n`);

/** Enrolls the devices (on the hub) and measures RSS per idle citizen socket on `server`. */
async function idlePhase(
  server: BenchServer,
  steps: number[],
  args: BenchArgs,
  sourceAddresses: number,
): Promise<IdleResult> {
  const sockets = steps.at(-1)!;
  let credentials = anyCredentials(sockets);
  if (server.name === 'hub') {
    const apiKey = await provisionVerifier(server.url, server.adminToken, 60);
    progress(`hub: enrolling ${sockets} devices`);
    credentials = { apiKey, deviceTokens: await enrollDevices(server.url, sockets) };
  }
  const inspectorUrl = server.inspectorUrl();
  if (!inspectorUrl) throw new Error(`${server.name}: its inspector did not announce itself`);
  progress(`${server.name}: idle citizen sockets, ${steps.join(' then ')}`);
  return measureIdleSockets({
    url: server.url,
    pid: server.pid,
    inspectorUrl,
    deviceTokens: credentials.deviceTokens,
    apiKey: credentials.apiKey,
    steps,
    settleMs: args.settleSeconds * 1000,
    sourceAddresses,
  });
}

/** `--only-idle`: the idle sockets on a fresh hub and a fresh baseline, and nothing else. */
async function onlyIdle(
  steps: number[],
  args: BenchArgs,
  sourceAddresses: number,
  env: Record<string, string>,
  track: (child: ManagedChild) => void,
  notes: string[],
): Promise<void> {
  if (steps.length === 0) throw new Error('--only-idle needs at least one --idle-sockets count');
  let server = await startBenchHub({ env, nodeArgs: inspectArgs, onStart: track });
  const hub = {
    idle: await idlePhase(server, steps, args, sourceAddresses).finally(() => server.stop()),
  };
  server = await startBaseline({ nodeArgs: inspectArgs, onStart: track });
  const baseline = {
    idle: await idlePhase(server, steps, args, sourceAddresses).finally(() => server.stop()),
  };
  console.log(
    args.json
      ? JSON.stringify({ date: new Date().toISOString(), hub, baseline, notes }, null, 2)
      : [idleMarkdown(hub, baseline), ...notes.map((n) => `\n${n}`)].join('\n'),
  );
  if (!hub.idle.proof.ok || !baseline.idle.proof.ok) process.exitCode = 1;
}

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2));
  const kills: ManagedChild[] = [];
  const track = (child: ManagedChild) => kills.push(child);
  const killAll = () => kills.forEach((child) => child.running() && child.process.kill('SIGKILL'));
  const hardCap = setTimeout(() => {
    console.error(`bench: hard cap of ${args.timeoutSeconds} s reached; stopping`);
    killAll();
    process.exit(1);
  }, args.timeoutSeconds * 1000);
  hardCap.unref();
  process.once('SIGINT', () => (killAll(), process.exit(130)));
  process.once('SIGTERM', () => (killAll(), process.exit(143)));

  const started = Date.now();
  const loadStart = loadavg();
  const notes: string[] = [];
  const fdLimit = openFilesLimit();
  const idleSteps = args.idleSteps.filter((n) => n + 500 <= fdLimit);
  if (idleSteps.length < args.idleSteps.length) {
    notes.push(
      `open files limit (ulimit -n) is ${fdLimit}: too low for ${args.idleSteps.at(-1)} sockets; ` +
        `measured ${idleSteps.join(', ') || 'none'}. Raise it (ulimit -n 20000) before npm run bench.`,
    );
  }
  const maxSockets = idleSteps.at(-1) ?? 0;
  const sourceAddresses =
    args.sourceAddresses ?? Math.max(1, Math.ceil(maxSockets / ephemeralPorts()));
  const raised = {
    load: loadLimits(args.phones),
    idle: maxSockets > 0 ? idleLimits(maxSockets) : {},
  };
  if (args.onlyIdle) {
    await onlyIdle(idleSteps, args, sourceAddresses, raised.idle, track, notes);
    clearTimeout(hardCap);
    return;
  }
  const profile = args.profile ? cpuProfileArgs() : undefined;

  progress('hub (as npm start) and baseline hub: starting');
  const hubServer = await startBenchHub({
    env: raised.load,
    nodeArgs: profile?.nodeArgs ?? [],
    onStart: track,
  });
  const loads = await startBaseline({ onStart: track })
    .then(async (baselineServer) => {
      const credentials = {
        hub: await provisionF1(hubServer.url, hubServer.adminToken, args.phones, 60),
        baseline: anyCredentials(args.phones),
      };
      const servers = { hub: hubServer, baseline: baselineServer };
      return runLoadPhases(servers, credentials, { ...args, progress }).finally(() =>
        baselineServer.stop(),
      );
    })
    .finally(() => hubServer.stop());
  const hub: ServerFigures = { name: 'hub', ...loads.hub };
  const baseline: ServerFigures = { name: 'baseline', ...loads.baseline };

  if (idleSteps.length > 0) {
    let server = await startBenchHub({ env: raised.idle, nodeArgs: inspectArgs, onStart: track });
    hub.idle = await idlePhase(server, idleSteps, args, sourceAddresses).finally(() =>
      server.stop(),
    );
    server = await startBaseline({ nodeArgs: inspectArgs, onStart: track });
    baseline.idle = await idlePhase(server, idleSteps, args, sourceAddresses).finally(() =>
      server.stop(),
    );
  }

  progress('limits: timing the limiter calls of one verification');
  const cost = await measureLimiterCost(tableOf(raised.load), args.limiterCount, args.phones);
  const summary = profile && summarizeProfiles(profile.dir, repoRoot, args.top, loads.hubWindows);
  if (profile) {
    notes.push(
      summary
        ? `CPU profiles of the hub (one per thread, open in Chrome DevTools): ${profile.dir}`
        : `no CPU profile was written to ${profile.dir}`,
    );
  }
  const report: BenchReport = {
    date: new Date().toISOString(),
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      loadAverage: { start: loadStart, end: loadavg() },
      node: process.version,
      openFilesLimit: fdLimit,
    },
    options: { ...args, idleSteps: idleSteps.join(','), sourceAddresses },
    raised,
    hub,
    baseline,
    ratios: hubOverBaseline(hub, baseline),
    limits: {
      ...cost,
      percentOfHubCpu:
        (cost.cpuUsPerVerification / 1000 / hub.closed.serverCpuMsPerVerification) * 100,
    },
    ...(summary ? { profile: summary } : {}),
    notes,
  };
  progress(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(args.json ? JSON.stringify(report, null, 2) : renderBenchMarkdown(report));
  const broken = [hub, baseline].some(
    (f) => f.closed.completed === 0 || f.open.completed === 0 || (f.idle && !f.idle.proof.ok),
  );
  if (broken) process.exitCode = 1;
  clearTimeout(hardCap);
}

await main().catch((error: unknown) => {
  console.error(`bench: failed — ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
