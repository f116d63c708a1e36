/**
 * Just enough of the Chrome DevTools protocol to weigh another Node process's live memory: a
 * child started with `--inspect=127.0.0.1:0` prints its inspector's WebSocket URL; through it the
 * benchmark asks for a full garbage collection — in the main thread and in every worker thread
 * (pino's transport has a heap of its own, which otherwise shrinks whenever it pleases) — and
 * reads `process.memoryUsage()`, so that RSS compared before and after opening sockets is not
 * blurred by garbage or by heap slack left over from earlier work.
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
  /** A full garbage collection (`HeapProfiler.collectGarbage`) in every thread. */
  collectGarbage(): Promise<void>;
  memoryUsage(): Promise<MemoryUsage>;
  close(): void;
}

interface Message {
  id?: number;
  method?: string;
  params?: { sessionId?: string; message?: string };
  result?: unknown;
  error?: { message: string };
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
  const workers = new Set<string>();
  const settle = (message: Message) => {
    const waiter = message.id === undefined ? undefined : waiting.get(message.id);
    if (!waiter) return;
    waiting.delete(message.id!);
    if (message.error) waiter.reject(new Error(`inspector: ${message.error.message}`));
    else waiter.resolve(message.result);
  };
  socket.on('message', (raw) => {
    const message = JSON.parse(String(raw)) as Message;
    if (message.method === 'NodeWorker.attachedToWorker') workers.add(message.params!.sessionId!);
    if (message.method === 'NodeWorker.detachedFromWorker') {
      workers.delete(message.params!.sessionId!);
    }
    // A worker's answers come wrapped; ids are unique across threads.
    if (message.method === 'NodeWorker.receivedMessageFromWorker') {
      settle(JSON.parse(message.params!.message!) as Message);
    }
    settle(message);
  });
  const call = (method: string, params: object = {}, worker?: string) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      const message = JSON.stringify({ id, method, params });
      socket.send(
        worker === undefined
          ? message
          : JSON.stringify({
              id: nextId++,
              method: 'NodeWorker.sendMessageToWorker',
              params: { sessionId: worker, message },
            }),
      );
    });
  await call('NodeWorker.enable', { waitForDebuggerOnStart: false });
  // The running workers announce themselves right after; give them a moment.
  await new Promise((resolve) => setTimeout(resolve, 200));
  return {
    async collectGarbage() {
      await Promise.all([
        call('HeapProfiler.collectGarbage'),
        ...[...workers].map((worker) => call('HeapProfiler.collectGarbage', {}, worker)),
      ]);
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
