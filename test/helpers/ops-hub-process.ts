/**
 * A hub node as a real child process (`node --import tsx hub/main.ts`) with the environment a
 * test gives it, for what only a whole process shows: start-up refusals, signals and graceful
 * shutdown, what reaches stdout. Every output line is kept for assertions.
 */
import { newClusterSecrets, repoRoot } from '../../scripts/lib/hub-process.js';
import {
  describeExit,
  lastLines,
  startChild,
  type ExitInfo,
  type ManagedChild,
} from '../../scripts/lib/managed-child.js';
import { freePort } from './redis-server.js';

/** A hub process started by a test. */
export interface HubProcessHandle {
  url: string;
  port: number;
  adminToken: string;
  child: ManagedChild;
  /** Every line it wrote so far (stdout and stderr). */
  lines: string[];
  /** Resolves once `/readyz` answers 200. */
  waitReady(timeoutMs?: number): Promise<void>;
  /** Resolves with the first line (from now or earlier) that matches. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves when it has exited. */
  exited(): Promise<ExitInfo>;
  /** SIGKILL if still running (cleanup). */
  kill(): Promise<void>;
}

/** Preloaded so that the hub ends itself should the test process die. */
const exitWithParent = new URL('../../scripts/lib/exit-with-parent.ts', import.meta.url).href;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts `hub/main.ts` on a free port with production-grade secrets, JSON logs and `env` on top.
 * No `REDIS_URL` unless `env` sets one.
 */
export async function startHubProcess(env: Record<string, string>): Promise<HubProcessHandle> {
  const port = await freePort();
  const secrets = await newClusterSecrets();
  const lines: string[] = [];
  const watchers: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  const base: NodeJS.ProcessEnv = { ...process.env };
  delete base.REDIS_URL;
  delete base.NODE_ENV;
  const child = await startChild({
    name: 'hub',
    command: process.execPath,
    args: ['--import', 'tsx', '--import', exitWithParent, 'hub/main.ts'],
    cwd: repoRoot,
    env: {
      ...base,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      HUB_SECRET: secrets.hubSecret,
      SIGNING_KEY: secrets.signingKey,
      ADMIN_TOKEN: secrets.adminToken,
      LOG_FORMAT: 'json',
      ...env,
    },
    onLine: (line) => {
      lines.push(line);
      for (const w of [...watchers]) {
        if (w.pattern.test(line)) {
          watchers.splice(watchers.indexOf(w), 1);
          w.resolve(line);
        }
      }
    },
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    adminToken: secrets.adminToken,
    child,
    lines,
    async waitReady(timeoutMs = 30_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        if (!child.running()) {
          throw new Error(
            `the hub exited (${describeExit(await child.exited)}):\n${lastLines(child)}`,
          );
        }
        const ok = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) })
          .then((r) => r.status === 200)
          .catch(() => false);
        if (ok) return;
        if (Date.now() > end) throw new Error(`the hub was not ready:\n${lastLines(child)}`);
        await sleep(100);
      }
    },
    waitForLine(pattern, timeoutMs = 10_000) {
      const seen = lines.find((line) => pattern.test(line));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no line matching ${pattern}:\n${lastLines(child)}`)),
          timeoutMs,
        );
        watchers.push({
          pattern,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
      });
    },
    exited: () => child.exited,
    async kill() {
      if (child.running()) child.process.kill('SIGKILL');
      await child.exited;
    },
  };
}
