/**
 * `npm run loadtest -- <scenario> [k6 options]`: runs one of the k6 scenarios of `loadtest/`
 * with the k6 on PATH, passing every further argument to `k6 run` (and the environment, which k6
 * reads as `__ENV`: HUB_URL, HUB_URLS, ADMIN_TOKEN…). k6 is in neither the npm registry nor
 * Debian's archive; when it is missing this says so, and how to get it, and exits 127. Exits
 * with k6's own code otherwise (99 when a threshold failed), 2 on a usage error.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A scenario: its script and the `-e` settings the name implies. */
interface ScenarioEntry {
  script: string;
  env: string[];
  what: string;
}

/** The scenarios, by the name given on the command line. */
const scenarios: Record<string, ScenarioEntry> = {
  f1: { script: 'f1-code.ts', env: ['MODEL=closed'], what: 'F1 code, closed model (capacity)' },
  'f1-open': {
    script: 'f1-code.ts',
    env: ['MODEL=open'],
    what: 'F1 code, open model (latency at RATE/s)',
  },
  'f1-cross-node': {
    script: 'f1-cross-node.ts',
    env: [],
    what: 'F1 with phone and widget on different nodes (HUB_URLS)',
  },
  f2: { script: 'f2-push.ts', env: [], what: 'F2 push with the match number' },
  f3: { script: 'f3-otp.ts', env: [], what: 'F3 SMS code read from the dev outbox' },
  f4: { script: 'f4-peer.ts', env: [], what: 'F4 citizen to citizen' },
  'pairing-burst': {
    script: 'pairing-burst.ts',
    env: [],
    what: 'BURST sessions created, then joined, at once',
  },
  'idle-soak': {
    script: 'idle-soak.ts',
    env: [],
    what: 'SOCKETS idle phones held for HOLD, then verifications through them',
  },
};

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
Step by step: loadtest/README.md, "Installing k6". The scripts need k6 0.57 or newer.`;

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
  const args = [
    'run',
    ...scenario.env.flatMap((e) => ['-e', e]),
    ...k6Args,
    `loadtest/${scenario.script}`,
  ];
  const child = spawn('k6', args, { cwd: repoRoot, stdio: 'inherit' });
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
