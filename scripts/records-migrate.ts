/**
 * `npm run records:migrate -- --from redis://host:6379 --to mongodb://host1,host2/?replicaSet=rs0`
 * copies verifiers, API-key hashes, enrollments, devices and the audit chain from a Redis record
 * store to a MongoDB one (scripts/lib/records-migration.ts), verifying the chain before and after.
 * Options: `--from-prefix` (default `mdok:`), `--to-db` (default `mdok`). Stop the hubs (or keep
 * them on Redis) while it runs: events appended meanwhile are copied by running it again. Exits 0
 * when the copy is complete and its chain intact, 1 when refused or broken, 2 on usage errors.
 */
import { parseArgs } from 'node:util';
import { MigrationError, migrateRecords } from './lib/records-migration.js';
import { isMongoUrl, openRecordStore } from './lib/record-store-url.js';
import type { OpenedStore } from './lib/record-store-url.js';

const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    'from-prefix': { type: 'string', default: 'mdok:' },
    'to-db': { type: 'string', default: 'mdok' },
  },
});
if (!values.from || !/^rediss?:\/\//.test(values.from) || !values.to || !isMongoUrl(values.to)) {
  console.error(
    'usage: npm run records:migrate -- --from redis://… [--from-prefix mdok:] --to mongodb://… [--to-db mdok]',
  );
  process.exit(2);
}

let exitCode = 0;
const opened: OpenedStore[] = [];
try {
  const source = await openRecordStore(values.from, {
    prefix: values['from-prefix'],
    appName: 'mdok-records-migrate',
  });
  opened.push(source);
  const target = await openRecordStore(values.to, {
    db: values['to-db'],
    appName: 'mdok-records-migrate',
    ensureSchema: true,
  });
  opened.push(target);
  console.log(`copying records from ${source.shown} to ${target.shown}`);
  const summary = await migrateRecords({
    source: source.redis!,
    target: { db: target.mongo!.db },
    log: (line) => console.log(`  ${line}`),
  });
  console.log(
    `done: ${summary.verifiers} verifier(s), ${summary.apiKeys} API key(s), ` +
      `${summary.enrollments} enrollment(s), ${summary.devices} device(s), ` +
      `${summary.auditEventsCopied} audit event(s) copied; target chain intact ` +
      `(${summary.target.count} event(s))`,
  );
} catch (error) {
  exitCode = error instanceof MigrationError ? 1 : 2;
  console.error(`records:migrate failed: ${(error as Error).message}`);
} finally {
  for (const store of opened) await store.close().catch(() => {});
}
process.exit(exitCode);
