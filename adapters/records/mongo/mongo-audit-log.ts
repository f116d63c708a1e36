/**
 * The audit log in MongoDB (PRODUCT H1–H3): one document per event with `_id` = its seq, so the
 * `_id` index itself allocates the sequence — two appenders that computed the same next seq
 * cannot both write it; the loser gets a duplicate-key error, reads the new tip and tries again.
 * That keeps one unbroken chain across any number of hub nodes, and a node that dies mid-append
 * leaves either a whole event or nothing (a counter allocated apart from the insert, e.g. `$inc`
 * on a head document, would leave a gap that no later append could fill). Within one process
 * appends are queued and the tip of the last one is reused, so an uncontended append is one
 * insert plus one head update.
 *
 * `audit_head` remembers the newest event ever appended (a filtered upsert that only moves it
 * forward), so `verify` also finds the newest events deleted, which leaves no broken hash. The
 * unique index on `sessionId` makes a retried append (after a lost answer) return the event
 * already written instead of a second one for the same session (H1).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DEFAULT_AUDIT_LIST_LIMIT,
  DEFAULT_AUDIT_RANGE_LIMIT,
  GENESIS_HASH,
  auditChainChecker,
  auditHash,
  auditInputOf,
  canonicalJson,
} from '../audit-chain.js';
import type { AuditEvent, AuditEventInput, AuditLog } from '../record-store.js';
import { foldReport } from '../verification-report.js';
import { AUDIT_HEAD_ID } from './mongo-collections.js';
import type { MongoRecordContext } from './mongo-context.js';
import {
  fromAuditEventDocument,
  toAuditEventDocument,
  toDate,
  toReference,
} from './mongo-documents.js';
import type { AuditEventDocument } from './mongo-documents.js';
import { duplicateKeyFields } from './mongo-errors.js';
import { reportCountsOf, verificationReportPipeline } from './mongo-report-pipeline.js';

/** Appends give up (rejecting) after this many lost races in a row. */
export const MAX_APPEND_ATTEMPTS = 100;

/** Upper bound of the random pause after a lost race, in ms (it grows with the attempts). */
const MAX_JITTER_MS = 20;

/** Events read per query while verifying or reporting. */
const PAGE = 1_000;

/** The newest event: seq 0 and the genesis hash when the log is empty. */
interface Tip {
  seq: number;
  hash: string;
}

/** A stored document as an event; an unreadable one becomes an event that cannot fit the chain. */
function readEvent(doc: AuditEventDocument): AuditEvent {
  try {
    return fromAuditEventDocument(doc);
  } catch {
    return { seq: Number(doc._id), prevHash: '', hash: '' } as AuditEvent;
  }
}

/** The audit log of a MongoDB record store. */
export function createMongoAuditLog(context: MongoRecordContext): AuditLog {
  const { auditEvents: events, auditHead: head } = context.collections;
  const { assertOpen } = context;
  let tip: Tip | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  async function readTip(): Promise<Tip> {
    const [newest] = await events
      .find({}, { projection: { _id: 1, hash: 1 } })
      .sort({ _id: -1 })
      .limit(1)
      .toArray();
    return newest === undefined
      ? { seq: 0, hash: GENESIS_HASH }
      : { seq: Number(newest._id), hash: newest.hash };
  }

  /** Moves the head forward to `event` (never back); a lost race to a newer head is fine. */
  async function advanceHead(event: AuditEvent): Promise<void> {
    try {
      await head.updateOne(
        { _id: AUDIT_HEAD_ID, seq: { $lt: event.seq } },
        { $set: { seq: event.seq, hash: event.hash } },
        { upsert: true },
      );
    } catch {
      // A duplicate key means the upsert met a head that is already newer: nothing to do. Any
      // other failure is swallowed too: the event is written, and a head that lags guards less.
    }
  }

  /** The event already written for this session, if it is this very event (a retried append). */
  async function sameSessionEvent(input: AuditEventInput): Promise<AuditEvent> {
    const existing = await events.findOne({ sessionId: input.sessionId });
    if (existing !== null) {
      const event = fromAuditEventDocument(existing);
      if (canonicalJson(auditInputOf(event)) === canonicalJson(input)) return event;
    }
    throw new Error(`an audit event for session ${input.sessionId} exists already`);
  }

  async function appendNow(input: AuditEventInput): Promise<AuditEvent> {
    let current = tip ?? (await readTip());
    for (let attempt = 1; ; attempt++) {
      assertOpen();
      const event: AuditEvent = {
        ...input,
        seq: current.seq + 1,
        prevHash: current.hash,
        hash: auditHash(current.hash, input),
      };
      try {
        await events.insertOne(toAuditEventDocument(event));
      } catch (error) {
        tip = undefined;
        const fields = duplicateKeyFields(error);
        if (fields?.includes('sessionId')) return await sameSessionEvent(input);
        if (!fields?.includes('_id')) throw error;
        // Another node wrote this seq first: chain onto its event instead.
        if (attempt >= MAX_APPEND_ATTEMPTS) {
          throw new Error(`audit append lost ${attempt} races in a row; giving up`, {
            cause: error,
          });
        }
        await sleep(Math.random() * Math.min(MAX_JITTER_MS, attempt));
        current = await readTip();
        continue;
      }
      tip = { seq: event.seq, hash: event.hash };
      await advanceHead(event);
      return event;
    }
  }

  return {
    async append(input) {
      assertOpen();
      // Copy now (the caller may change its object while the append waits in the queue), and
      // map it once so that a bad time or reference is refused before it takes a place in line.
      const fields = structuredClone(auditInputOf(input));
      toDate(fields.at, 'at');
      if (fields.citizenRef !== undefined) toReference(fields.citizenRef, 'citizenRef');
      const run = queue.then(() => appendNow(fields));
      queue = run.then(
        () => undefined,
        () => undefined,
      );
      return run;
    },
    async list(query = {}) {
      assertOpen();
      const limit = Math.max(0, Math.floor(query.limit ?? DEFAULT_AUDIT_LIST_LIMIT));
      if (limit === 0) return [];
      const filter = {
        ...(query.citizenRef === undefined ? {} : { citizenRef: query.citizenRef }),
        ...(query.before === undefined ? {} : { _id: { $lt: query.before } }),
      };
      // With a citizen: served by `history_by_citizen` (citizenRef, _id desc).
      const docs = await events.find(filter).sort({ _id: -1 }).limit(limit).toArray();
      return docs.map(readEvent);
    },
    async range(query = {}) {
      assertOpen();
      const fromSeq = Math.max(1, Math.floor(query.fromSeq ?? 1));
      const limit = Math.max(0, Math.floor(query.limit ?? DEFAULT_AUDIT_RANGE_LIMIT));
      if (limit === 0) return [];
      const docs = await events
        .find({ _id: { $gte: fromSeq } })
        .sort({ _id: 1 })
        .limit(limit)
        .toArray();
      return docs.map(readEvent);
    },
    async verify() {
      assertOpen();
      // The head first: events appended while we read only extend what it promises.
      const promised = await head.findOne({ _id: AUDIT_HEAD_ID });
      const checker = auditChainChecker();
      let headHash: string | undefined;
      for (let last = 0; ;) {
        const page = await events
          .find({ _id: { $gt: last } })
          .sort({ _id: 1 })
          .limit(PAGE)
          .toArray();
        let fits = true;
        for (const doc of page) {
          const event = readEvent(doc);
          fits = checker.add(event);
          if (!fits) break;
          if (promised !== null && event.seq === promised.seq) headHash = event.hash;
          last = event.seq;
        }
        if (!fits || page.length < PAGE) break;
      }
      const result = checker.result();
      if (!result.ok || promised === null) return result;
      // A chain cut short breaks no hash: the head still names the newest event ever written.
      if (promised.seq > result.count) {
        return { ok: false, count: result.count, brokenAt: result.count + 1 };
      }
      if (headHash !== promised.hash) {
        return { ok: false, count: promised.seq, brokenAt: promised.seq };
      }
      return result;
    },
    async report(range) {
      assertOpen();
      const answer = await events.aggregate(verificationReportPipeline(range)).toArray();
      return foldReport(range, reportCountsOf(answer));
    },
  };
}
