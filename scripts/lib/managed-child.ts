/**
 * A child process the operator scripts own: started in its own process group (so a Ctrl-C in the
 * terminal reaches only the script, which then stops its children in order, each exactly once),
 * its output split into lines for forwarding and kept in a bounded tail for error reports, and a
 * stop that asks with SIGTERM and insists with SIGKILL after a grace period.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';

/** How a child ended. */
export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Options of `startChild`. */
export interface ChildOptions {
  /** Name used in messages (`hub-a`, `redis-server`). */
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  /** The whole environment of the child. Default: this process's. */
  env?: NodeJS.ProcessEnv;
  /** Sees every complete output line as it arrives. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

/** A running (or ended) child process. */
export interface ManagedChild {
  name: string;
  pid: number;
  process: ChildProcess;
  /** The last ~64 KiB of its output (stdout and stderr interleaved). */
  output(): string;
  running(): boolean;
  /** Settles when it has exited. */
  exited: Promise<ExitInfo>;
  /** SIGTERM, then SIGKILL after `graceMs` (default 5000); resolves once it has exited. */
  stop(graceMs?: number): Promise<ExitInfo>;
}

const TAIL_CHARS = 64 * 1024;

/** Describes an exit for humans: `exit code 1`, `signal SIGKILL`. */
export function describeExit(exit: ExitInfo): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}

/** Starts `command`; resolves once it runs, rejects if it cannot be started at all. */
export function startChild(options: ChildOptions): Promise<ManagedChild> {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  let exit: ExitInfo | undefined;
  const exited = new Promise<ExitInfo>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    });
  });
  const readLines = (stream: Readable | null, name: 'stdout' | 'stderr') => {
    let partial = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      // Trimmed only once it holds twice the tail: a chatty child (a hub logging every request
      // under a benchmark) must not cost a 64 KiB copy per chunk.
      tail += chunk;
      if (tail.length > 2 * TAIL_CHARS) tail = tail.slice(-TAIL_CHARS);
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) options.onLine?.(line, name);
    });
    stream?.on('end', () => {
      if (partial) options.onLine?.(partial, name);
      partial = '';
    });
  };
  readLines(child.stdout, 'stdout');
  readLines(child.stderr, 'stderr');

  const managed = (pid: number): ManagedChild => ({
    name: options.name,
    pid,
    process: child,
    output: () => tail.slice(-TAIL_CHARS),
    running: () => exit === undefined,
    exited,
    async stop(graceMs = 5000) {
      if (exit) return exit;
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), graceMs);
      });
      const first = await Promise.race([exited, late]);
      clearTimeout(timer);
      if (first !== 'late') return first;
      child.kill('SIGKILL');
      return exited;
    },
  });

  return new Promise((resolve, reject) => {
    child.once('spawn', () => resolve(managed(child.pid!)));
    child.once('error', (error) => {
      if (child.pid === undefined) {
        reject(new Error(`cannot start ${options.name} (${options.command}): ${error.message}`));
      }
    });
  });
}

/** The last `count` non-empty lines of a child's output, indented, for an error report. */
export function lastLines(child: ManagedChild, count = 15): string {
  return child
    .output()
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(-count)
    .map((line) => `    ${line}`)
    .join('\n');
}
