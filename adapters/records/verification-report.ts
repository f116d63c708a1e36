/**
 * The operator's verification report (contracts/reports.ts) as pure functions shared by every
 * record store, so that memory, Redis and MongoDB answer the same report for the same events.
 * A store produces *counts* — sessions per (day, verifier, outcome) and per (flow, outcome) —
 * either by tallying events in code (memory, Redis: {@link createReportTally}) or by an
 * aggregation in the database (MongoDB); {@link foldReport} turns counts into the report. Days
 * are calendar days in the report's time zone (Europe/Warsaw by default: the service's users
 * count days in Polish time). Citizens verifying citizens (F4) are counted as one group, without
 * their ids or names, so the report holds no personal data.
 */
import { flows } from '../../contracts/index.js';
import type {
  Flow,
  FlowRow,
  RequesterKind,
  VerificationReport,
  VerifierDayRow,
} from '../../contracts/index.js';
import type { AuditEvent, ReportRange } from './record-store.js';

/** The time zone days are counted in when none is given. */
export const DEFAULT_REPORT_TIME_ZONE = 'Europe/Warsaw';

/** Sessions of one verifier on one day that ended one way. */
export interface VerifierDayCount {
  day: string;
  /** Null for citizens (F4). */
  verifierId: string | null;
  outcome: string;
  count: number;
  /** The newest event counted here: its seq, and the verifier's name and kind on it. */
  latest: { seq: number; verifierName: string | null; verifierKind: RequesterKind };
}

/** Sessions of one flow that ended one way. */
export interface FlowCount {
  flow: Flow;
  outcome: string;
  count: number;
}

/** The counts a report is folded from. */
export interface ReportCounts {
  verifierDays: VerifierDayCount[];
  flows: FlowCount[];
}

/** The bounds of a range as epoch ms, and its time zone; throws on an unreadable time. */
export function reportBounds(range: ReportRange): { from: number; to: number; timeZone: string } {
  const from = Date.parse(range.from);
  const to = Date.parse(range.to);
  if (Number.isNaN(from) || Number.isNaN(to)) throw new Error('report range: unreadable time');
  return { from, to, timeZone: range.timeZone ?? DEFAULT_REPORT_TIME_ZONE };
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (`YYYY-MM-DD`) of an instant in `timeZone`. */
export function reportDay(epochMs: number, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(epochMs).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** Counts events in code (stores without an aggregation engine); add them in any order. */
export function createReportTally(range: ReportRange): {
  add(event: AuditEvent): void;
  counts(): ReportCounts;
} {
  const bounds = reportBounds(range);
  const verifierDays = new Map<string, VerifierDayCount>();
  const flowCounts = new Map<string, FlowCount>();
  return {
    add(event) {
      const at = Date.parse(event.at);
      if (!(at >= bounds.from && at < bounds.to)) return;
      const citizen = event.verifierKind === 'citizen';
      const day = reportDay(at, bounds.timeZone);
      const verifierId = citizen ? null : event.verifierId;
      const key = JSON.stringify([day, verifierId, event.outcome]);
      const row = verifierDays.get(key);
      const latest = {
        seq: event.seq,
        verifierName: citizen ? null : event.verifierName,
        verifierKind: event.verifierKind,
      };
      if (row === undefined) {
        verifierDays.set(key, { day, verifierId, outcome: event.outcome, count: 1, latest });
      } else {
        row.count++;
        if (event.seq > row.latest.seq) row.latest = latest;
      }
      const flowKey = JSON.stringify([event.flow, event.outcome]);
      const flowRow = flowCounts.get(flowKey);
      if (flowRow === undefined) {
        flowCounts.set(flowKey, { flow: event.flow, outcome: event.outcome, count: 1 });
      } else {
        flowRow.count++;
      }
    },
    counts() {
      return { verifierDays: [...verifierDays.values()], flows: [...flowCounts.values()] };
    },
  };
}

function compareKeys(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/** The report from counts: rows merged per (day, verifier) and per flow, in a stable order. */
export function foldReport(range: ReportRange, counts: ReportCounts): VerificationReport {
  const bounds = reportBounds(range);
  const rows = new Map<string, VerifierDayRow & { latestSeq: number }>();
  let total = 0;
  for (const count of counts.verifierDays) {
    total += count.count;
    const key = JSON.stringify([count.day, count.verifierId]);
    let row = rows.get(key);
    if (row === undefined) {
      row = {
        day: count.day,
        verifierId: count.verifierId,
        verifierName: count.latest.verifierName,
        verifierKind: count.latest.verifierKind,
        total: 0,
        outcomes: {},
        latestSeq: count.latest.seq,
      };
      rows.set(key, row);
    }
    row.total += count.count;
    row.outcomes[count.outcome] = (row.outcomes[count.outcome] ?? 0) + count.count;
    if (count.latest.seq > row.latestSeq) {
      row.latestSeq = count.latest.seq;
      row.verifierName = count.latest.verifierName;
      row.verifierKind = count.latest.verifierKind;
    }
  }
  const byFlow = new Map<Flow, FlowRow>();
  for (const count of counts.flows) {
    const row = byFlow.get(count.flow) ?? { flow: count.flow, total: 0, outcomes: {} };
    row.total += count.count;
    row.outcomes[count.outcome] = (row.outcomes[count.outcome] ?? 0) + count.count;
    byFlow.set(count.flow, row);
  }
  return {
    from: new Date(bounds.from).toISOString(),
    to: new Date(bounds.to).toISOString(),
    timeZone: bounds.timeZone,
    total,
    byVerifierDay: [...rows.values()]
      .sort((a, b) => compareKeys(a.day, b.day) || compareKeys(a.verifierId, b.verifierId))
      .map(({ latestSeq: _latestSeq, ...row }) => ({ ...row, outcomes: sortedKeys(row.outcomes) })),
    byFlow: flows
      .map((flow) => byFlow.get(flow))
      .filter((row) => row !== undefined)
      .map((row) => ({ ...row, outcomes: sortedKeys(row.outcomes) })),
  };
}

function sortedKeys(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareKeys(a, b)));
}

/** The report over events held in memory (any order). */
export function computeVerificationReport(
  events: Iterable<AuditEvent>,
  range: ReportRange,
): VerificationReport {
  const tally = createReportTally(range);
  for (const event of events) tally.add(event);
  return foldReport(range, tally.counts());
}
