/**
 * Graceful shutdown of one hub node (SIGTERM, SIGINT, a rolling deploy). The order matters:
 *
 * 1. Not ready at once, so load balancers stop sending traffic (`/readyz` answers 503).
 * 2. After `shutdownDelayMs` (time for the balancer to notice), the port stops accepting new
 *    connections; idle keep-alive connections are closed.
 * 3. HTTP requests and acked socket commands already in flight may finish, for at most
 *    `shutdownGraceMs`; sockets stay connected meanwhile so their acks can arrive.
 * 4. Timers stop (the reaper finishes its pass; other nodes' reapers take over its sessions);
 *    the webhook sender stops polling and lets its POSTs in flight finish.
 * 5. Every socket's transport is closed *without* a Socket.IO disconnect packet: clients see
 *    `transport close`, which socket.io-client answers by reconnecting — through the balancer, to
 *    another node, where they resume from the store (§8). A server-side `disconnect(true)` would
 *    say `io server disconnect`, which clients take as "do not reconnect".
 * 6. Remaining HTTP connections are closed (also one that never sent a request) and the server
 *    stops.
 */
import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import type { Server } from 'socket.io';
import type { HubConfig } from '../config.js';
import type { Reaper } from '../sessions/reaper.js';
import type { InFlight } from './in-flight.js';
import type { Readiness } from './readiness.js';

/** What a shutdown needs of the node. */
export interface ShutdownParts {
  config: HubConfig;
  logger: Logger;
  server: HttpServer;
  io: Server;
  reaper: Reaper;
  /** Keeps sending while work drains (sessions that end then queue webhooks); stopped after. */
  webhooks: { stop(): Promise<void> };
  watchdog: { stop(): void };
  ticker: { stop(): void };
  readiness: Readiness;
  inFlight: InFlight;
}

/** Longest wait for transports to flush and for Socket.IO to close, in ms. */
const CLOSE_BOUND_MS = 2_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** An Engine.IO client connection (the typings do not expose the server's client map). */
interface EngineClient {
  readyState: string;
  close(discard?: boolean): void;
  once(event: 'close', listener: () => void): void;
}

/**
 * Closes every client's transport after what it has buffered (last acks) is written, and waits
 * (at most `boundMs`) until they are gone. Clients see `transport close` and reconnect.
 */
async function closeTransports(io: Server, boundMs: number): Promise<void> {
  const clients = Object.values(
    (io.engine as unknown as { clients: Record<string, EngineClient> }).clients,
  );
  const closed = clients.map(
    (client) =>
      new Promise<void>((resolve) => {
        if (client.readyState === 'closed') return resolve();
        client.once('close', () => resolve());
        client.close();
      }),
  );
  await Promise.race([Promise.all(closed), sleep(boundMs)]);
}

/** Runs the shutdown; resolves with whether everything in flight finished within the grace. */
export async function shutdownHub(parts: ShutdownParts): Promise<{ drained: boolean }> {
  const { config, logger, server, io, inFlight } = parts;
  parts.readiness.drain();
  parts.readiness.stop();
  logger.info(
    { inFlight: inFlight.count(), sockets: io.engine.clientsCount },
    'shutting down: not ready',
  );
  if (config.shutdownDelayMs > 0) await sleep(config.shutdownDelayMs);
  const serverClosed = server.listening
    ? new Promise<void>((resolve) => server.close(() => resolve()))
    : Promise.resolve();
  const drained = await inFlight.idle(config.shutdownGraceMs);
  if (!drained) {
    logger.warn(
      { inFlight: inFlight.count(), graceMs: config.shutdownGraceMs },
      'shutting down: work still in flight after the grace period',
    );
  }
  parts.watchdog.stop();
  parts.ticker.stop();
  await Promise.race([parts.reaper.stop(), sleep(config.shutdownGraceMs)]);
  // POSTs in flight finish (each has its own time limit) rather than being cut at exit and sent
  // again by another node once their lease runs out; what is not yet due stays in the outbox.
  await Promise.race([parts.webhooks.stop(), sleep(config.shutdownGraceMs)]);
  const sockets = io.engine.clientsCount;
  await closeTransports(io, CLOSE_BOUND_MS);
  // Bounded: the Redis adapter unsubscribes on close, which a frozen Redis would never answer.
  const ioClosed = new Promise<void>((resolve) => io.close(() => resolve()));
  // What is left is not worth waiting for: io.close() closes the HTTP server, whose close()
  // would wait for a connection that never sent a request (a browser's preconnect).
  server.closeAllConnections();
  await Promise.race([ioClosed, sleep(CLOSE_BOUND_MS)]);
  await serverClosed;
  logger.info({ drained, socketsClosed: sockets }, 'shutdown complete');
  return { drained };
}
