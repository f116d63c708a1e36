/**
 * The node's metrics for `GET /metrics` (operations), on prom-client. Each hub owns its registry
 * — never prom-client's global one — so two hubs in one process keep separate counts.
 *
 * The hot path pays one counter increment or histogram observation per event, on a child bound
 * to its labels once and cached; everything else (sockets, reaper, readiness, work in flight) is
 * read only when scraped. Every label value comes from a closed set of the contracts or the code
 * (flows, terminal states, end reasons, socket commands, V3 codes, limit names, route patterns,
 * register operations): no PESEL, phone number, name, claim value, id or token can become one.
 *
 * The Node process metrics (prom-client's `collectDefaultMetrics`: CPU, memory, event-loop lag,
 * GC) describe the process, not a hub, and their event-loop monitor and GC observer can never be
 * stopped: they live in one registry per process, made with the first hub, and every hub's scrape
 * ends with them. A process that builds many hubs (the tests) thus runs one monitor, not one per
 * hub, and keeps no closed hub alive through it.
 */
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import {
  citizenCommands,
  errorCodes,
  flows,
  verifierCommands,
  type EndReason,
  type Flow,
  type SessionState,
} from '../../contracts/index.js';
import { limitNames, type LimitName } from '../limits/limit-table.js';
import { registerScrapeGauges, type MetricSources } from './scrape-gauges.js';

export type { MetricSources } from './scrape-gauges.js';

/** Buckets for what a person waits on (HTTP, socket commands, approve→data), in seconds. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** Buckets for one Redis command, in seconds (sub-millisecond when healthy). */
const REDIS_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 0.25, 1];

/** The register calls (adapters/registers) that are timed. */
export type RegisterOperation = 'findPerson' | 'readDocuments' | 'sample';

/** A hub's metrics. */
export interface HubMetrics {
  readonly registry: Registry;
  /** A session was stored (any flow, F5 included). */
  sessionStarted(flow: Flow): void;
  /** A session reached a terminal state (counted by the node whose compare-and-set won). */
  sessionEnded(flow: Flow, state: SessionState, reason: EndReason): void;
  /** `session:data` was emitted; `since` is `performance.now()` when the approval arrived. */
  dataSent(flow: Flow, since: number): void;
  /** An HTTP request was answered; `route` is Hono's pattern, never the path. */
  httpRequest(method: string, route: string, status: number, seconds: number): void;
  /** An acked socket command was answered; `since` is `performance.now()` at its arrival. */
  socketCommand(event: unknown, answer: unknown, since: number): void;
  /** A volume limit or guess budget refused a request. */
  refused(limit: LimitName): void;
  /**
   * A socket handshake was refused by a cap on open sockets: this node's (`node`), or its
   * token's (`token`: a widget's session, a device).
   */
  socketCapped(cap: SocketCap): void;
  registerCall(operation: RegisterOperation, ok: boolean, seconds: number): void;
  /** One (sampled) Redis command's round trip, as this node saw it. */
  redisCommand(seconds: number): void;
  /** Binds the scrape-time gauges to this node's parts. */
  watch(sources: MetricSources): void;
  /** The text exposition and its content type. */
  scrape(): Promise<{ contentType: string; text: string }>;
}

/** The caps on open sockets (`MAX_SOCKETS_PER_NODE`, `MAX_SOCKETS_PER_TOKEN`). */
export const socketCaps = ['node', 'token'] as const;
/** One of `socketCaps`. */
export type SocketCap = (typeof socketCaps)[number];

const COMMANDS = new Set<string>([...verifierCommands, ...citizenCommands]);
const CODES = new Set<string>(errorCodes);
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Children bound to their labels, made once per label combination (keyed) and reused. */
function cached<C>(): (key: string, make: () => C) => C {
  const children = new Map<string, C>();
  return (key, make) => {
    let child = children.get(key);
    if (child === undefined) {
      child = make();
      children.set(key, child);
    }
    return child;
  };
}

/** The V3 code of an ack, or `ok`; anything else counts as `internal`. */
function resultOf(answer: unknown): string {
  const ack = answer as { ok?: unknown; error?: { code?: unknown } } | undefined;
  if (ack?.ok === true) return 'ok';
  const code = ack?.error?.code;
  return typeof code === 'string' && CODES.has(code) ? code : 'internal';
}

let processMetrics: Registry | undefined;

/** The registry of the Node process metrics: one per process (see the header). */
function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
  }
  return processMetrics;
}

/** Creates a hub's registry and metrics. */
export function createHubMetrics(): HubMetrics {
  const registry = new Registry();
  const registers = [registry];
  let sources: MetricSources | undefined;
  const node = processRegistry();

  const started = new Counter({
    name: 'mdok_sessions_started_total',
    help: 'Sessions created on this node, by flow.',
    labelNames: ['flow'],
    registers,
  });
  const ended = new Counter({
    name: 'mdok_sessions_ended_total',
    help: 'Sessions that reached a terminal state on this node, by flow, state and end reason.',
    labelNames: ['flow', 'outcome', 'reason'],
    registers,
  });
  const approveToData = new Histogram({
    name: 'mdok_approve_to_data_seconds',
    help: "From the approval's arrival (request:approve, otp:submit; F5: the delivery's start) to session:data emitted to the widget's room.",
    labelNames: ['flow'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const http = new Histogram({
    name: 'mdok_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status (POST /v1/sessions: creating a session).',
    labelNames: ['method', 'route', 'status'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const commands = new Histogram({
    name: 'mdok_socket_command_duration_seconds',
    help: 'Acked socket commands from arrival to ack, by command and result (ok or the V3 code).',
    labelNames: ['command', 'result'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const refusals = new Counter({
    name: 'mdok_rate_limit_refusals_total',
    help: 'Requests refused by a volume limit or guess budget (hub/limits/limit-table.ts).',
    labelNames: ['limit'],
    registers,
  });
  const capped = new Counter({
    name: 'mdok_socket_cap_refusals_total',
    help: 'Socket handshakes refused by a cap on open sockets: per node or per token.',
    labelNames: ['cap'],
    registers,
  });
  const register = new Histogram({
    name: 'mdok_register_call_duration_seconds',
    help: 'Register calls by operation and result (ok, error).',
    labelNames: ['operation', 'result'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const redis = new Histogram({
    name: 'mdok_redis_command_duration_seconds',
    help: 'Redis commands from issue to answer as this node sees them (one in 8 sampled).',
    buckets: REDIS_BUCKETS,
    registers,
  });
  registerScrapeGauges(registers, () => sources);

  // The series of the small closed sets exist at 0 from the start, so that rate() and
  // increase() see their first event.
  for (const flow of flows) {
    started.inc({ flow }, 0);
    approveToData.zero({ flow });
  }
  for (const limit of limitNames) refusals.inc({ limit }, 0);
  for (const cap of socketCaps) capped.inc({ cap }, 0);
  for (const command of COMMANDS) commands.zero({ command, result: 'ok' });
  const startedOf = Object.fromEntries(flows.map((f) => [f, started.labels(f)]));
  const dataOf = Object.fromEntries(flows.map((f) => [f, approveToData.labels(f)]));
  const refusedOf = Object.fromEntries(limitNames.map((n) => [n, refusals.labels(n)]));
  const endedOf = cached<Counter.Internal>();
  const commandOf = cached<Histogram.Internal<string>>();
  const httpOf = cached<Histogram.Internal<string>>();
  const registerOf = cached<Histogram.Internal<string>>();

  return {
    registry,
    sessionStarted: (flow) => startedOf[flow]!.inc(),
    sessionEnded: (flow, state, reason) =>
      endedOf(`${flow} ${state} ${reason}`, () => ended.labels(flow, state, reason)).inc(),
    dataSent: (flow, since) => dataOf[flow]!.observe((performance.now() - since) / 1000),
    httpRequest(method, route, status, seconds) {
      const m = METHODS.has(method) ? method : 'other';
      const key = `${m} ${status} ${route}`;
      httpOf(key, () => http.labels(m, route, String(status))).observe(seconds);
    },
    socketCommand(event, answer, since) {
      if (typeof event !== 'string' || !COMMANDS.has(event)) return;
      const result = resultOf(answer);
      const child = commandOf(`${event} ${result}`, () => commands.labels(event, result));
      child.observe((performance.now() - since) / 1000);
    },
    refused: (limit) => refusedOf[limit]?.inc(),
    socketCapped: (cap) => capped.inc({ cap }),
    registerCall(operation, ok, seconds) {
      const result = ok ? 'ok' : 'error';
      registerOf(`${operation} ${result}`, () => register.labels(operation, result)).observe(
        seconds,
      );
    },
    redisCommand: (seconds) => redis.observe(seconds),
    watch(watched) {
      sources = watched;
    },
    async scrape() {
      const [own, nodeText] = await Promise.all([registry.metrics(), node.metrics()]);
      return { contentType: registry.contentType, text: `${own}\n${nodeText}` };
    },
  };
}
