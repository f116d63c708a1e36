/**
 * Ports for the operator scripts and the test harness: a free port asked of the OS, whether a
 * port is free on a host, and runs of consecutive free ports.
 */
import { createServer } from 'node:net';

/** A free TCP port on 127.0.0.1 (asked of the OS, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Whether nothing listens on `port` at `host` (tried by listening there for a moment). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** The ports of `ports` that are taken at `host`. */
export async function takenPorts(ports: number[], host = '127.0.0.1'): Promise<number[]> {
  const free = await Promise.all(ports.map((port) => isPortFree(port, host)));
  return ports.filter((_, i) => !free[i]);
}

/** The first of `count` consecutive free ports on 127.0.0.1 (retried a few times). */
export async function freePortRun(count: number): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const first = await freePort();
    if (first + count - 1 > 65535) continue;
    const run = Array.from({ length: count }, (_, i) => first + i);
    if ((await takenPorts(run)).length === 0) return first;
  }
  throw new Error(`no run of ${count} consecutive free ports found`);
}
