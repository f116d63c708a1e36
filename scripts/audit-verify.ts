/**
 * `npm run audit:verify -- --url http://localhost:3000 --token <ADMIN_TOKEN>` (H2): asks a
 * running hub to recompute its audit hash chain and exits 0 when it is intact, 1 when broken,
 * 2 on usage or connection errors.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';

const Verification = z.object({
  ok: z.boolean(),
  count: z.number(),
  brokenAt: z.number().optional(),
});

const { values } = parseArgs({
  options: { url: { type: 'string', default: 'http://localhost:3000' }, token: { type: 'string' } },
});
if (!values.token) {
  console.error('usage: npm run audit:verify -- --url <hub url> --token <ADMIN_TOKEN>');
  process.exit(2);
}
try {
  const res = await fetch(new URL('/v1/admin/audit/verify', values.url), {
    headers: { authorization: `Bearer ${values.token}` },
  });
  const body: unknown = await res.json();
  if (!res.ok) {
    console.error(`hub answered ${res.status}: ${JSON.stringify(body)}`);
    process.exit(2);
  }
  const result = Verification.parse(body);
  if (result.ok) {
    console.log(`audit chain intact: ${result.count} event(s)`);
  } else {
    console.error(`audit chain BROKEN at event ${result.brokenAt} (${result.count} checked)`);
    process.exit(1);
  }
} catch (error) {
  console.error(`cannot verify: ${(error as Error).message}`);
  process.exit(2);
}
