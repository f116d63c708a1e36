/**
 * The MongoDB audit log's own logic (H1–H3), driven through the scripted driver double
 * (test/helpers/scripted-mongo-double.ts — a double of the driver calls, not a MongoDB server):
 * the sequence allocated by the `_id` index when other nodes win races at scripted moments,
 * three store instances appending at once, an answer lost after the write landed, an outage and
 * the recovery after it, and `verify()` finding each kind of break. Whether a real MongoDB
 * behaves as the double does is what the contract suite checks when `MONGODB_URL` is set.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  GENESIS_HASH,
  auditHash,
  createMongoRecordStore,
  ensureMongoRecordSchema,
  verifyAuditChain,
} from '../../../adapters/records/index.js';
import type { AuditEventInput, RecordStore } from '../../../adapters/records/index.js';
import { createScriptedMongoDouble } from '../../helpers/scripted-mongo-double.js';
import type { ScriptedMongoDouble } from '../../helpers/scripted-mongo-double.js';

function auditInput(overrides: Partial<AuditEventInput> = {}): AuditEventInput {
  return {
    at: '2025-01-01T10:00:00.000Z',
    sessionId: randomUUID(),
    verifierId: 'v-1',
    verifierName: 'Urząd Miasta',
    verifierKind: 'public_office',
    flow: 'code',
    citizenRef: 'citizen-a',
    claims: ['id_card.given_names'],
    outcome: 'delivered',
    node: 'node-1',
    ...overrides,
  };
}

/** `n` store instances (hub nodes) over one double, its schema set up as at a hub's start. */
async function nodes(double: ScriptedMongoDouble, n: number): Promise<RecordStore[]> {
  await ensureMongoRecordSchema(double.db);
  double.calls.length = 0;
  return Array.from({ length: n }, () => createMongoRecordStore({ db: double.db }));
}

const seqs = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('MongoDB audit log (against the scripted driver double, not a server)', () => {
  it('[H2] appends number from 1, chain each event and key it by its seq', async () => {
    const double = createScriptedMongoDouble();
    const [store] = await nodes(double, 1);
    const first = await store!.audit.append(auditInput());
    const second = await store!.audit.append(auditInput());
    expect(first.seq).toBe(1);
    expect(first.prevHash).toBe(GENESIS_HASH);
    expect(second.prevHash).toBe(first.hash);
    expect(second.hash).toBe(auditHash(first.hash, second));
    expect(double.documents('audit_events').map((d) => d._id)).toEqual([1, 2]);
    expect(double.documents('audit_head')).toEqual([{ _id: 'head', seq: 2, hash: second.hash }]);
    // An uncontended append reuses its tip: one insert and one head update, no read.
    double.calls.length = 0;
    await store!.audit.append(auditInput());
    expect(double.calls.map((c) => `${c.collection}.${c.op}`)).toEqual([
      'audit_events.insertOne',
      'audit_head.updateOne',
    ]);
  });

  it('[H2][X1] a node that loses the race for a seq chains onto the winner', async () => {
    const double = createScriptedMongoDouble();
    const [a, b] = await nodes(double, 2);
    await a!.audit.append(auditInput()); // a's tip: seq 1
    await b!.audit.append(auditInput()); // b writes seq 2 behind a's back
    let interleaved = false;
    double.hook = async (call) => {
      // Just before a writes seq 3 (its stale tip says 2), b writes seq 3 first.
      if (call.op === 'insertOne' && call.collection === 'audit_events' && !interleaved) {
        interleaved = true;
        await b!.audit.append(auditInput({ node: 'node-b' }));
      }
    };
    const appended = await a!.audit.append(auditInput({ node: 'node-a' }));
    expect(appended.seq).toBe(4);
    const stored = double.documents('audit_events');
    expect(stored.map((d) => [d._id, d.node])).toEqual([
      [1, 'node-1'],
      [2, 'node-1'],
      [3, 'node-b'],
      [4, 'node-a'],
    ]);
    expect(await a!.audit.verify()).toEqual({ ok: true, count: 4 });
  });

  it('[H2][X1] three nodes appending 15 events each at once: one chain 1..45', async () => {
    const double = createScriptedMongoDouble();
    const stores = await nodes(double, 3);
    // Every operation yields, so the three nodes' appends interleave at every step.
    double.hook = () => new Promise((resolve) => setImmediate(resolve));
    const appended = await Promise.all(
      seqs(45).map((i) => stores[i % 3]!.audit.append(auditInput({ node: `node-${i % 3}` }))),
    );
    expect(appended.map((e) => e.seq).sort((x, y) => x - y)).toEqual(seqs(45));
    expect(
      double
        .documents('audit_events')
        .map((d) => d._id)
        .sort((x, y) => Number(x) - Number(y)),
    ).toEqual(seqs(45));
    for (const store of stores) expect(await store.audit.verify()).toEqual({ ok: true, count: 45 });
    const lost = double.calls.filter((c) => c.op === 'insertOne').length - 45;
    expect(lost).toBeGreaterThan(0); // the races did happen and were lost and retried
  });

  it('[H1] an answer lost after the write landed: the retry returns that event, not a second', async () => {
    const double = createScriptedMongoDouble();
    const [store] = await nodes(double, 1);
    await store!.audit.append(auditInput());
    const input = auditInput();
    double.after = (call) => {
      if (call.op === 'insertOne') {
        double.after = undefined;
        throw Object.assign(new Error('connection reset'), { name: 'MongoNetworkError' });
      }
    };
    await expect(store!.audit.append(input)).rejects.toThrow(/connection reset/);
    const retried = await store!.audit.append(input);
    expect(retried.seq).toBe(2);
    expect(double.documents('audit_events')).toHaveLength(2);
    expect(await store!.audit.verify()).toEqual({ ok: true, count: 2 });
    // The same session with another outcome is a second event for one session: refused (H1).
    await expect(store!.audit.append({ ...input, outcome: 'failed' })).rejects.toThrow(
      /exists already/,
    );
    expect(double.documents('audit_events')).toHaveLength(2);
  });

  it('[X1] an outage rejects every call; afterwards the chain goes on where it stopped', async () => {
    const double = createScriptedMongoDouble();
    const [store] = await nodes(double, 1);
    await store!.audit.append(auditInput());
    double.down = true;
    await expect(store!.audit.append(auditInput())).rejects.toThrow(/outage/);
    await expect(store!.audit.list()).rejects.toThrow(/outage/);
    await expect(store!.verifiers.get('v')).rejects.toThrow(/outage/);
    double.down = false;
    expect((await store!.audit.append(auditInput())).seq).toBe(2);
    expect(await store!.audit.verify()).toEqual({ ok: true, count: 2 });
  });

  it('[H2] verify() finds an altered, an unreadable, a missing and a cut-off event', async () => {
    const double = createScriptedMongoDouble();
    const [store] = await nodes(double, 1);
    for (let i = 0; i < 6; i++) await store!.audit.append(auditInput());
    double.tamper('audit_events', 3, (doc) => (doc.outcome = 'rejected'));
    expect(await store!.audit.verify()).toEqual({ ok: false, count: 3, brokenAt: 3 });
    double.tamper('audit_events', 3, (doc) => (doc.outcome = 'delivered'));
    double.tamper('audit_events', 4, (doc) => (doc.at = 'not a date'));
    expect(await store!.audit.verify()).toEqual({ ok: false, count: 4, brokenAt: 4 });
    double.tamper('audit_events', 4, (doc) => (doc.at = new Date('2025-01-01T10:00:00.000Z')));
    expect(await store!.audit.verify()).toEqual({ ok: true, count: 6 });
    // The newest event deleted breaks no hash: the head still names seq 6.
    double.remove('audit_events', 6);
    expect(await store!.audit.verify()).toEqual({ ok: false, count: 5, brokenAt: 6 });
    double.remove('audit_events', 2);
    expect(await store!.audit.verify()).toEqual({ ok: false, count: 2, brokenAt: 3 });
  });

  it('[H2] a chain rewritten after an edit (every later hash recomputed) fails at the head', async () => {
    const double = createScriptedMongoDouble();
    const [store] = await nodes(double, 1);
    for (let i = 0; i < 4; i++) await store!.audit.append(auditInput());
    const events = await store!.audit.range();
    let prevHash = GENESIS_HASH;
    for (const event of events) {
      if (event.seq === 2) event.outcome = 'rejected';
      event.prevHash = prevHash;
      event.hash = auditHash(prevHash, event);
      prevHash = event.hash;
      double.tamper('audit_events', event.seq, (doc) => {
        doc.outcome = event.outcome;
        doc.prevHash = event.prevHash;
        doc.hash = event.hash;
      });
    }
    expect(verifyAuditChain(await store!.audit.range())).toEqual({ ok: true, count: 4 });
    expect(await store!.audit.verify()).toEqual({ ok: false, count: 4, brokenAt: 4 });
  });

  it('[H3] history is one query on (citizenRef, _id desc), paged by seq', async () => {
    const double = createScriptedMongoDouble();
    const [store] = await nodes(double, 1);
    for (const ref of ['a', 'b', 'a', 'a']) {
      await store!.audit.append(auditInput({ citizenRef: `citizen-${ref}` }));
    }
    double.calls.length = 0;
    const page = await store!.audit.list({ citizenRef: 'citizen-a', limit: 2, before: 4 });
    expect(page.map((e) => e.seq)).toEqual([3, 1]);
    expect(double.calls).toEqual([
      {
        collection: 'audit_events',
        op: 'find',
        args: [{ citizenRef: 'citizen-a', _id: { $lt: 4 } }, undefined],
      },
    ]);
  });

  it('[D5] a PESEL as citizen reference or a non-canonical time is refused before any write', async () => {
    const double = createScriptedMongoDouble();
    const [store] = await nodes(double, 1);
    await expect(store!.audit.append(auditInput({ citizenRef: '44051401359' }))).rejects.toThrow(
      /keyed hash/,
    );
    await expect(store!.audit.append(auditInput({ at: '2025-01-01T10:00:00Z' }))).rejects.toThrow(
      /ISO time/,
    );
    expect(double.calls).toEqual([]);
  });

  it('[X1] a closed store rejects; the database is left alone', async () => {
    const double = createScriptedMongoDouble();
    const [store] = await nodes(double, 1);
    await store!.close();
    await expect(store!.audit.append(auditInput())).rejects.toThrow(/closed/);
    await expect(store!.citizens.getDevice('d')).rejects.toThrow(/closed/);
    expect(double.calls).toEqual([]);
  });
});
