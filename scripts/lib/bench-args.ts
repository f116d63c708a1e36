/**
 * The command line of `npm run bench`: run lengths and counts with defaults that keep the whole
 * run near three minutes on a 2-core machine, `--quick` for a short one, `--profile`, `--json`.
 */
import { readCommandLine } from './command-line.js';

const usage = `Usage: npm run bench -- [options]

  --concurrency N       closed model: verifications in flight (default 16)
  --phones N            phones held connected for the load runs, ≥ concurrency (default 100)
  --warmup S            unmeasured verifications first, seconds (default 3)
  --closed-seconds S    closed model length per server, over all rounds (default 12)
  --rounds N            closed model: alternate hub and baseline in N rounds (default 3)
  --open-seconds S      open model length, at half the hub's closed-model rate (default 10)
  --display-seconds S   display window of each session; runs wait it out (default 1)
  --idle-sockets LIST   idle citizen socket counts to measure RSS at (default 1000,10000; 0: none)
  --settle S            wait before reading RSS after opening sockets (default 2)
  --source-addresses N  spread idle sockets over 127.0.0.1..N (default: as the port range needs)
  --limiter-count N     verifications' limiter calls timed in-process (default 20000)
  --profile             run the hub under --cpu-prof; print where its CPU went in the closed run
  --top N               entries of the profile summary (default 15)
  --only-idle           measure only the idle sockets (hub and baseline), print just that table
  --quick               a short run: 1 s warm-up, 4 s per model, 2 rounds, 200 and 1000 idle sockets
  --timeout S           hard cap on the whole run; exits 1 past it (default 600)
  --json                print JSON instead of Markdown
  -h, --help            this text`;

/** The parsed options. */
export interface BenchArgs {
  concurrency: number;
  phones: number;
  warmupSeconds: number;
  closedSeconds: number;
  rounds: number;
  openSeconds: number;
  displaySeconds: number;
  idleSteps: number[];
  settleSeconds: number;
  /** Undefined: as many as the ephemeral port range needs. */
  sourceAddresses: number | undefined;
  limiterCount: number;
  profile: boolean;
  top: number;
  quick: boolean;
  /** Skip the load phases and the limiter's timing: only the idle sockets. */
  onlyIdle: boolean;
  timeoutSeconds: number;
  json: boolean;
}

/** Parses `argv`; exits with the usage on a bad option. */
export function parseBenchArgs(argv: string[]): BenchArgs {
  const { values, int, fail } = readCommandLine('bench', usage, argv, {
    concurrency: { type: 'string', default: '16' },
    phones: { type: 'string', default: '100' },
    warmup: { type: 'string' },
    'closed-seconds': { type: 'string' },
    rounds: { type: 'string' },
    'open-seconds': { type: 'string' },
    'display-seconds': { type: 'string', default: '1' },
    'idle-sockets': { type: 'string' },
    settle: { type: 'string' },
    'source-addresses': { type: 'string' },
    'limiter-count': { type: 'string', default: '20000' },
    profile: { type: 'boolean', default: false },
    top: { type: 'string', default: '15' },
    quick: { type: 'boolean', default: false },
    'only-idle': { type: 'boolean', default: false },
    timeout: { type: 'string', default: '600' },
    json: { type: 'boolean', default: false },
  });
  const quick = values.quick;
  const seconds = (name: string, value: string | undefined, normal: number, short: number) =>
    int(name, value ?? String(quick ? short : normal), 1, 3600);
  const idle = (values['idle-sockets'] ?? (quick ? '200,1000' : '1000,10000'))
    .split(',')
    .map((n) => int('idle-sockets', n.trim(), 0, 100_000))
    .filter((n) => n > 0);
  if (idle.some((n, i) => i > 0 && n <= idle[i - 1]!)) fail('--idle-sockets must be ascending');
  const concurrency = int('concurrency', values.concurrency, 1, 1000);
  const phones = int('phones', values.phones, 1, 10_000);
  if (phones < concurrency) fail('--phones must be at least --concurrency');
  return {
    concurrency,
    phones,
    warmupSeconds: seconds('warmup', values.warmup, 3, 1),
    closedSeconds: seconds('closed-seconds', values['closed-seconds'], 12, 4),
    rounds: int('rounds', values.rounds ?? (quick ? '2' : '3'), 1, 100),
    openSeconds: seconds('open-seconds', values['open-seconds'], 10, 4),
    displaySeconds: int('display-seconds', values['display-seconds'], 1, 600),
    idleSteps: idle,
    settleSeconds: seconds('settle', values.settle, 2, 1),
    sourceAddresses:
      values['source-addresses'] === undefined
        ? undefined
        : int('source-addresses', values['source-addresses'], 1, 250),
    limiterCount: int('limiter-count', values['limiter-count'], 100, 10_000_000),
    profile: values.profile,
    top: int('top', values.top, 1, 200),
    quick,
    onlyIdle: values['only-idle'],
    timeoutSeconds: int('timeout', values.timeout, 10, 86_400),
    json: values.json,
  };
}
