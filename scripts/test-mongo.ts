/**
 * `npm run test:mongo -- mongodb://host1,host2/?replicaSet=rs0` runs the MongoDB record-store
 * contract suite (and the migration test) against that deployment, so an operator can qualify
 * their own cluster before switching records to it. Each test uses its own database
 * (`mdok_test_…`) and drops it afterwards; the user needs `readWrite` and `dbAdmin` on those.
 * Without a URL it refuses rather than let the suite skip.
 */
import { spawn } from 'node:child_process';

const url = process.argv[2];
if (!url || !/^mongodb(\+srv)?:\/\//.test(url)) {
  console.error('usage: npm run test:mongo -- mongodb://host/…   (a MongoDB 6/7/8 deployment)');
  process.exit(2);
}
const child = spawn(
  'npx',
  [
    'vitest',
    'run',
    'test/integration/mongo-record-store.test.ts',
    'test/integration/records-migrate.test.ts',
  ],
  { stdio: 'inherit', env: { ...process.env, MONGODB_URL: url } },
);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
