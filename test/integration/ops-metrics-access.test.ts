/**
 * `GET /metrics` (operations, issue 9): who may scrape, and whose counts a scrape shows. With
 * `METRICS_TOKEN` only that bearer token opens it (not the admin credential, A5); without it a
 * production node has no such route (404) and a dev-mode one serves it openly. Two hubs in one
 * process keep separate registries, and neither uses prom-client's global one.
 */
import { register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { expectHttpError, idRequest, useHubs } from '../helpers/fixtures.js';
import { scrapeMetrics } from '../helpers/metrics-scrape.js';

const hubs = useHubs();
const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

describe('[operations] the metrics of one hub are its own', () => {
  it('two hubs in one process keep separate registries, neither the global one', async () => {
    const [a, b] = [await hubs.start(), await hubs.start()];
    expect(a.hub.ctx.metrics.registry).not.toBe(b.hub.ctx.metrics.registry);
    await a.createSession('bank', { flow: 'code', request: idRequest() });
    const [onA, onB] = [await scrapeMetrics(a.url), await scrapeMetrics(b.url)];
    expect(onA.value('mdok_sessions_started_total', { flow: 'code' })).toBe(1);
    expect(onB.value('mdok_sessions_started_total', { flow: 'code' })).toBe(0);
    const global = await globalRegistry.getMetricsAsJSON();
    expect(global.filter((m) => m.name.startsWith('mdok_'))).toEqual([]);
  });
});

describe('[operations] who may scrape', () => {
  it('production without METRICS_TOKEN: there is no /metrics (404)', async () => {
    const prod = await hubs.start({ config: { devMode: false } });
    expectHttpError(await prod.api('GET', '/metrics'), 404, 'not_found');
  });

  it('[A5] with METRICS_TOKEN: only that bearer token scrapes (not the admin credential)', async () => {
    for (const devMode of [false, true]) {
      const hub = await hubs.start({ config: { devMode }, deps: { metricsToken: METRICS_TOKEN } });
      const none = await hub.api('GET', '/metrics');
      expectHttpError(none, 401, 'unauthorized');
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expectHttpError(
        await hub.api('GET', '/metrics', { auth: hub.adminToken }),
        401,
        'unauthorized',
      );
      expectHttpError(
        await hub.api('GET', '/metrics', { auth: `${METRICS_TOKEN}x` }),
        401,
        'unauthorized',
      );
      const scrape = await scrapeMetrics(hub.url, METRICS_TOKEN);
      expect(scrape.status).toBe(200);
      expect(scrape.value('mdok_ready')).toBe(1);
    }
  });
});
