/**
 * The operator report as a MongoDB aggregation: one `$match` on the time index, then a `$facet`
 * that counts sessions per (day, verifier, outcome) and per (flow, outcome) in the database, so
 * only counts cross the network. Citizens verifying citizens (F4) are grouped under a null id
 * with a null name inside the pipeline, so no person's name leaves the database. The rows feed
 * the same `foldReport` as the other stores, which is what makes their reports equal. Needs
 * MongoDB ≥ 5.2 (`$top`).
 */
import type { Document } from 'mongodb';
import type { Flow, RequesterKind } from '../../../contracts/index.js';
import { reportBounds } from '../verification-report.js';
import type { ReportRange } from '../record-store.js';
import type { ReportCounts } from '../verification-report.js';

const isCitizen = { $eq: ['$verifierKind', 'citizen'] };

/** The pipeline over `audit_events` for `range`. */
export function verificationReportPipeline(range: ReportRange): Document[] {
  const { from, to, timeZone } = reportBounds(range);
  return [
    { $match: { at: { $gte: new Date(from), $lt: new Date(to) } } },
    {
      $facet: {
        verifierDays: [
          {
            $group: {
              _id: {
                day: { $dateToString: { format: '%Y-%m-%d', date: '$at', timezone: timeZone } },
                verifierId: { $cond: [isCitizen, null, '$verifierId'] },
                outcome: '$outcome',
              },
              count: { $sum: 1 },
              latest: {
                $top: {
                  sortBy: { _id: -1 },
                  output: {
                    seq: '$_id',
                    verifierName: { $cond: [isCitizen, null, '$verifierName'] },
                    verifierKind: '$verifierKind',
                  },
                },
              },
            },
          },
        ],
        flows: [{ $group: { _id: { flow: '$flow', outcome: '$outcome' }, count: { $sum: 1 } } }],
      },
    },
  ];
}

function fail(what: string): never {
  throw new Error(`report aggregation: unexpected ${what}`);
}

function text(value: unknown, what: string): string {
  return typeof value === 'string' ? value : fail(what);
}

function nullableText(value: unknown, what: string): string | null {
  return value === null || value === undefined ? null : text(value, what);
}

function count(value: unknown, what: string): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : fail(what);
}

/** The counts in the pipeline's answer (one document holding both facets). */
export function reportCountsOf(answer: Document[]): ReportCounts {
  const [facets] = answer;
  if (facets === undefined) return { verifierDays: [], flows: [] };
  const verifierDays = Array.isArray(facets.verifierDays) ? facets.verifierDays : fail('shape');
  const flowRows = Array.isArray(facets.flows) ? facets.flows : fail('shape');
  return {
    verifierDays: verifierDays.map((row: Document) => ({
      day: text(row._id?.day, 'day'),
      verifierId: nullableText(row._id?.verifierId, 'verifier id'),
      outcome: text(row._id?.outcome, 'outcome'),
      count: count(row.count, 'count'),
      latest: {
        seq: count(row.latest?.seq, 'seq'),
        verifierName: nullableText(row.latest?.verifierName, 'verifier name'),
        verifierKind: text(row.latest?.verifierKind, 'verifier kind') as RequesterKind,
      },
    })),
    flows: flowRows.map((row: Document) => ({
      flow: text(row._id?.flow, 'flow') as Flow,
      outcome: text(row._id?.outcome, 'outcome'),
      count: count(row.count, 'count'),
    })),
  };
}
