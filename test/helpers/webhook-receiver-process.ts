/**
 * Starts the webhook receiver (test/fixtures/webhook-receiver.ts) as a real child process on
 * 127.0.0.1 and reads what it received from its output. `restartable` receivers can be killed
 * and started again on the same port — a bank's endpoint that is down for a while.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WebhookEvent } from '../../contracts/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** One POST the receiver got. */
export interface ReceivedWebhook {
  eventId: string;
  verified: boolean;
  error?: string;
  event?: WebhookEvent;
  signature: string;
  body: string;
  /** POSTs open at the receiver when this one arrived (itself included). */
  open: number;
}

/** A running receiver process. */
export interface WebhookReceiver {
  port: number;
  /** Its URL (`http://127.0.0.1:<port>/hooks/mdok`). */
  url: string;
  /** Every POST received so far, over restarts. */
  received: ReceivedWebhook[];
  /** Resolves once a POST matching `predicate` was received (or was already). */
  next(predicate: (r: ReceivedWebhook) => boolean, timeoutMs?: number): Promise<ReceivedWebhook>;
  /** Tells the running receiver which secrets to check with (and remembers them for restarts). */
  setSecrets(secrets: string[]): Promise<void>;
  /** Kills the process (SIGKILL, as a crash); the port is then closed. */
  kill(): Promise<void>;
  /** Starts it again on the same port, in `mode`, with these secrets (default: as before). */
  start(options?: { mode?: ReceiverMode; secrets?: string[] }): Promise<void>;
  stop(): Promise<void>;
}

/** How the receiver answers: 204, 204 after 200 ms, 500, or never. */
export type ReceiverMode = 'ok' | 'slow' | 'fail' | 'hang';

/** Starts a receiver checking signatures with `secrets`. */
export async function startWebhookReceiver(options: {
  secrets: string[];
  mode?: ReceiverMode;
}): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const waiters = new Set<() => void>();
  let child: ChildProcess | null = null;
  let port = 0;
  let secrets = options.secrets;

  const launch = (mode: ReceiverMode) =>
    new Promise<void>((resolve, reject) => {
      const proc = spawn(
        process.execPath,
        ['--import', 'tsx', 'test/fixtures/webhook-receiver.ts'],
        {
          cwd: root,
          env: {
            ...process.env,
            PORT: String(port),
            SECRETS: secrets.join(','),
            MODE: mode,
          },
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      child = proc;
      let buffer = '';
      proc.stdout!.setEncoding('utf8');
      proc.stdout!.on('data', (chunk: string) => {
        buffer += chunk;
        let newline: number;
        while ((newline = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + 1);
          const listening = /^listening (\d+)$/.exec(line);
          if (listening) {
            port = Number(listening[1]);
            resolve();
          } else if (line.startsWith('{')) {
            received.push(JSON.parse(line) as ReceivedWebhook);
            for (const wake of [...waiters]) wake();
          }
        }
      });
      proc.once('exit', (code) =>
        reject(new Error(`the receiver exited (${code}) before listening`)),
      );
    });

  const stopChild = async (signal: NodeJS.Signals) => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null) return;
    const gone = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill(signal);
    await gone;
  };

  await launch(options.mode ?? 'ok');
  return {
    get port() {
      return port;
    },
    get url() {
      return `http://127.0.0.1:${port}/hooks/mdok`;
    },
    received,
    next(predicate, timeoutMs = 10_000) {
      const hit = received.find(predicate);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching webhook within ${timeoutMs} ms (got ${received.length})`));
        }, timeoutMs);
        const check = () => {
          const found = received.find(predicate);
          if (!found) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        waiters.add(check);
      });
    },
    async setSecrets(next) {
      secrets = next;
      const res = await fetch(`http://127.0.0.1:${port}/_secrets`, {
        method: 'PUT',
        body: next.join(','),
      });
      if (res.status !== 204) throw new Error(`the receiver refused the secrets: ${res.status}`);
    },
    kill: () => stopChild('SIGKILL'),
    start: (again = {}) => {
      if (again.secrets) secrets = again.secrets;
      return launch(again.mode ?? 'ok');
    },
    stop: () => stopChild('SIGTERM'),
  };
}
