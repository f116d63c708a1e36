/**
 * `npm run bench`'s report as Markdown: the machine, what was raised, the targets with
 * the measured values, then the closed model, the open model and the idle sockets side by side
 * for the hub and the baseline with their ratios, the limits' cost and (with `--profile`) where
 * the hub's CPU went.
 */
import type { BenchReport } from './bench-figures.js';
import { closedTable, openTable } from './bench-tables.js';
import { profileMarkdown } from './cpu-profile.js';
import { idleMarkdown } from './idle-markdown.js';
import { fixed, grouped, markdownTable, times } from './markdown.js';

function targets(report: BenchReport): string {
  const { hub, ratios, limits } = report;
  const tenK = hub.idle?.steps.find((s) => s.sockets === 10_000) ?? hub.idle?.steps.at(-1);
  const row = (what: string, value: string, goal: string, met: boolean | undefined) => [
    what,
    value,
    goal,
    met === undefined ? '—' : met ? 'yes' : 'no',
  ];
  const cpu = ratios.serverCpuPerVerification;
  const p99 = hub.open.steps.approveToData.p99;
  return markdownTable(
    ['target', 'measured', 'goal', 'met'],
    [
      row(
        'hub CPU per verification ÷ baseline (closed model)',
        `${times(cpu)} (rounds: ${ratios.serverCpuPerVerificationByRound.map(times).join(', ')})`,
        '≤ 2.0× (1.5×)',
        cpu <= 2,
      ),
      row(
        `approve→data p99, hub, open model at ${fixed(hub.open.rate)}/s`,
        `${fixed(p99)} ms`,
        '≤ 10 ms',
        p99 <= 10,
      ),
      row(
        `RSS per idle citizen socket, hub, ${tenK ? grouped(tenK.sockets) : '—'} sockets`,
        tenK ? `${fixed(tenK.perSocketKiB)} KiB` : '—',
        '≤ 12 KiB at 10,000',
        tenK && tenK.sockets >= 10_000 ? tenK.perSocketKiB <= 12 : undefined,
      ),
      row(
        'limits per verification ÷ hub CPU per verification',
        `${fixed(limits.percentOfHubCpu, 2)} %`,
        '< 5 %',
        limits.percentOfHubCpu < 5,
      ),
    ],
    ['l', 'r', 'l', 'l'],
  );
}

/** What the figures are, in a few lines. */
function howMeasured(report: BenchReport): string[] {
  const { options } = report;
  return [
    'One driver (this process: socket.io-client, node:http) for both servers, sharing the ' +
      'machine with them. A verification: `POST /v1/sessions`, a new widget socket on ' +
      '`/verifier`, `pairing:join` by code and `request:approve` from one of ' +
      `${options['phones']} phones held connected on \`/citizen\`, \`session:data\` on the widget, ` +
      'widget closed.',
    'Server CPU: utime + stime of the server process (all threads) from /proc over the run and ' +
      `a pause of the display window (${options['displaySeconds']} s) + 1 s, in which the ` +
      'delivered sessions expire; per completed verification.',
    "Bytes: read from the counters of the driver's TCP sockets (HTTP headers and bodies, " +
      'WebSocket upgrades and frames, heartbeats), both directions, per completed verification.',
    'The hub runs as `npm start` does: in memory, dev mode, its default logging (LOG_LEVEL ' +
      'info, pretty lines), its output drained from a pipe.',
  ];
}

/** The limiter's share of the profile, as a cross-check of the in-process timing. */
function limiterInProfile(report: BenchReport): string {
  if (!report.profile) return '';
  const places = ['rate-limiter-flexible', 'hub/limits/limiter.ts'];
  const ms = report.profile.groups
    .filter((g) => places.includes(g.name))
    .reduce((sum, g) => sum + g.selfMs, 0);
  const percent = (ms / report.profile.busyMs) * 100;
  return ` In the hub's profile, ${places.join(' and ')} take ${fixed(percent, 2)} % of the busy time (self time only).`;
}

/** The report as Markdown. */
export function renderBenchMarkdown(report: BenchReport): string {
  const { machine, hub, baseline, raised, limits } = report;
  const env = (vars: Record<string, string>) =>
    Object.entries(vars)
      .map(([k, v]) => `\`${k}=${v}\``)
      .join(', ') || 'none';
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');
  return [
    '# `npm run bench`: F1 on the hub (as `npm start`) and on the minimal baseline hub',
    '',
    `${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${report.date}; load average ` +
      `(1 / 5 / 15 min) ${load(machine.loadAverage.start)} at the start, ${load(machine.loadAverage.end)} at the end.`,
    '',
    `Limits stay on. Raised for the load runs (one IP, one API key): ${env(raised.load)}. ` +
      `Raised for the idle sockets (and their enrolment): ${env(raised.idle)}.`,
    '',
    '## Targets (issue 10)',
    '',
    targets(report),
    '',
    `## Closed model: ${hub.closed.concurrency} verifications in flight, ` +
      `${report.options['rounds']} alternating rounds, ${fixed(hub.closed.seconds)} s on the hub`,
    '',
    closedTable(hub, baseline, report),
    '',
    `## Open model: ${fixed(hub.open.rate)} verifications/s (half the hub's capacity), ${hub.open.seconds} s`,
    '',
    openTable(hub, baseline, report),
    '',
    '## Idle citizen sockets',
    '',
    idleMarkdown(hub, baseline),
    '',
    "## The limits' cost",
    '',
    `limits: ${fixed(limits.cpuUsPerVerification)} µs per verification = ` +
      `${fixed(limits.percentOfHubCpu, 2)} % of hub CPU per verification (${limits.calls} limiter ` +
      `calls per verification, timed in-process on hub/limits/limiter.ts over ` +
      `${grouped(limits.verifications)} verifications; wall ${fixed(limits.wallUsPerVerification)} µs). ` +
      'The hub has no switch that disables its limiter, so this replaces a limits-off run.' +
      limiterInProfile(report),
    '',
    '## How',
    '',
    ...howMeasured(report).map((line) => `- ${line}`),
    '',
    ...(report.profile ? [profileMarkdown(report.profile), ''] : []),
    ...(report.notes.length > 0 ? ['## Notes', '', ...report.notes.map((n) => `- ${n}`), ''] : []),
  ].join('\n');
}
