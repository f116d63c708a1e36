/**
 * Just enough of the Chrome DevTools protocol to weigh another Node process's live memory: a
 * child started with `--inspect=127.0.0.1:0` prints its inspector's WebSocket URL; through it the
 * benchmark asks for a full garbage collection (V8 collects everything it can and gives freed
 * pages back) and reads `process.memoryUsage()`, so that RSS compared before and after opening
 * sockets is not blurred by garbage or by heap slack left over from earlier work.
 */
import { WebSocket } from 'ws';

/** The line a child started with `--inspect` writes to stderr. */
export const inspectorLine = /^Debugger listening on (ws:\/\/\S+)$/;

/** `process.memoryUsage()` of the inspected process, bytes. */
export interface MemoryUsage {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

/** A connection to one process's inspector. */
export interface Inspector {
  /** A full garbage collection (`HeapProfiler.collectGarbage`). */
  collectGarbage(): Promise<void>;
  memoryUsage(): Promise<MemoryUsage>;
  close(): void;
}

/** Connects to the inspector at `url`. */
export async function connectInspector(url: string): Promise<Inspector> {
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let nextId = 1;
  const waiting = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void }>();
  socket.on('message', (raw) => {
    const message = JSON.parse(String(raw)) as {
      id?: number;
      result?: unknown;
      error?: { message: string };
    };
    const waiter = message.id === undefined ? undefined : waiting.get(message.id);
    if (!waiter) return;
    waiting.delete(message.id!);
    if (message.error) waiter.reject(new Error(`inspector: ${message.error.message}`));
    else waiter.resolve(message.result);
  });
  const call = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, method, params }));
    });
  return {
    async collectGarbage() {
      await call('HeapProfiler.collectGarbage');
    },
    async memoryUsage() {
      const result = (await call('Runtime.evaluate', {
        expression: 'JSON.stringify(process.memoryUsage())',
        returnByValue: true,
      })) as { result: { value: string } };
      return JSON.parse(result.result.value) as MemoryUsage;
    },
    close() {
      socket.close();
    },
  };
}
