/**
 * The metrics read from a node's parts only when `GET /metrics` is scraped — sockets per
 * namespace, readiness, work in flight, the reaper's backlog, lag and moves — so that none of
 * them costs anything between scrapes. Part of the hub's metrics (metrics.ts).
 */
import { Counter, Gauge, type Registry } from 'prom-client';

/** A namespace as the socket gauge sees it: its sockets on this node. */
interface Sockets {
  sockets: { size: number };
}

/** What the scrape-time gauges read: the node's reaper, readiness, work in flight, sockets. */
export interface MetricSources {
  reaper: {
    stats(): {
      backlog: number;
      lagMs: number;
      maxLagMs: number;
      moved: number;
      lastPassMs: number;
    };
  };
  /** Its last verdict is read (a scrape starts no readiness round). */
  readiness: { last(): { ready: boolean } };
  inFlight: { count(): number };
  namespaces: { verifier: Sockets; citizen: Sockets };
}

/** Gauges (and the reaper's counter) read from the node's parts when scraped. */
export function registerScrapeGauges(
  registers: Registry[],
  sources: () => MetricSources | undefined,
): void {
  const gauge = (name: string, help: string, read: (s: MetricSources) => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        const s = sources();
        if (s) this.set(read(s));
      },
    });
  new Gauge({
    name: 'mdok_sockets_connected',
    help: 'Sockets connected to this node, by namespace.',
    labelNames: ['namespace'],
    registers,
    collect() {
      const namespaces = sources()?.namespaces;
      if (!namespaces) return;
      this.set({ namespace: '/verifier' }, namespaces.verifier.sockets.size);
      this.set({ namespace: '/citizen' }, namespaces.citizen.sockets.size);
    },
  });
  gauge('mdok_ready', '1 when the last readiness round passed (/readyz), else 0.', (s) =>
    s.readiness.last().ready ? 1 : 0,
  );
  gauge('mdok_in_flight', 'HTTP requests and acked socket commands being handled now.', (s) =>
    s.inFlight.count(),
  );
  gauge(
    'mdok_reaper_backlog',
    'Sessions whose window is over and not yet moved (counted when a reaper pass begins).',
    (s) => s.reaper.stats().backlog,
  );
  gauge(
    'mdok_reaper_lag_seconds',
    'How late the latest session the reaper moved was, past its deadline.',
    (s) => s.reaper.stats().lagMs / 1000,
  );
  gauge(
    'mdok_reaper_max_lag_seconds',
    'The worst lateness of a session moved by the current or last reaper pass.',
    (s) => s.reaper.stats().maxLagMs / 1000,
  );
  gauge(
    'mdok_reaper_last_pass_seconds',
    'Duration of the last finished reaper pass.',
    (s) => s.reaper.stats().lastPassMs / 1000,
  );
  let counted = 0;
  new Counter({
    name: 'mdok_reaper_moved_total',
    help: 'Sessions whose window ended that this node moved (timed out, failed, expired).',
    registers,
    collect() {
      const moved = sources()?.reaper.stats().moved ?? counted;
      if (moved > counted) this.inc(moved - counted);
      counted = moved;
    },
  });
}
