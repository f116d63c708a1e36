/**
 * `createHub(deps)`: one hub node — the Hono app, the HTTP server and the Socket.IO server on
 * one port (websocket transport), the reaper that enforces windows, the QR ticker. Takes every
 * store, adapter and key as an argument; reads no environment (only `hub/main.ts` does).
 */
import type { AddressInfo } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import type { Hono } from 'hono';
import pino, { type Logger } from 'pino';
import { Server } from 'socket.io';
import type { SmsMessage } from '../contracts/index.js';
import type { RecordStore } from '../adapters/records/index.js';
import type { RegisterAdapter } from '../adapters/registers/index.js';
import type { SessionStore } from '../adapters/sessions/index.js';
import type { SmsGateway } from '../adapters/sms/index.js';
import { createMemoryWebhookOutbox, type WebhookOutbox } from '../adapters/webhooks/index.js';
import { systemClock, type Clock } from './clock.js';
import type { HubConfig } from './config.js';
import type { HubContext } from './context.js';
import { createApp } from './http/app.js';
import type { HubEnv } from './http/auth.middleware.js';
import { createClientIpResolver } from './limits/client-ip.js';
import { limitTable } from './limits/limit-table.js';
import { createLimiter, type Limiter } from './limits/limiter.js';
import { boundedRegister } from './ops/bounded-register.js';
import { createInFlight, socketCommandTracker, type InFlight } from './ops/in-flight.js';
import { meteredLimiter } from './ops/metered-limiter.js';
import { createHubMetrics, type HubMetrics } from './ops/metrics.js';
import { createReadiness, type Readiness, type ReadinessCheck } from './ops/readiness.js';
import { storesCheck } from './ops/readiness-checks.js';
import { shutdownHub } from './ops/shutdown.js';
import type { HubKeys } from './security/hub-keys.js';
import { createTokenService } from './security/tokens.js';
import { startReaper, type Reaper } from './sessions/reaper.js';
import type { Session } from './sessions/session.js';
import { attachCitizenNamespace } from './sockets/citizen.handlers.js';
import { createQrTicker, type QrTicker } from './sockets/qr-ticker.js';
import { createSocketNotifier } from './sockets/socket-notifier.js';
import { startSessionWatchdog, type SessionWatchdog } from './sockets/session-watchdog.js';
import { createSocketGuard } from './sockets/socket-guard.js';
import { namespacesOf } from './sockets/socket-types.js';
import { attachVerifierNamespace, replayTo } from './sockets/verifier.handlers.js';
import { startWebhookSender, type WebhookSender } from './webhooks/webhook-sender.js';

/** What a hub node is built from. */
export interface HubDeps {
  config: HubConfig;
  keys: HubKeys;
  /** The admin credential (A5). */
  adminToken: string;
  /** The bearer token of `GET /metrics`; without it: open in dev mode, else 404. */
  metricsToken?: string | undefined;
  sessions: SessionStore<Session>;
  records: RecordStore;
  registers: RegisterAdapter;
  sms: SmsGateway;
  /** Dev-mode reader of sent SMS (the console gateway's outbox). */
  smsOutbox?: ((phone: string) => SmsMessage[]) | undefined;
  /** Default: the wall clock. */
  clock?: Clock;
  /** Default: a silent pino logger. */
  logger?: Logger;
  /** Extra HTTP routes (demo pages, front ends), mounted after the API. */
  extraRoutes?: (ctx: HubContext) => Hono<HubEnv>;
  /** Default: in-memory counters over `config.limits` (a cluster passes Redis-backed ones). */
  limiter?: Limiter;
  /** Hook to attach a Socket.IO adapter (Redis) before namespaces are used. */
  configureIo?: (io: Server) => void;
  /**
   * Whether the adapter `configureIo` attaches links nodes: rooms and server-side events span
   * every node (the Redis adapter). Default: false (one node, Socket.IO's in-memory adapter).
   */
  cluster?: boolean;
  /**
   * Readiness checks beyond "the stores answer" (Redis PING, the records' deployment marker).
   * Default: none.
   */
  readinessChecks?: ReadinessCheck[];
  /** Default: an in-memory outbox (a cluster passes the Redis one). */
  webhooks?: WebhookOutbox;
  /** Default: new ones (main.ts makes them first, to time Redis commands as well). */
  metrics?: HubMetrics;
}

/** A running (or ready to run) hub node. */
export interface Hub {
  ctx: HubContext;
  app: Hono<HubEnv>;
  server: HttpServer;
  io: Server;
  reaper: Reaper;
  /** Reconciles this node's sockets with the store (events lost in a Redis outage). */
  watchdog: SessionWatchdog;
  /** Whether the node should get traffic (`/readyz`). */
  readiness: Readiness;
  /** HTTP requests and acked socket commands being handled now. */
  inFlight: InFlight;
  /** Posts due webhook events (any node sends any verifier's). */
  webhookSender: WebhookSender;
  /** Listens on `port` (0: any free one) and resolves with the real port and base URL. */
  listen(port?: number, host?: string): Promise<{ port: number; url: string }>;
  /** Stops timers, closes sockets and the server; the stores stay open (the caller owns them). */
  close(): Promise<void>;
  /**
   * Graceful shutdown (SIGTERM): not ready at once, stops accepting connections, lets requests
   * and socket commands in flight finish for up to `config.shutdownGraceMs`, then closes every
   * socket's transport so that clients reconnect to another node, and closes the server. The
   * stores stay open (the caller owns them). Resolves with whether everything in flight finished.
   */
  shutdown(): Promise<{ drained: boolean }>;
}

/** Builds a hub node. */
export function createHub(deps: HubDeps): Hub {
  const { config } = deps;
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? pino({ level: 'silent' });
  // The notifier needs the ticker and the ticker needs the finished context: bind it late.
  const tickerRef: { current?: QrTicker } = {};
  const inFlight = createInFlight();
  const metrics = deps.metrics ?? createHubMetrics();
  const server = createAdaptorServer({
    fetch: async (req, env) => {
      const leave = inFlight.enter();
      try {
        return await app.fetch(req, env);
      } finally {
        leave();
      }
    },
    // Slow-header and slow-body clients must not hold connections for Node's minutes; Node
    // checks these deadlines every `connectionsCheckingInterval` (default 30 s).
    serverOptions: {
      headersTimeout: config.headersTimeoutMs,
      requestTimeout: config.requestTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, config.headersTimeoutMs),
    },
  }) as HttpServer;
  const io = new Server(server, {
    transports: ['websocket'],
    maxHttpBufferSize: config.socketMaxPayloadBytes,
    serveClient: false,
  });
  deps.configureIo?.(io);
  const namespaces = namespacesOf(io);
  const ctx: HubContext = {
    config,
    clock,
    keys: deps.keys,
    tokens: createTokenService({
      keys: deps.keys,
      clock,
      widgetTtlMs: config.widgetTokenTtlMs,
      citizenTtlMs: config.citizenTokenTtlMs,
    }),
    sessions: deps.sessions,
    records: deps.records,
    // A remote register that stops answering must not hang approvals (operations).
    registers: boundedRegister(deps.registers, config.registerTimeoutMs, metrics.registerCall),
    sms: deps.sms,
    limiter: meteredLimiter(
      deps.limiter ?? createLimiter(limitTable(config.limits)),
      metrics.refused,
    ),
    clientIp: createClientIpResolver(config.trustedProxies),
    notify: createSocketNotifier(namespaces, () => tickerRef.current, deps.cluster ?? false),
    webhooks: deps.webhooks ?? createMemoryWebhookOutbox(),
    logger,
    metrics,
  };
  const ticker = createQrTicker(ctx);
  tickerRef.current = ticker;
  const guard = createSocketGuard(
    ctx,
    io,
    namespaces,
    socketCommandTracker(inFlight, metrics.socketCommand),
  );
  attachVerifierNamespace(ctx, namespaces.verifier, ticker, guard);
  attachCitizenNamespace(ctx, namespaces.citizen, guard);
  const readiness = createReadiness({
    checks: [storesCheck(ctx), ...(deps.readinessChecks ?? [])],
    timeoutMs: config.readinessTimeoutMs,
    intervalMs: config.readinessIntervalMs,
    logger,
  });
  const app = createApp(ctx, {
    adminToken: deps.adminToken,
    metricsToken: deps.metricsToken,
    smsOutbox: deps.smsOutbox,
    extra: deps.extraRoutes?.(ctx),
    readiness,
  });
  const reaper = startReaper(ctx);
  const webhookSender = startWebhookSender(ctx);
  const watchdog = startSessionWatchdog(
    ctx,
    namespaces,
    (socket, session) => replayTo(ctx, socket, ticker, session),
    config.watchdogIntervalMs,
  );
  metrics.watch({ reaper, readiness, inFlight, namespaces });

  return {
    ctx,
    app,
    server,
    io,
    reaper,
    watchdog,
    readiness,
    inFlight,
    webhookSender,
    listen(port = 0, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const shownHost = host.includes(':') ? `[${host}]` : host;
          resolve({ port: address.port, url: `http://${shownHost}:${address.port}` });
        });
      });
    },
    async close() {
      reaper.stop();
      watchdog.stop();
      await webhookSender.stop();
      ticker.stop();
      readiness.stop();
      io.disconnectSockets(true);
      // io.close() closes the HTTP server too, and Node's close() waits for every connection,
      // including one that never sent a request (a browser's preconnect) until its headers
      // time out — a minute and more. None is worth waiting for here.
      const closed = new Promise<void>((resolve) => io.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
    shutdown() {
      return shutdownHub({
        config,
        logger,
        server,
        io,
        reaper,
        webhooks: webhookSender,
        watchdog,
        ticker,
        readiness,
        inFlight,
      });
    },
  };
}
