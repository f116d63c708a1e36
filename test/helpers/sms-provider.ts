/**
 * Starts the SMS provider stand-in (sms-provider-stub.ts) as a child process on a free port and
 * drives it: plan its next answers, read what it received, release held requests, wait for the
 * next message from its output.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A message the stub received. */
export interface ReceivedSms {
  at: string;
  headers: { authorization?: string; 'idempotency-key'?: string; 'content-type'?: string };
  body: { to: string; text: string; messageId: string; sender?: string };
  answered: number | 'held';
}

/** A planned answer: a status (optionally with `retry-after`), or hold until released. */
export type PlannedAnswer = { status: number; retryAfter?: number } | { hold: true };

/** The running stub. */
export interface SmsProvider {
  /** The gateway URL to configure (`…/messages`). */
  url: string;
  pid: number;
  plan(answers: PlannedAnswer[]): Promise<void>;
  received(): Promise<ReceivedSms[]>;
  /** Answers 202 to every held request. */
  release(): Promise<void>;
  /** Resolves with the next message the stub receives (after this call). */
  next(timeoutMs?: number): Promise<ReceivedSms>;
  stop(): Promise<void>;
}

const stubPath = fileURLToPath(new URL('./sms-provider-stub.ts', import.meta.url));

/** Starts the stub and waits until it listens. */
export async function startSmsProvider(): Promise<SmsProvider> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', stubPath], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const waiters: Array<(sms: ReceivedSms) => void> = [];
  let partial = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the SMS stub did not start')), 15_000);
    child.once('exit', (code) => reject(new Error(`the SMS stub exited with ${code}`)));
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        const message = JSON.parse(line) as { port?: number; received?: ReceivedSms };
        if (message.port !== undefined) {
          clearTimeout(timer);
          resolve(message.port);
        } else if (message.received) {
          for (const wake of waiters.splice(0)) wake(message.received);
        }
      }
    });
  });
  const base = `http://127.0.0.1:${port}`;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(base + path, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    return res.json() as Promise<unknown>;
  };
  return {
    url: `${base}/messages`,
    pid: child.pid!,
    async plan(answers) {
      await call('POST', '/_plan', answers);
    },
    async received() {
      return (await call('GET', '/_received')) as ReceivedSms[];
    },
    async release() {
      await call('POST', '/_release', {});
    },
    next(timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no SMS arrived')), timeoutMs);
        waiters.push((sms) => {
          clearTimeout(timer);
          resolve(sms);
        });
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
