/**
 * The words `npm run audit:verify` and `npm run records:migrate` use for a broken chain (H2):
 * each kind of break named at its event — a missing event, a cut-off tail, a `prevHash` that does
 * not point at its predecessor, fields changed after writing, a chain rewritten up to its head.
 * The chain lives in a MongoDB store over the scripted driver double (not a server), which lets
 * the test tamper with stored events as someone with database access could.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  auditHash,
  createMongoRecordStore,
  ensureMongoRecordSchema,
} from '../../../adapters/records/index.js';
import type { RecordStore } from '../../../adapters/records/index.js';
import { explainAuditBreak } from '../../../scripts/lib/audit-break.js';
import { createScriptedMongoDouble } from '../../helpers/scripted-mongo-double.js';
import type { ScriptedMongoDouble } from '../../helpers/scripted-mongo-double.js';

async function chain(n: number): Promise<{ double: ScriptedMongoDouble; store: RecordStore }> {
  const double = createScriptedMongoDouble();
  await ensureMongoRecordSchema(double.db);
  const store = createMongoRecordStore({ db: double.db });
  for (let i = 0; i < n; i++) {
    await store.audit.append({
      at: '2025-01-01T10:00:00.000Z',
      sessionId: randomUUID(),
      verifierId: 'v',
      verifierName: 'Urząd',
      verifierKind: 'public_office',
      flow: 'code',
      claims: [],
      outcome: 'delivered',
      node: 'n',
    });
  }
  return { double, store };
}

async function explained(store: RecordStore): Promise<string> {
  return explainAuditBreak(store.audit, await store.audit.verify());
}

describe('audit break explanations', () => {
  it('[H2] an intact chain needs no words', async () => {
    const { store } = await chain(3);
    expect(await explained(store)).toBe('');
  });

  it('[H2] a missing event and a cut-off tail', async () => {
    const { double, store } = await chain(5);
    double.remove('audit_events', 5);
    expect(await explained(store)).toMatch(/^event 5 is missing: the log ends at event 4/);
    double.remove('audit_events', 2);
    expect(await explained(store)).toMatch(/^event 2 is missing: the chain goes .* to event 3$/);
  });

  it('[H2] a changed event, and a prevHash that points elsewhere', async () => {
    const { double, store } = await chain(4);
    double.tamper('audit_events', 3, (doc) => (doc.outcome = 'rejected'));
    expect(await explained(store)).toMatch(/^event 3 was changed after it was written/);
    // Consistent in itself (hash recomputed) but no longer chained to event 2.
    double.tamper('audit_events', 3, (doc) => {
      doc.prevHash = 'f'.repeat(64);
      doc.hash = auditHash(
        doc.prevHash as string,
        { ...doc, at: '2025-01-01T10:00:00.000Z' } as never,
      );
    });
    expect(await explained(store)).toMatch(/^event 3 does not point at event 2/);
  });

  it('[H2] a chain rewritten up to its head', async () => {
    const { double, store } = await chain(2);
    const [first, second] = await store.audit.range();
    const outcome = 'rejected';
    const hash1 = auditHash(first!.prevHash, { ...first!, outcome });
    const hash2 = auditHash(hash1, second!);
    double.tamper('audit_events', 1, (doc) => Object.assign(doc, { outcome, hash: hash1 }));
    double.tamper('audit_events', 2, (doc) => Object.assign(doc, { prevHash: hash1, hash: hash2 }));
    expect(await store.audit.verify()).toEqual({ ok: false, count: 2, brokenAt: 2 });
    expect(await explained(store)).toMatch(/^event 2 is not the event the chain's head recorded/);
  });
});
