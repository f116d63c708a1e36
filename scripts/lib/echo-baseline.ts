/**
 * Measures the Socket.IO echo baseline: client sockets each emitting `echo` and awaiting the
 * ack, in phases of a given concurrency, against the bare server of `echo-server.ts` in a child
 * process. Answers the round trips' latencies, their rate and the server's CPU time per round
 * trip, to put the hub's figures in proportion on whatever machine runs the benchmark.
 */
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { repoRoot } from './hub-process.js';
import { startChild, lastLines } from './managed-child.js';
import { cpuTimeMs } from './proc-cpu.js';

/** What one phase of the echo baseline came to. */
export interface EchoResult {
  concurrency: number;
  roundTrips: number;
  wallMs: number;
  /** Round-trip times, ms. */
  rtts: number[];
  /** Server CPU time over the measured round trips, ms. */
  serverCpuMs: number;
}

/** Options of `runEchoBaseline`. */
export interface EchoOptions {
  /** Unmeasured round trips first (at the highest concurrency). */
  warmup: number;
  /** Measured phases, in order: `count` round trips with `concurrency` sockets each. */
  phases: { count: number; concurrency: number }[];
}

const exitWithParent = new URL('./exit-with-parent.ts', import.meta.url).href;
const serverPath = new URL('./echo-server.ts', import.meta.url).pathname;

/** Starts the echo server, measures each phase, stops it. */
export async function runEchoBaseline(options: EchoOptions): Promise<EchoResult[]> {
  let announce!: (port: number) => void;
  const listening = new Promise<number>((resolve) => {
    announce = resolve;
  });
  const server = await startChild({
    name: 'echo server',
    command: process.execPath,
    args: ['--import', 'tsx', '--import', exitWithParent, serverPath],
    cwd: repoRoot,
    onLine: (line) => {
      const match = /^\{"port":(\d+)\}$/.exec(line.trim());
      if (match) announce(Number(match[1]));
    },
  });
  const sockets: Socket[] = [];
  try {
    const port = await Promise.race([
      listening,
      server.exited.then(() => {
        throw new Error(`the echo server exited:\n${lastLines(server)}`);
      }),
    ]);
    const most = Math.max(...options.phases.map((phase) => phase.concurrency));
    for (let i = 0; i < most; i++) {
      const socket = io(`http://127.0.0.1:${port}`, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
      });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      sockets.push(socket);
    }
    const payload = (n: number) => ({ sessionId: 'bench-session-id-0123456', n });
    const batch = async (count: number, concurrency: number, rtts?: number[]) => {
      let sent = 0;
      await Promise.all(
        sockets.slice(0, concurrency).map(async (socket) => {
          while (sent < count) {
            sent++;
            const t0 = performance.now();
            await socket.timeout(5000).emitWithAck('echo', payload(sent));
            rtts?.push(performance.now() - t0);
          }
        }),
      );
    };
    await batch(options.warmup, most);
    const results: EchoResult[] = [];
    for (const phase of options.phases) {
      const rtts: number[] = [];
      const cpuBefore = cpuTimeMs(server.pid);
      const t0 = performance.now();
      await batch(phase.count, phase.concurrency, rtts);
      const wallMs = performance.now() - t0;
      const serverCpuMs = cpuTimeMs(server.pid) - cpuBefore;
      results.push({
        concurrency: phase.concurrency,
        roundTrips: rtts.length,
        wallMs,
        rtts,
        serverCpuMs,
      });
    }
    return results;
  } finally {
    for (const socket of sockets) socket.close();
    await server.stop(2000);
  }
}
