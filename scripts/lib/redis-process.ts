/**
 * A private `redis-server` for the operator scripts and the test harness: loopback only, no persistence
 * (`--save '' --appendonly no`), on a given port or a free one. Redis' warnings after start
 * (`#` lines) are passed on; the rest of its chatter is kept for error reports only.
 */
import { existsSync } from 'node:fs';
import { createClient } from 'redis';
import { redactUrl } from '../../hub/redis-deps.js';
import { startChild, lastLines, type ManagedChild } from './managed-child.js';
import { freePort } from './ports.js';

/** A running Redis server started by a script. */
export interface RedisProcess {
  port: number;
  url: string;
  pid: number;
  child: ManagedChild;
  /** Shuts it down (SIGTERM; SIGKILL after 3 s). */
  stop(): Promise<void>;
  /** Kills it as a crash would (SIGKILL, nothing saved) and waits until it is gone. */
  kill(): Promise<void>;
}

/** Options of `startRedis`. */
export interface RedisOptions {
  /** Port to listen on. Default: a free one (retried if taken meanwhile). */
  port?: number;
  /** Sees what Redis logs at warning level once it is running. */
  onWarning?: (line: string) => void;
}

const SETPRIV = '/usr/bin/setpriv';

async function launch(port: number, onWarning?: (line: string) => void): Promise<RedisProcess> {
  let isReady = false;
  let ready!: () => void;
  const readyNow = new Promise<void>((resolve) => {
    ready = () => {
      isReady = true;
      resolve();
    };
  });
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const child = await startChild({
    name: 'redis-server',
    // setpriv (util-linux) execs redis-server with a parent-death signal: should this script be
    // killed outright, Redis goes too instead of holding its port. Same PID either way.
    ...(existsSync(SETPRIV)
      ? { command: SETPRIV, args: ['--pdeathsig', 'SIGTERM', 'redis-server', ...args] }
      : { command: 'redis-server', args }),
    onLine: (line) => {
      if (line.includes('Ready to accept connections')) ready();
      // Redis log lines read `pid:role date level message`; `#` is the warning level. Startup
      // warnings (memory overcommit on most VMs) are noise for a throw-away server.
      else if (isReady && /^\d+:\w \d.* # /.test(line)) onWarning?.(line);
    },
  });
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    readyNow.then(() => 'ready' as const),
    child.exited.then(() => 'exited' as const),
    new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), 10_000);
    }),
  ]);
  clearTimeout(timer);
  if (outcome !== 'ready') {
    await child.stop(1000);
    throw new Error(
      `redis-server did not start on port ${port} (${outcome === 'late' ? 'not ready within 10 s' : 'it exited'}):\n${lastLines(child, 8)}`,
    );
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    pid: child.pid,
    child,
    async stop() {
      await child.stop(3000);
    },
    async kill() {
      if (child.running()) child.process.kill('SIGKILL');
      await child.exited;
    },
  };
}

/** Starts redis-server and waits until it accepts connections. */
export async function startRedis(options: RedisOptions = {}): Promise<RedisProcess> {
  if (options.port !== undefined) return launch(options.port, options.onWarning);
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await launch(await freePort(), options.onWarning);
    } catch (error) {
      // A free port can be taken between asking and listening; anything else will fail again.
      if (error instanceof Error && error.message.startsWith('cannot start')) throw error;
      lastError = error;
    }
  }
  throw lastError;
}

/** Throws unless a Redis server answers PING at `url` within 3 s (no retries). */
export async function checkRedis(url: string): Promise<void> {
  const client = createClient({
    url,
    socket: { connectTimeout: 3000, reconnectStrategy: false },
  });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new Error(`no Redis answers at ${redactUrl(url)}: ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    if (client.isOpen) client.destroy();
  }
}
