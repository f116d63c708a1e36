/**
 * `npm run loadtest -- <scenario> [k6 options]`: runs one of the k6 scenarios of `loadtest/`
 * with the k6 on PATH, passing every further argument to `k6 run` (and the environment, which k6
 * reads as `__ENV`: HUB_URL, HUB_URLS, ADMIN_TOKEN…). k6 is in neither the npm registry nor
 * Debian's archive; when it is missing this says so, and how to get it, and exits 127. Exits
 * with k6's own code otherwise (99 when a threshold failed), 2 on a usage error.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { k6Arguments, loadtestScenarios as scenarios } from './lib/loadtest-scenarios.js';

const usage = `Usage: npm run loadtest -- <scenario> [k6 run options]

Scenarios:
${Object.entries(scenarios)
  .map(([name, s]) => `  ${name.padEnd(15)} ${s.what}`)
  .join('\n')}

Settings come from the environment or -e NAME=value (HUB_URL, HUB_URLS, ADMIN_TOKEN, VUS,
DURATION, RATE, …); see loadtest/README.md. Example:
  ADMIN_TOKEN=… npm run loadtest -- f1 -e VUS=20 -e DURATION=2m`;

const missingK6 = `k6 is not installed (no "k6" on PATH), so no load test ran.

k6 is in neither the npm registry nor Debian's archive; install it from Grafana's own packages:
  Debian/Ubuntu: add Grafana's k6 apt repository and "apt-get install k6"
  macOS:         brew install k6
  any platform:  the k6 binary of a GitHub release of grafana/k6, put on PATH
Step by step: loadtest/README.md, "Installing k6". The scripts need k6 1.6.0 or newer.`;

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

function main(argv: string[]): void {
  const [name, ...k6Args] = argv;
  if (!name || name === '-h' || name === '--help') {
    console.log(usage);
    process.exit(name ? 0 : 2);
  }
  const scenario = scenarios[name];
  if (!scenario) {
    console.error(`loadtest: unknown scenario "${name}"\n\n${usage}`);
    process.exit(2);
  }
  const child = spawn('k6', k6Arguments(scenario, k6Args), { cwd: repoRoot, stdio: 'inherit' });
  child.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') {
      console.error(missingK6);
      process.exit(127);
    }
    console.error(`loadtest: could not start k6: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    process.exit(code ?? (signal ? 128 + (signal === 'SIGINT' ? 2 : 15) : 1));
  });
  // k6 handles Ctrl-C itself (it stops and still prints the summary): do not die before it.
  process.on('SIGINT', () => {});
}

main(process.argv.slice(2));
