/**
 * The figures `npm run bench` reports and how they are made from a run: percentiles per step of
 * a verification, CPU and bytes per verification, and the hub/baseline ratios. Shared by the
 * phases that measure (bench-phases.ts) and the Markdown that shows them (bench-markdown.ts).
 */
import type { VerificationTiming } from './f1-driver.js';
import type { OpenRunResult } from './f1-open.js';
import type { IdleResult } from './idle-sockets.js';
import type { LimiterCost } from './limiter-cost.js';
import type { ProfileSummary } from './cpu-profile.js';
import { percentiles, type Percentiles } from './stats.js';
import { sumBytes, type Channel, type WireBytes } from './wire-meter.js';

/** The steps of a verification whose latency is reported. */
export const stepNames = ['create', 'widgetConnect', 'join', 'approveToData', 'whole'] as const;

/** Latency percentiles per step, ms. */
export type StepPercentiles = Record<(typeof stepNames)[number], Percentiles>;

/** The closed model's figures on one server. */
export interface ClosedFigures {
  concurrency: number;
  completed: number;
  failed: number;
  errors: string[];
  seconds: number;
  perSecond: number;
  steps: StepPercentiles;
  serverCpuMsPerVerification: number;
  /** The same in each round of the closed model. */
  roundCpuMsPerVerification: number[];
  /** Of it, on the server's main thread (its event loop; the rest: GC helpers, logging…). */
  serverMainThreadCpuMsPerVerification: number;
  driverCpuMsPerVerification: number;
  /** CPU the rest of the machine (other processes) used meanwhile, in cores. */
  otherCores: number;
  /** Bytes per verification per channel, both directions. */
  bytes: WireBytes;
  bytesPerVerification: number;
  /** What the server wrote to stdout/stderr per verification (its logs). */
  logBytesPerVerification: number;
  logLinesPerVerification: number;
}

/** The open model's figures on one server: the run's counts, its step percentiles and CPU. */
export interface OpenFigures extends Omit<OpenRunResult, 'timings'> {
  steps: StepPercentiles;
  serverCpuMsPerVerification: number;
  driverCpuMsPerVerification: number;
  /** CPU the rest of the machine (other processes) used meanwhile, in cores. */
  otherCores: number;
}

/** Everything measured on one server. */
export interface ServerFigures {
  name: 'hub' | 'baseline';
  closed: ClosedFigures;
  open: OpenFigures;
  idle?: IdleResult;
}

/** Hub over baseline. */
export interface Ratios {
  throughput: number;
  serverCpuPerVerification: number;
  /** The CPU ratio of each round (hub round i over baseline round i). */
  serverCpuPerVerificationByRound: number[];
  bytesPerVerification: number;
  /** p50 of each step. */
  stepP50: Record<(typeof stepNames)[number], number>;
  openApproveToDataP99: number;
  /** RSS per idle socket at each step both servers measured. */
  rssPerSocket: { sockets: number; ratio: number }[];
}

/** The limits' measured cost against the hub's CPU per verification. */
export interface LimitsCost extends LimiterCost {
  percentOfHubCpu: number;
}

/** Everything the benchmark reports. */
export interface BenchReport {
  date: string;
  machine: {
    cpu: string;
    cores: number;
    /** 1, 5 and 15 minute load averages at the start and at the end. */
    loadAverage: { start: number[]; end: number[] };
    node: string;
    openFilesLimit: number;
  };
  options: Record<string, number | string | boolean>;
  /** Environment variables given to the hub beyond `npm start`'s, per phase. */
  raised: { load: Record<string, string>; idle: Record<string, string> };
  hub: ServerFigures;
  baseline: ServerFigures;
  ratios: Ratios;
  limits: LimitsCost;
  profile?: ProfileSummary;
  /** Remarks on what could not be measured as asked. */
  notes: string[];
}

/** What one closed round measured, unreduced. */
export interface ClosedRound {
  timings: VerificationTiming[];
  failed: number;
  errors: string[];
  wallMs: number;
  serverMs: number;
  mainMs: number;
  driverMs: number;
  /** Machine-wide busy CPU, ms, and the time it was counted over. */
  machineMs: number;
  machineWallMs: number;
  bytes: WireBytes;
  logBytes: number;
  logLines: number;
  /** When it ran, monotonic µs. */
  window: { fromUs: number; toUs: number };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** What the rest of the machine used while the rounds ran, in cores. */
export function otherCores(
  runs: Pick<ClosedRound, 'machineMs' | 'serverMs' | 'driverMs' | 'machineWallMs'>[],
) {
  const others = sum(runs.map((r) => r.machineMs - r.serverMs - r.driverMs));
  return Math.max(0, others) / sum(runs.map((r) => r.machineWallMs));
}

/** The rounds of one server taken together. */
export function closedFigures(rounds: ClosedRound[], concurrency: number): ClosedFigures {
  const timings = rounds.flatMap((r) => r.timings);
  const n = timings.length;
  const per = (x: number) => (n > 0 ? x / n : Number.NaN);
  const wire = bytesPer(sumBytes(rounds.map((r) => r.bytes)), n);
  const wallMs = sum(rounds.map((r) => r.wallMs));
  return {
    concurrency,
    completed: n,
    failed: sum(rounds.map((r) => r.failed)),
    errors: rounds.flatMap((r) => r.errors).slice(0, 5),
    seconds: wallMs / 1000,
    perSecond: n / (wallMs / 1000),
    steps: stepPercentiles(timings),
    serverCpuMsPerVerification: per(sum(rounds.map((r) => r.serverMs))),
    roundCpuMsPerVerification: rounds.map((r) => r.serverMs / r.timings.length),
    serverMainThreadCpuMsPerVerification: per(sum(rounds.map((r) => r.mainMs))),
    driverCpuMsPerVerification: per(sum(rounds.map((r) => r.driverMs))),
    otherCores: otherCores(rounds),
    bytes: wire.bytes,
    bytesPerVerification: wire.total,
    logBytesPerVerification: per(sum(rounds.map((r) => r.logBytes))),
    logLinesPerVerification: per(sum(rounds.map((r) => r.logLines))),
  };
}

/** Percentiles of every step. */
export function stepPercentiles(timings: VerificationTiming[]): StepPercentiles {
  const out = {} as StepPercentiles;
  for (const step of stepNames) out[step] = percentiles(timings.map((t) => t[step]));
  return out;
}

/** Bytes per verification per channel, and their sum. */
export function bytesPer(bytes: WireBytes, verifications: number) {
  const per = {} as WireBytes;
  let total = 0;
  for (const channel of Object.keys(bytes) as Channel[]) {
    per[channel] = {
      sent: bytes[channel].sent / verifications,
      received: bytes[channel].received / verifications,
    };
    total += per[channel].sent + per[channel].received;
  }
  return { bytes: per, total };
}

/** The hub/baseline ratios. */
export function hubOverBaseline(hub: ServerFigures, baseline: ServerFigures): Ratios {
  const stepP50 = {} as Ratios['stepP50'];
  for (const step of stepNames) {
    stepP50[step] = hub.closed.steps[step].p50 / baseline.closed.steps[step].p50;
  }
  const rssPerSocket = (hub.idle?.steps ?? []).flatMap((h) => {
    const b = baseline.idle?.steps.find((s) => s.sockets === h.sockets);
    return b ? [{ sockets: h.sockets, ratio: h.perSocketKiB / b.perSocketKiB }] : [];
  });
  return {
    throughput: hub.closed.perSecond / baseline.closed.perSecond,
    serverCpuPerVerification:
      hub.closed.serverCpuMsPerVerification / baseline.closed.serverCpuMsPerVerification,
    serverCpuPerVerificationByRound: hub.closed.roundCpuMsPerVerification.map(
      (h, i) => h / (baseline.closed.roundCpuMsPerVerification[i] ?? Number.NaN),
    ),
    bytesPerVerification: hub.closed.bytesPerVerification / baseline.closed.bytesPerVerification,
    stepP50,
    openApproveToDataP99: hub.open.steps.approveToData.p99 / baseline.open.steps.approveToData.p99,
    rssPerSocket,
  };
}
