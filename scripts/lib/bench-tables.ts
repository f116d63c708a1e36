/**
 * The closed- and open-model tables of `npm run bench`'s report: every figure of the hub beside
 * the baseline's, with the hub/baseline ratio.
 */
import {
  stepNames,
  type BenchReport,
  type ServerFigures,
  type StepPercentiles,
} from './bench-figures.js';
import { fixed, grouped, markdownTable, times, triple } from './markdown.js';

const stepLabel: Record<keyof StepPercentiles, string> = {
  create: 'create (POST /v1/sessions)',
  widgetConnect: 'widget connect',
  join: 'join ack',
  approveToData: 'approve → data',
  whole: 'whole verification',
};

/** The closed model of both servers, side by side with their ratios. */
export function closedTable(
  hub: ServerFigures,
  baseline: ServerFigures,
  report: BenchReport,
): string {
  const h = hub.closed;
  const b = baseline.closed;
  const rows: string[][] = [
    ['verifications (failed)', `${h.completed} (${h.failed})`, `${b.completed} (${b.failed})`, ''],
    ['verifications/s', fixed(h.perSecond), fixed(b.perSecond), times(report.ratios.throughput)],
  ];
  for (const step of stepNames) {
    rows.push([
      `${stepLabel[step]} p50 / p95 / p99, ms`,
      triple(h.steps[step]),
      triple(b.steps[step]),
      times(report.ratios.stepP50[step]) + ' (p50)',
    ]);
  }
  rows.push(
    [
      '**server CPU per verification, ms**',
      fixed(h.serverCpuMsPerVerification, 2),
      fixed(b.serverCpuMsPerVerification, 2),
      times(report.ratios.serverCpuPerVerification),
    ],
    [
      '… of it on the main thread (event loop), ms',
      fixed(h.serverMainThreadCpuMsPerVerification, 2),
      fixed(b.serverMainThreadCpuMsPerVerification, 2),
      times(h.serverMainThreadCpuMsPerVerification / b.serverMainThreadCpuMsPerVerification),
    ],
    [
      'other processes on the machine meanwhile, cores',
      fixed(h.otherCores, 2),
      fixed(b.otherCores, 2),
      '',
    ],
    [
      'driver CPU per verification, ms',
      fixed(h.driverCpuMsPerVerification, 2),
      fixed(b.driverCpuMsPerVerification, 2),
      times(h.driverCpuMsPerVerification / b.driverCpuMsPerVerification),
    ],
  );
  for (const channel of ['http', 'widget', 'phone'] as const) {
    const name = { http: 'backend HTTP', widget: 'widget socket', phone: 'phone socket' }[channel];
    const pair = (f: ServerFigures) =>
      `${grouped(f.closed.bytes[channel].sent)} / ${grouped(f.closed.bytes[channel].received)}`;
    const total = (f: ServerFigures) =>
      f.closed.bytes[channel].sent + f.closed.bytes[channel].received;
    rows.push([
      `bytes per verification, ${name}: to / from server`,
      pair(hub),
      pair(baseline),
      times(total(hub) / total(baseline)),
    ]);
  }
  rows.push(
    [
      '**bytes on the wire per verification**',
      grouped(h.bytesPerVerification),
      grouped(b.bytesPerVerification),
      times(report.ratios.bytesPerVerification),
    ],
    [
      'server log output per verification: bytes (lines)',
      `${grouped(h.logBytesPerVerification)} (${fixed(h.logLinesPerVerification)})`,
      `${grouped(b.logBytesPerVerification)} (${fixed(b.logLinesPerVerification)})`,
      '',
    ],
  );
  return markdownTable(['closed model', 'hub', 'baseline', 'hub/baseline'], rows, [
    'l',
    'r',
    'r',
    'r',
  ]);
}

/** The open model of both servers, side by side. */
export function openTable(
  hub: ServerFigures,
  baseline: ServerFigures,
  report: BenchReport,
): string {
  const counts = (f: ServerFigures) =>
    `${f.open.started} / ${f.open.completed} / ${f.open.failed} / ${f.open.dropped}`;
  return markdownTable(
    ['open model', 'hub', 'baseline', 'hub/baseline'],
    [
      ['started / completed / failed / dropped', counts(hub), counts(baseline), ''],
      [
        '**approve → data p50 / p95 / p99, ms**',
        triple(hub.open.steps.approveToData, 2),
        triple(baseline.open.steps.approveToData, 2),
        times(report.ratios.openApproveToDataP99) + ' (p99)',
      ],
      [
        'whole verification p50 / p95 / p99, ms',
        triple(hub.open.steps.whole),
        triple(baseline.open.steps.whole),
        '',
      ],
      [
        'server CPU per verification, ms',
        fixed(hub.open.serverCpuMsPerVerification, 2),
        fixed(baseline.open.serverCpuMsPerVerification, 2),
        times(hub.open.serverCpuMsPerVerification / baseline.open.serverCpuMsPerVerification),
      ],
      [
        'driver CPU per verification, ms',
        fixed(hub.open.driverCpuMsPerVerification, 2),
        fixed(baseline.open.driverCpuMsPerVerification, 2),
        '',
      ],
      [
        'other processes on the machine meanwhile, cores',
        fixed(hub.open.otherCores, 2),
        fixed(baseline.open.otherCores, 2),
        '',
      ],
    ],
    ['l', 'r', 'r', 'r'],
  );
}
