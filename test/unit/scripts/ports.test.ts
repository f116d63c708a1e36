/**
 * Ports handed to other processes come from below the kernel's ephemeral range, where no outgoing
 * connection takes them between the asking and the listening; they are free when handed out.
 */
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ephemeralLow,
  freePort,
  freePortRun,
  isPortFree,
  takenPorts,
} from '../../../scripts/lib/ports.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
});

const listen = (port: number) =>
  new Promise<Server>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
    servers.push(server);
  });

describe('scripts/lib/ports', () => {
  it('hands out ports below the ephemeral range that can be listened on', async () => {
    const low = ephemeralLow();
    expect(low).toBeGreaterThan(1024);
    const ports = new Set<number>();
    for (let i = 0; i < 5; i++) ports.add(await freePort());
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(20_000);
      expect(port).toBeLessThan(low);
      await listen(port);
    }
  });

  it('finds a run of consecutive free ports and tells taken ones apart', async () => {
    const first = await freePortRun(3);
    expect(first + 2).toBeLessThan(ephemeralLow());
    expect(await takenPorts([first, first + 1, first + 2])).toEqual([]);
    await listen(first + 1);
    expect(await isPortFree(first + 1)).toBe(false);
    expect(await takenPorts([first, first + 1, first + 2])).toEqual([first + 1]);
  });
});
