/**
 * `npm run audit:verify` (H2) recomputes an audit hash chain and exits 0 when it is intact, 1 when
 * broken, 2 on usage or connection errors. Two ways to reach the chain:
 * - through a running hub: `-- --url http://localhost:3000 --token <ADMIN_TOKEN>` (whatever store
 *   the hub uses);
 * - straight from the store, no hub needed: `-- --store mongodb://host/?replicaSet=rs0 [--db mdok]`
 *   or `-- --store redis://host:6379 [--prefix mdok:]`. Then a break is also explained: which
 *   event is missing, or does not point at its predecessor, or was changed after it was written.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { AuditVerification } from '../adapters/records/index.js';
import { explainAuditBreak } from './lib/audit-break.js';
import { openRecordStore } from './lib/record-store-url.js';

const Verification = z.object({
  ok: z.boolean(),
  count: z.number(),
  brokenAt: z.number().optional(),
});

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    token: { type: 'string' },
    store: { type: 'string' },
    db: { type: 'string', default: 'mdok' },
    prefix: { type: 'string', default: 'mdok:' },
  },
});

/** Prints the outcome and answers the exit code. */
function report(where: string, result: AuditVerification, why = ''): number {
  if (result.ok) {
    console.log(`audit chain intact: ${result.count} event(s) (${where})`);
    return 0;
  }
  console.error(
    `audit chain BROKEN at event ${result.brokenAt} (${result.count} checked, ${where})` +
      (why ? `: ${why}` : ''),
  );
  return 1;
}

async function viaHub(url: string, token: string): Promise<number> {
  const res = await fetch(new URL('/v1/admin/audit/verify', url), {
    headers: { authorization: `Bearer ${token}` },
  });
  const body: unknown = await res.json();
  if (!res.ok) {
    console.error(`hub answered ${res.status}: ${JSON.stringify(body)}`);
    return 2;
  }
  return report(url, Verification.parse(body));
}

async function viaStore(url: string): Promise<number> {
  const opened = await openRecordStore(url, {
    db: values.db,
    prefix: values.prefix,
    appName: 'mdok-audit-verify',
  });
  try {
    const result = await opened.store.audit.verify();
    return report(opened.shown, result, await explainAuditBreak(opened.store.audit, result));
  } finally {
    await opened.close();
  }
}

if (!values.store && !values.token) {
  console.error(
    'usage: npm run audit:verify -- --url <hub url> --token <ADMIN_TOKEN>\n' +
      '       npm run audit:verify -- --store <mongodb://… | redis://…> [--db mdok] [--prefix mdok:]',
  );
  process.exit(2);
}
let code: number;
try {
  code = values.store
    ? await viaStore(values.store)
    : await viaHub(values.url ?? 'http://localhost:3000', values.token!);
} catch (error) {
  console.error(`cannot verify: ${(error as Error).message}`);
  code = 2;
}
process.exit(code);
