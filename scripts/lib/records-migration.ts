/**
 * Copies a deployment's records from Redis to MongoDB (`npm run records:migrate`): verifier
 * registrations, API-key hashes, enrollments, devices and the audit chain. The source is read
 * through the Redis record store (ids found by SCAN over its key layout); the target is written
 * verbatim through the MongoDB importer — same ids, same seqs, same hashes — so the copied chain
 * is the same chain. Safe to run again: records are upserted by id, and the chain copy resumes
 * after the target's last event, provided that event is the source's (a target holding another
 * chain is refused). The source chain is verified before and the target chain after the copy,
 * and the two must end at the same event.
 */
import type { Db } from 'mongodb';
import {
  createMongoRecordImporter,
  createMongoRecordStore,
  createRedisRecordStore,
} from '../../adapters/records/index.js';
import type { AuditVerification, RecordStore } from '../../adapters/records/index.js';
import { recordKeys } from '../../adapters/records/redis/redis-record-keys.js';
import type { RedisClient } from '../../adapters/redis/redis-types.js';
import { explainAuditBreak } from './audit-break.js';

/** How many records or events are read and written at a time. */
const BATCH = 500;

/** What a migration copied. */
export interface MigrationSummary {
  verifiers: number;
  apiKeys: number;
  enrollments: number;
  devices: number;
  /** Audit events copied by this run (earlier runs' are already there). */
  auditEventsCopied: number;
  /** The target's chain after the copy. */
  target: AuditVerification;
}

/** A migration refused or failed for a reason the operator must act on. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

/** The ids of every key matching `pattern` (`<prefix>kind:*`), in batches. */
async function* idsOf(client: RedisClient, pattern: string): AsyncGenerator<string[]> {
  const cut = pattern.length - 1;
  let batch: string[] = [];
  for await (const keys of client.scanIterator({ MATCH: pattern, COUNT: BATCH })) {
    batch.push(...keys.map((key) => key.slice(cut)));
    if (batch.length >= BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** Records found for `ids` (null: gone meanwhile, skipped). */
async function found<T>(ids: string[], read: (id: string) => Promise<T | null>): Promise<T[]> {
  return (await Promise.all(ids.map(read))).filter(
    (record): record is Awaited<T> => record !== null,
  );
}

/** Copies everything from the Redis records under `source.prefix` into `target.db`. */
export async function migrateRecords(options: {
  source: { client: RedisClient; prefix: string };
  target: { db: Db };
  log?: (line: string) => void;
}): Promise<MigrationSummary> {
  const log = options.log ?? (() => {});
  const { client, prefix } = options.source;
  const keys = recordKeys(prefix);
  const source: RecordStore = createRedisRecordStore({ client, prefix });
  const importer = createMongoRecordImporter({ db: options.target.db });
  const target = createMongoRecordStore({ db: options.target.db });
  try {
    const before = await source.audit.verify();
    if (!before.ok) {
      const why = await explainAuditBreak(source.audit, before);
      throw new MigrationError(
        `the source audit chain is broken at event ${before.brokenAt}: ${why}`,
      );
    }
    log(`source audit chain intact: ${before.count} event(s)`);

    const verifiers = await source.verifiers.list();
    for (let i = 0; i < verifiers.length; i += BATCH) {
      await importer.putVerifiers(verifiers.slice(i, i + BATCH));
    }
    log(`verifiers: ${verifiers.length}`);
    const counts = { apiKeys: 0, enrollments: 0, devices: 0 };
    for await (const ids of idsOf(client, keys.apiKey('*'))) {
      const records = await found(ids, (id) => source.apiKeys.get(id));
      await importer.putApiKeys(records);
      counts.apiKeys += records.length;
    }
    log(`API keys: ${counts.apiKeys}`);
    for await (const ids of idsOf(client, keys.enrollment('*'))) {
      const records = await found(ids, (ref) => source.citizens.getEnrollment(ref));
      await importer.putEnrollments(records);
      counts.enrollments += records.length;
    }
    log(`enrollments: ${counts.enrollments}`);
    for await (const ids of idsOf(client, keys.device('*'))) {
      const records = await found(ids, (id) => source.citizens.getDevice(id));
      await importer.putDevices(records);
      counts.devices += records.length;
    }
    log(`devices: ${counts.devices}`);

    // The chain: resume after the target's last event, if that event is the source's.
    const tip = await importer.auditTip();
    if (tip.seq > 0) {
      const [same] = await source.audit.range({ fromSeq: tip.seq, limit: 1 });
      if (same?.seq !== tip.seq || same.hash !== tip.hash) {
        throw new MigrationError(
          `the target already holds another audit chain (its event ${tip.seq} is not the source's)`,
        );
      }
      log(`target chain already has events 1..${tip.seq}: resuming after them`);
    }
    let copied = 0;
    for (let next = tip.seq + 1; ;) {
      const page = await source.audit.range({ fromSeq: next, limit: BATCH });
      if (page.length === 0) break;
      await importer.appendAuditEvents(page);
      copied += page.length;
      next = page.at(-1)!.seq + 1;
    }
    log(`audit events copied: ${copied}`);

    const after = await target.audit.verify();
    if (!after.ok) {
      const why = await explainAuditBreak(target.audit, after);
      throw new MigrationError(
        `the copied audit chain is broken at event ${after.brokenAt}: ${why}`,
      );
    }
    const [sourceLast] = await source.audit.list({ limit: 1 });
    const [targetLast] = await target.audit.list({ limit: 1 });
    if (sourceLast?.hash !== targetLast?.hash) {
      throw new MigrationError('the copied audit chain does not end where the source chain ends');
    }
    log(`target audit chain intact: ${after.count} event(s), ending at the source's last event`);
    return { verifiers: verifiers.length, ...counts, auditEventsCopied: copied, target: after };
  } finally {
    await source.close();
    await target.close();
  }
}
