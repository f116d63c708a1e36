/**
 * The two servers `npm run bench` measures, each a child process whose PID is the server itself
 * (`node --import tsx …`, no wrapper in between, so /proc charges the right process):
 *
 * - the hub exactly as `npm start` runs it in a plain shell — in-memory stores, dev mode, the
 *   hub's own secrets, its default logging (LOG_LEVEL info, pretty lines) written to a pipe
 *   this process drains — with only `PORT` and the given `LIMIT_*`/socket-cap
 *   variables added (inherited variables that would change those defaults are dropped); the
 *   admin token is read from its start-up banner, as a person would copy it;
 * - the minimal baseline hub of `baseline-hub.ts`.
 *
 * `nodeArgs` go to `node` before the script: `--cpu-prof` for a profile, `--inspect=127.0.0.1:0`
 * for an inspector (its URL is picked up from the child's output).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hubNodeFlags, repoRoot } from './hub-process.js';
import { inspectorLine } from './inspector-client.js';
import { lastLines, startChild, type ManagedChild } from './managed-child.js';
import { freePort } from './ports.js';

/** A server under test. */
export interface BenchServer {
  name: 'hub' | 'baseline';
  url: string;
  pid: number;
  /** The hub's admin token (the baseline takes any). */
  adminToken: string;
  /** The inspector's WebSocket URL, when started with `--inspect`. */
  inspectorUrl(): string | undefined;
  /** Lines and bytes the server has written to stdout and stderr so far. */
  output(): { lines: number; bytes: number };
  /** Stops it (SIGTERM; SIGKILL after 5 s). */
  stop(): Promise<void>;
}

const exitWithParent = new URL('./exit-with-parent.ts', import.meta.url).href;
const baselinePath = new URL('./baseline-hub.ts', import.meta.url).pathname;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** This process's environment less what would make the hub differ from a plain `npm start`. */
function plainEnvironment(): NodeJS.ProcessEnv {
  const dropped = ['REDIS_URL', 'MONGODB_URL', 'NODE_ENV', 'DEV_MODE', 'LOG_LEVEL', 'LOG_FORMAT'];
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !dropped.includes(key) && !/^(LIMIT_|MAX_SOCKETS_)/.test(key),
    ),
  );
}

/** Counts what a child writes; its lines go to `watch` too. */
function outputCounter(watch?: (line: string) => void) {
  const counts = { lines: 0, bytes: 0 };
  let inspector: string | undefined;
  return {
    counts,
    inspector: () => inspector,
    onLine: (line: string) => {
      counts.lines++;
      counts.bytes += Buffer.byteLength(line) + 1;
      inspector ??= inspectorLine.exec(line.trim())?.[1];
      watch?.(line);
    },
  };
}

/** Resolves once `check` holds, rejecting if the child exits or `timeoutMs` passes. */
async function waitFor(
  child: ManagedChild,
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (!child.running())
      throw new Error(`${child.name} exited before ${what}:\n${lastLines(child)}`);
    if (Date.now() > deadline) throw new Error(`${child.name}: no ${what}:\n${lastLines(child)}`);
    await sleep(100);
  }
}

/** Options of `startBenchHub`. */
export interface BenchHubOptions {
  /** Added to this process's environment (limits, socket caps). */
  env: Record<string, string>;
  /** Arguments for `node` itself (`--cpu-prof`, `--inspect=127.0.0.1:0`). */
  nodeArgs?: string[];
  /** Called with the child as soon as it runs (to kill it on Ctrl-C). */
  onStart?: (child: ManagedChild) => void;
}

/** Starts the hub as `npm start` would (see the file comment) and waits until it is ready. */
export async function startBenchHub(options: BenchHubOptions): Promise<BenchServer> {
  const port = await freePort();
  let adminToken: string | undefined;
  const counter = outputCounter((line) => {
    const match = /^\s*admin token(?: \(from ADMIN_TOKEN\))?: (\S+)$/.exec(line);
    if (match) adminToken = match[1] === '<set>' ? process.env.ADMIN_TOKEN : match[1];
  });
  const child = await startChild({
    name: 'hub',
    command: process.execPath,
    args: [
      ...(options.nodeArgs ?? []),
      ...hubNodeFlags,
      '--import',
      'tsx',
      '--import',
      exitWithParent,
      'hub/main.ts',
    ],
    cwd: repoRoot,
    env: { ...plainEnvironment(), PORT: String(port), ...options.env },
    onLine: counter.onLine,
  });
  options.onStart?.(child);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(child, '/readyz 200', () =>
      fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) }).then(
        async (res) => (await res.arrayBuffer(), res.status === 200),
        () => false,
      ),
    );
    await waitFor(child, 'admin token in its banner', () => adminToken !== undefined, 5000);
  } catch (error) {
    await child.stop(2000);
    throw error;
  }
  return {
    name: 'hub',
    url,
    pid: child.pid,
    adminToken: adminToken!,
    inspectorUrl: counter.inspector,
    output: () => ({ ...counter.counts }),
    stop: async () => void (await child.stop(5000)),
  };
}

/** Starts the minimal baseline hub and waits until it listens. */
export async function startBaseline(
  options: Omit<BenchHubOptions, 'env'> = {},
): Promise<BenchServer> {
  let port: number | undefined;
  const counter = outputCounter((line) => {
    const match = /^\{"port":(\d+)\}$/.exec(line.trim());
    if (match) port = Number(match[1]);
  });
  const child = await startChild({
    name: 'baseline hub',
    command: process.execPath,
    args: [
      ...(options.nodeArgs ?? []),
      '--import',
      'tsx',
      '--import',
      exitWithParent,
      baselinePath,
    ],
    cwd: repoRoot,
    onLine: counter.onLine,
  });
  options.onStart?.(child);
  try {
    await waitFor(child, 'port announcement', () => port !== undefined);
  } catch (error) {
    await child.stop(2000);
    throw error;
  }
  return {
    name: 'baseline',
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    adminToken: '',
    inspectorUrl: counter.inspector,
    output: () => ({ ...counter.counts }),
    stop: async () => void (await child.stop(5000)),
  };
}

/** `node` arguments that write a CPU profile into a fresh directory, and the directory. */
export function cpuProfileArgs(): { nodeArgs: string[]; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mdok-bench-prof-'));
  return { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`], dir };
}

/** `node` arguments that open an inspector on a free loopback port. */
export const inspectArgs = ['--inspect=127.0.0.1:0'];
