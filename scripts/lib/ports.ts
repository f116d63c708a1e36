/**
 * Ports for the operator scripts and the test harness: a free port for another process to listen
 * on, whether a port is free on a host, and runs of consecutive free ports.
 *
 * A port handed to another process stays unclaimed until that process listens, seconds later on
 * a busy machine. Linux hands out the ports of outgoing connections (and of `listen(0)`) from its
 * ephemeral range, so a port taken from there can meanwhile become the local end of some other
 * connection — the next test's Redis client, say — and the process then fails with EADDRINUSE.
 * Ports below that range are only ever taken by someone asking for them by number.
 */
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** The lowest port handed out: below it sit the well-known services (Redis 6379, 3000, 8080…). */
const FLOOR = 20_000;

/** The low end of the kernel's ephemeral port range (Linux: from /proc; else its default). */
export function ephemeralLow(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    if (low !== undefined && Number.isInteger(low) && low > 0) return low;
  } catch {
    // Not Linux: its default range.
  }
  return 32_768;
}

/** A port the OS calls free now (`listen(0)`, then released): from the ephemeral range. */
function osFreePort(): Promise<number> {
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

/** A random start for a run of `count` ports below the ephemeral range; null if there is none. */
function randomStart(count: number): number | null {
  const span = ephemeralLow() - FLOOR - count;
  return span < 1_000 ? null : FLOOR + randomInt(span);
}

/** A free TCP port on 127.0.0.1 for another process to listen on (below the ephemeral range). */
export async function freePort(): Promise<number> {
  return freePortRun(1);
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

/** The first of `count` consecutive free ports on 127.0.0.1 (below the ephemeral range). */
export async function freePortRun(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    // Where the ephemeral range starts too low to leave room below it, the OS's choice it is.
    const first = randomStart(count) ?? (await osFreePort());
    if (first + count - 1 > 65535) continue;
    const run = Array.from({ length: count }, (_, i) => first + i);
    if ((await takenPorts(run)).length === 0) return first;
  }
  throw new Error(`no run of ${count} consecutive free ports found`);
}
