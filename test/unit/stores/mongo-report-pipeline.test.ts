/**
 * The operator report's aggregation, proven without a server: the exact pipeline (one `$match`
 * on the time index, counts per day/verifier/outcome and flow/outcome in a `$facet`, F4 citizens
 * grouped under null with no name inside the database), its answer read into counts, and those
 * counts folding into the same report the in-code tally gives for the same events. Whether
 * MongoDB computes those counts is the contract suite's report test, against a real server.
 */
import { describe, expect, it } from 'vitest';
import {
  computeVerificationReport,
  foldReport,
  reportDay,
} from '../../../adapters/records/index.js';
import type { AuditEvent } from '../../../adapters/records/index.js';
import {
  reportCountsOf,
  verificationReportPipeline,
} from '../../../adapters/records/mongo/mongo-report-pipeline.js';
import { VerificationReport } from '../../../contracts/index.js';

const range = { from: '2025-03-29T00:00:00+01:00', to: '2025-03-31T00:00:00.000Z' };

function event(seq: number, overrides: Partial<AuditEvent>): AuditEvent {
  return {
    seq,
    prevHash: '',
    hash: '',
    at: '2025-03-30T10:00:00.000Z',
    sessionId: `s${seq}`,
    verifierId: 'v-1',
    verifierName: 'Urząd',
    verifierKind: 'public_office',
    flow: 'code',
    citizenRef: 'ref',
    claims: [],
    outcome: 'delivered',
    node: 'n',
    ...overrides,
  };
}

describe('MongoDB report pipeline', () => {
  it('[H1] is exactly one time-index match and two counting facets', () => {
    const isCitizen = { $eq: ['$verifierKind', 'citizen'] };
    expect(verificationReportPipeline(range)).toEqual([
      {
        $match: {
          at: {
            $gte: new Date('2025-03-28T23:00:00.000Z'),
            $lt: new Date('2025-03-31T00:00:00.000Z'),
          },
        },
      },
      {
        $facet: {
          verifierDays: [
            {
              $group: {
                _id: {
                  day: {
                    $dateToString: { format: '%Y-%m-%d', date: '$at', timezone: 'Europe/Warsaw' },
                  },
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
    ]);
    expect(verificationReportPipeline({ ...range, timeZone: 'UTC' })).toMatchObject([
      {},
      {
        $facet: {
          verifierDays: [{ $group: { _id: { day: { $dateToString: { timezone: 'UTC' } } } } }],
        },
      },
    ]);
  });

  it('[H1] its answer folds into the report the in-code tally gives for the same events', () => {
    const events = [
      event(1, { at: '2025-03-29T22:30:00.000Z' }),
      event(2, { outcome: 'rejected', verifierName: 'Urząd Miasta' }),
      event(3, { verifierId: 'c:1', verifierName: 'Jan K', verifierKind: 'citizen', flow: 'peer' }),
    ];
    // What MongoDB answers for those events (one document, both facets; `_id`s as grouped).
    const answer = [
      {
        verifierDays: [
          {
            _id: { day: '2025-03-29', verifierId: 'v-1', outcome: 'delivered' },
            count: 1,
            latest: { seq: 1, verifierName: 'Urząd', verifierKind: 'public_office' },
          },
          {
            _id: { day: '2025-03-30', verifierId: 'v-1', outcome: 'rejected' },
            count: 1,
            latest: { seq: 2, verifierName: 'Urząd Miasta', verifierKind: 'public_office' },
          },
          {
            _id: { day: '2025-03-30', verifierId: null, outcome: 'delivered' },
            count: 1,
            latest: { seq: 3, verifierName: null, verifierKind: 'citizen' },
          },
        ],
        flows: [
          { _id: { flow: 'peer', outcome: 'delivered' }, count: 1 },
          { _id: { flow: 'code', outcome: 'rejected' }, count: 1 },
          { _id: { flow: 'code', outcome: 'delivered' }, count: 1 },
        ],
      },
    ];
    const report = foldReport(range, reportCountsOf(answer));
    expect(report).toEqual(computeVerificationReport(events, range));
    expect(VerificationReport.parse(report)).toEqual(report);
    expect(report.byVerifierDay.map((row) => [row.day, row.verifierId])).toEqual([
      ['2025-03-29', 'v-1'],
      ['2025-03-30', 'v-1'],
      ['2025-03-30', null],
    ]);
    expect(foldReport(range, reportCountsOf([]))).toMatchObject({ total: 0, byFlow: [] });
  });

  it('[H1] an answer of another shape is an error, not a wrong report', () => {
    expect(() => reportCountsOf([{ verifierDays: 'x', flows: [] }])).toThrow(/unexpected/);
    expect(() =>
      reportCountsOf([{ verifierDays: [{ _id: { day: 1 }, count: 1 }], flows: [] }]),
    ).toThrow(/unexpected day/);
    expect(() =>
      reportCountsOf([
        { verifierDays: [], flows: [{ _id: { flow: 'code', outcome: 'x' }, count: -1 }] },
      ]),
    ).toThrow(/unexpected count/);
  });

  it('[H1] days are Warsaw calendar days across both clock changes', () => {
    const tz = 'Europe/Warsaw';
    expect(reportDay(Date.parse('2025-03-29T22:59:59.999Z'), tz)).toBe('2025-03-29');
    expect(reportDay(Date.parse('2025-03-29T23:00:00.000Z'), tz)).toBe('2025-03-30');
    expect(reportDay(Date.parse('2025-10-25T21:59:59.999Z'), tz)).toBe('2025-10-25');
    expect(reportDay(Date.parse('2025-10-25T22:00:00.000Z'), tz)).toBe('2025-10-26');
    expect(reportDay(Date.parse('2025-10-25T22:00:00.000Z'), 'UTC')).toBe('2025-10-25');
  });
});
