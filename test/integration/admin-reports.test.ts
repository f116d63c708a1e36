/**
 * `GET /v1/admin/reports/verifications?from&to` over a real hub (A5, H1): counts per verifier
 * and Warsaw day and per flow for sessions that really ended, nothing personal in the answer,
 * the query validated in the V2 shape. Every record store computes the report alike; the
 * contract suite (test/contracts/record-store.contract.ts) holds each of them to it.
 */
import { describe, expect, it } from 'vitest';
import { VerificationReport } from '../../contracts/index.js';
import { admin, expectHttpError, idRequest, useHubs, verifyByPush } from '../helpers/fixtures.js';

const hubs = useHubs();
const path = '/reports/verifications';

describe('verification report', () => {
  it('[H1][A5] counts what ended, per verifier and day and per flow, and nothing personal', async () => {
    const t = await hubs.start();
    const citizen = await hubs.enrol(t, { index: 0 });
    const from = new Date(t.clock.now() - 60_000).toISOString();
    await verifyByPush(t, 'bank', citizen, idRequest());
    const cancelled = await t.createSession('office', { flow: 'code', request: idRequest() });
    await t.api('DELETE', `/v1/sessions/${cancelled.sessionId}`, {
      auth: t.verifiers.office.apiKey,
    });
    await t.createSession('office', { flow: 'code', request: idRequest() });
    const to = new Date(t.clock.now() + 60_000).toISOString();

    const answer = await admin<VerificationReport>(t, 'GET', `${path}?from=${from}&to=${to}`);
    expect(answer.status).toBe(200);
    const report = VerificationReport.parse(answer.body);
    expect(report.total).toBe(2);
    expect(report.timeZone).toBe('Europe/Warsaw');
    const rows = report.byVerifierDay.map(({ verifierId, total, outcomes }) => ({
      verifierId,
      total,
      outcomes,
    }));
    expect(rows).toEqual(
      expect.arrayContaining([
        { verifierId: t.verifiers.bank.verifier.id, total: 1, outcomes: { delivered: 1 } },
        { verifierId: t.verifiers.office.verifier.id, total: 1, outcomes: { cancelled: 1 } },
      ]),
    );
    expect(rows).toHaveLength(2);
    expect(report.byFlow).toEqual([
      { flow: 'code', total: 1, outcomes: { cancelled: 1 } },
      { flow: 'push', total: 1, outcomes: { delivered: 1 } },
    ]);
    const text = JSON.stringify(report);
    for (const personal of [citizen.pesel, citizen.phone, cancelled.sessionId]) {
      expect(text).not.toContain(personal);
    }
  });

  it('[V1][V2] from and to are required, ordered, at most 366 days apart, with an offset', async () => {
    const t = await hubs.start();
    const bad = [
      '',
      '?from=2025-01-01T00:00:00Z',
      '?from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z',
      '?from=2024-01-01T00:00:00Z&to=2025-01-02T00:00:01Z',
      '?from=2025-01-01&to=2025-02-01',
      '?from=2025-01-01T00:00:00Z&to=2025-02-01T00:00:00Z&verifier=v',
    ];
    for (const query of bad) {
      const answer = await admin(t, 'GET', `${path}${query}`);
      expectHttpError(answer, 400, 'invalid_request');
      expect(
        (answer.body as { error: { issues?: unknown[] } }).error.issues?.length,
      ).toBeGreaterThan(0);
    }
    const fine = await admin(
      t,
      'GET',
      `${path}?from=2025-01-01T00:00:00%2B01:00&to=2025-02-01T00:00:00Z`,
    );
    expect(fine.status).toBe(200);
  });

  it('[A5] needs the admin credential', async () => {
    const t = await hubs.start();
    const query = '?from=2025-01-01T00:00:00Z&to=2025-02-01T00:00:00Z';
    expectHttpError(await t.api('GET', `/v1/admin${path}${query}`), 401, 'unauthorized');
    expectHttpError(
      await t.api('GET', `/v1/admin${path}${query}`, { auth: t.verifiers.bank.apiKey }),
      401,
      'unauthorized',
    );
  });
});
