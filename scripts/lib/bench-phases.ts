/**
 * The load phase of `npm run bench`: the hub and the baseline up side by side, each with its
 * phones connected through its own byte meter; a warm-up each; then the closed model (capacity:
 * N verifications in flight) in alternating rounds — hub, baseline, hub, baseline… — so that
 * whatever else the machine is doing weighs on both alike; then the open model (a constant
 * arrival rate, half the hub's closed-model throughput) on each. CPU is read from /proc for the
 * server process only; each measured run is followed by a pause of the display window and a
 * second, so that the sessions it delivered expire — work the server does for every
 * verification — inside the measurement.
 */
import { createF1Driver, type F1Driver } from './f1-driver.js';
import { connectPhones } from './f1-setup.js';
import { runOpen } from './f1-open.js';
import type { F1Credentials } from './f1-provision.js';
import type { BenchServer } from './bench-servers.js';
import {
  closedFigures,
  otherCores,
  stepPercentiles,
  type ClosedFigures,
  type ClosedRound,
  type OpenFigures,
} from './bench-figures.js';
import { cpuTimeMs, machineBusyMs, mainThreadCpuMs } from './proc-cpu.js';
import { bytesBetween, createWireMeter } from './wire-meter.js';

/** Options of the load phase. */
export interface LoadOptions {
  concurrency: number;
  warmupSeconds: number;
  /** Closed model per server, split over `rounds`. */
  closedSeconds: number;
  rounds: number;
  openSeconds: number;
  /** `displaySeconds` of each session. */
  displaySeconds: number;
  progress: (message: string) => void;
}

/** A window of the monotonic clock, µs (as V8's profiles count time). */
export interface MonotonicWindow {
  fromUs: number;
  toUs: number;
}

/** One server under load. */
interface Loaded {
  server: BenchServer;
  driver: F1Driver;
  rounds: ClosedRound[];
}

/** What the load phase measured on both servers. */
export interface LoadResult {
  hub: { closed: ClosedFigures; open: OpenFigures };
  baseline: { closed: ClosedFigures; open: OpenFigures };
  /** When the hub's closed rounds ran. */
  hubWindows: MonotonicWindow[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);
/** More verifications than any timed run can make: the time ends a closed run. */
const UNBOUNDED = 1_000_000_000;

async function closedRound(loaded: Loaded, seconds: number, options: LoadOptions): Promise<void> {
  const { server, driver } = loaded;
  const before = {
    cpu: cpuTimeMs(server.pid),
    main: mainThreadCpuMs(server.pid),
    driver: process.cpuUsage(),
    bytes: driver.meter.totals(),
    output: server.output(),
    machine: machineBusyMs(),
  };
  const fromUs = monotonicUs();
  const run = await driver.run({
    count: UNBOUNDED,
    concurrency: options.concurrency,
    maxMs: seconds * 1000,
  });
  const toUs = monotonicUs();
  await sleep(options.displaySeconds * 1000 + 1000);
  const driverUsage = process.cpuUsage(before.driver);
  const output = server.output();
  const machineWallMs = (monotonicUs() - fromUs) / 1000;
  loaded.rounds.push({
    timings: run.timings,
    failed: run.failed,
    errors: run.errors,
    wallMs: run.wallMs,
    serverMs: cpuTimeMs(server.pid) - before.cpu,
    mainMs: mainThreadCpuMs(server.pid) - before.main,
    driverMs: (driverUsage.user + driverUsage.system) / 1000,
    machineMs: machineBusyMs() - before.machine,
    machineWallMs,
    bytes: bytesBetween(before.bytes, driver.meter.totals()),
    logBytes: output.bytes - before.output.bytes,
    logLines: output.lines - before.output.lines,
    window: { fromUs, toUs },
  });
}

async function openRun(loaded: Loaded, rate: number, options: LoadOptions): Promise<OpenFigures> {
  const cpuBefore = cpuTimeMs(loaded.server.pid);
  const driverBefore = process.cpuUsage();
  const machineBefore = machineBusyMs();
  const t0 = monotonicUs();
  const run = await runOpen(loaded.driver, { rate, seconds: options.openSeconds });
  await sleep(options.displaySeconds * 1000 + 1000);
  const serverMs = cpuTimeMs(loaded.server.pid) - cpuBefore;
  const driverUsage = process.cpuUsage(driverBefore);
  const driverMs = (driverUsage.user + driverUsage.system) / 1000;
  const machine = {
    machineMs: machineBusyMs() - machineBefore,
    machineWallMs: (monotonicUs() - t0) / 1000,
  };
  const per = (x: number) => (run.completed > 0 ? x / run.completed : Number.NaN);
  return {
    rate,
    seconds: options.openSeconds,
    started: run.started,
    completed: run.completed,
    failed: run.failed,
    dropped: run.dropped,
    errors: run.errors,
    steps: stepPercentiles(run.timings),
    serverCpuMsPerVerification: per(serverMs),
    driverCpuMsPerVerification: per(driverMs),
    otherCores: otherCores([{ ...machine, serverMs, driverMs }]),
  };
}

async function load(server: BenchServer, credentials: F1Credentials, options: LoadOptions) {
  const meter = createWireMeter();
  const phones = await connectPhones([server.url], credentials.deviceTokens, meter);
  const target = {
    nodeUrls: [server.url],
    apiKey: credentials.apiKey,
    displaySeconds: options.displaySeconds,
  };
  return { server, driver: createF1Driver(target, phones, meter), rounds: [] };
}

/** Runs the load phase on both servers (see the file comment). */
export async function runLoadPhases(
  servers: { hub: BenchServer; baseline: BenchServer },
  credentials: { hub: F1Credentials; baseline: F1Credentials },
  options: LoadOptions,
): Promise<LoadResult> {
  const hub: Loaded = await load(servers.hub, credentials.hub, options);
  const baseline: Loaded = await load(servers.baseline, credentials.baseline, options).catch(
    (error: unknown) => {
      hub.driver.close();
      throw error;
    },
  );
  const both = [hub, baseline];
  try {
    for (const { server, driver } of both) {
      options.progress(`${server.name}: warm-up, ${options.warmupSeconds} s`);
      const warmup = await driver.run({
        count: UNBOUNDED,
        concurrency: options.concurrency,
        maxMs: options.warmupSeconds * 1000,
      });
      if (warmup.completed === 0) {
        throw new Error(`${server.name}: no warm-up verification completed: ${warmup.errors[0]}`);
      }
    }
    await sleep(options.displaySeconds * 1000 + 1000);
    const seconds = options.closedSeconds / options.rounds;
    for (let round = 1; round <= options.rounds; round++) {
      for (const loaded of both) {
        options.progress(
          `${loaded.server.name}: closed model, round ${round}/${options.rounds}, ` +
            `${options.concurrency} in flight, ${seconds.toFixed(1)} s`,
        );
        await closedRound(loaded, seconds, options);
      }
    }
    const hubClosed = closedFigures(hub.rounds, options.concurrency);
    const baselineClosed = closedFigures(baseline.rounds, options.concurrency);
    const rate = hubClosed.perSecond / 2;
    const open: OpenFigures[] = [];
    for (const loaded of both) {
      options.progress(`${loaded.server.name}: open model, ${rate.toFixed(1)}/s`);
      open.push(await openRun(loaded, rate, options));
    }
    return {
      hub: { closed: hubClosed, open: open[0]! },
      baseline: { closed: baselineClosed, open: open[1]! },
      hubWindows: hub.rounds.map((r) => r.window),
    };
  } finally {
    for (const { driver } of both) driver.close();
  }
}
