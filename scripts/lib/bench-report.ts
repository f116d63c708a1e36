/**
 * The cluster benchmark's figures and their Markdown rendering: per cluster size and concurrency,
 * rates, latency percentiles and CPU per verification; the 2-node/1-node ratios; the bare
 * Socket.IO echo baseline and the hub's figures expressed against it.
 */
import type { EchoResult } from './echo-baseline.js';
import { markdownTable } from './markdown.js';
import { percentiles, type Percentiles } from './stats.js';

/** The figures of one measured run of verifications. */
export interface RunFigures {
  nodes: number;
  concurrency: number;
  completed: number;
  failed: number;
  errors: string[];
  cappedByTime: boolean;
  seconds: number;
  perSecond: number;
  approveToDataMs: Percentiles;
  wholeMs: Percentiles;
  hubCpuMsPerVerification: number;
  redisCpuMsPerVerification: number;
  driverCpuMsPerVerification: number;
}

/** The runs against one cluster size. */
export interface ConfigResult {
  nodes: number;
  runs: RunFigures[];
  /** Lines the hubs logged (LOG_LEVEL=warn) meanwhile. */
  hubLogLines: string[];
}

/** One phase of the echo baseline. */
export interface BaselineFigures {
  concurrency: number;
  roundTrips: number;
  perSecond: number;
  rttMs: Percentiles;
  serverCpuUsPerRoundTrip: number;
}

/** 2 nodes against 1 node at one concurrency. */
export interface Ratios {
  concurrency: number;
  throughput: number;
  approveToDataP50: number;
  wholeP50: number;
  hubCpuPerVerification: number;
  redisCpuPerVerification: number;
}

/** Everything the benchmark reports. */
export interface Report {
  date: string;
  machine: { cpu: string; cores: number; loadAverage: number; node: string; redis: string };
  options: Record<string, number>;
  /** `LIMIT_*` variables the hubs got beyond their defaults (one load generator, one IP). */
  raisedLimits: Record<string, string>;
  baseline: BaselineFigures[];
  configurations: ConfigResult[];
  ratios: Ratios[];
}

/** The figures of one echo phase. */
export function baselineFigures(echo: EchoResult): BaselineFigures {
  return {
    concurrency: echo.concurrency,
    roundTrips: echo.roundTrips,
    perSecond: echo.roundTrips / (echo.wallMs / 1000),
    rttMs: percentiles(echo.rtts),
    serverCpuUsPerRoundTrip: (echo.serverCpuMs * 1000) / echo.roundTrips,
  };
}

/** 2-node/1-node ratios for each concurrency both sizes ran. */
export function twoOverOne(configurations: ConfigResult[]): Ratios[] {
  const one = configurations.find((c) => c.nodes === 1);
  const two = configurations.find((c) => c.nodes === 2);
  if (!one || !two) return [];
  return one.runs.flatMap((a) => {
    const b = two.runs.find((r) => r.concurrency === a.concurrency);
    if (!b) return [];
    return [
      {
        concurrency: a.concurrency,
        throughput: b.perSecond / a.perSecond,
        approveToDataP50: b.approveToDataMs.p50 / a.approveToDataMs.p50,
        wholeP50: b.wholeMs.p50 / a.wholeMs.p50,
        hubCpuPerVerification: b.hubCpuMsPerVerification / a.hubCpuMsPerVerification,
        redisCpuPerVerification: b.redisCpuMsPerVerification / a.redisCpuMsPerVerification,
      },
    ];
  });
}

const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '—');
const times = (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : '—');
const triple = (p: Percentiles, digits = 1) =>
  `${fixed(p.p50, digits)} / ${fixed(p.p95, digits)} / ${fixed(p.p99, digits)}`;
const label = (r: RunFigures) =>
  `${r.nodes} node${r.nodes === 1 ? '' : 's'}, ${r.concurrency} in flight`;

/** The report as Markdown. */
export function renderMarkdown(report: Report): string {
  const { machine, options, baseline } = report;
  const runs = report.configurations.flatMap((c) => c.runs);
  const concurrencies = [...new Set(runs.map((r) => r.concurrency))];
  const ceiling = (r: RunFigures) =>
    (machine.cores * 1000) /
    (r.hubCpuMsPerVerification + r.redisCpuMsPerVerification + r.driverCpuMsPerVerification);

  const rows: string[][] = [];
  for (const concurrency of concurrencies) {
    for (const r of runs.filter((run) => run.concurrency === concurrency)) {
      const notes = `${r.failed ? ` (+${r.failed} failed)` : ''}${r.cappedByTime ? ' (time cap)' : ''}`;
      rows.push([
        label(r),
        `${r.completed}${notes}`,
        fixed(r.perSecond),
        triple(r.approveToDataMs),
        triple(r.wholeMs),
        fixed(r.hubCpuMsPerVerification, 2),
        fixed(r.redisCpuMsPerVerification, 2),
        fixed(r.driverCpuMsPerVerification, 2),
        fixed(ceiling(r), 0),
      ]);
    }
    const ratio = report.ratios.find((q) => q.concurrency === concurrency);
    if (ratio) {
      rows.push([
        `**2 nodes / 1 node**, ${concurrency} in flight`,
        '',
        times(ratio.throughput),
        `${times(ratio.approveToDataP50)} (p50)`,
        `${times(ratio.wholeP50)} (p50)`,
        times(ratio.hubCpuPerVerification),
        times(ratio.redisCpuPerVerification),
        '',
        '',
      ]);
    }
  }

  const echoAt = (concurrency: number) =>
    baseline.find((b) => b.concurrency === concurrency) ?? baseline[0];
  const relative = runs.map((r) => {
    const echo = echoAt(r.concurrency);
    if (!echo) return [label(r), '—', '—', '—'];
    return [
      label(r),
      fixed((r.hubCpuMsPerVerification * 1000) / echo.serverCpuUsPerRoundTrip, 0),
      times(r.approveToDataMs.p50 / echo.rttMs.p50),
      times(r.wholeMs.p50 / echo.rttMs.p50),
    ];
  });

  const notes = [
    '- Driver (this process), hubs and Redis share the machine: the driver competes with the hubs',
    '  for the cores, so read the ratios rather than the absolute rates. "CPU ceiling" is',
    '  cores × 1000 / (hub + Redis + driver CPU ms per verification): the rate at which this',
    '  machine would run out of CPU whatever the number of nodes.',
    '- A verification: POST /v1/sessions, widget socket connect, pairing:join by code,',
    '  request:approve, session:data on the widget, widget socket closed. With 2 nodes the widget',
    '  and backend use one node and the phone the other, so every event crosses Redis.',
    '- CPU: utime+stime from /proc/<pid>/stat of each hub process (summed over nodes) and of',
    '  redis-server over the measured run, per completed verification (10 ms clock ticks).',
    '- Echo ratios compare runs with echo phases of the same concurrency.',
    `- Limits stay on; raised for one load generator (one IP, one API key): ${
      Object.entries(report.raisedLimits)
        .map(([name, value]) => `${name}=${value}`)
        .join(', ') || 'none'
    }.`,
  ];
  for (const c of report.configurations) {
    for (const r of c.runs) {
      if (r.errors.length > 0) notes.push(`- ${label(r)}: failures, e.g. ${r.errors.join('; ')}`);
    }
    if (c.hubLogLines.length > 0) {
      notes.push(
        `- ${c.nodes} node(s): the hubs logged ${c.hubLogLines.length} warning/error line(s), first: ` +
          c.hubLogLines[0]!.slice(0, 300),
      );
    }
  }

  return [
    `## mDok Hub cluster benchmark — ${report.date}`,
    '',
    `Machine: ${machine.cpu}, ${machine.cores} cores (1-min load average at start ${machine.loadAverage.toFixed(2)}); Node ${machine.node}; redis-server ${machine.redis}; loopback only.`,
    `F1 verifications: ${options['count']} measured after ${options['warmup']} warm-up at ${options['concurrency']} in flight` +
      (options['latencyCount'] ? `, then ${options['latencyCount']} one at a time` : '') +
      '; hubs are child processes at LOG_LEVEL=warn sharing one redis-server.',
    '',
    markdownTable(
      [
        'configuration',
        'verifications',
        'per s',
        'approve→data p50 / p95 / p99 ms',
        'whole verification p50 / p95 / p99 ms',
        'hub CPU ms/verif.',
        'Redis CPU ms/verif.',
        'driver CPU ms/verif.',
        'CPU ceiling /s',
      ],
      rows,
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
    '',
    'Baseline: bare Socket.IO echo server (child process, websocket transport), in the same run:',
    '',
    markdownTable(
      ['sockets', 'round trips', 'per s', 'RTT p50 / p95 / p99 ms', 'server CPU µs/round trip'],
      baseline.map((b) => [
        String(b.concurrency),
        String(b.roundTrips),
        fixed(b.perSecond, 0),
        triple(b.rttMs, 2),
        fixed(b.serverCpuUsPerRoundTrip, 1),
      ]),
      ['r', 'r', 'r', 'r', 'r'],
    ),
    '',
    markdownTable(
      [
        'against the echo baseline',
        'hub CPU per verification, in echo round trips',
        'approve→data p50 / echo RTT p50',
        'whole verification p50 / echo RTT p50',
      ],
      relative,
      ['l', 'r', 'r', 'r'],
    ),
    '',
    ...notes,
    '',
  ].join('\n');
}
