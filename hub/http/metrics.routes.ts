/**
 * `GET /metrics` (operations): the node's metrics in Prometheus' text format. Not for the
 * internet: with `METRICS_TOKEN` set, a scraper must send `Authorization: Bearer <METRICS_TOKEN>`
 * (else 401); without it the endpoint is open in dev mode only and answers 404 in production, as
 * if it did not exist. The token is compared in constant time; it is not the admin credential
 * (A5), so a scraper's configuration never holds that.
 */
import { Hono } from 'hono';
import { HubError } from '../errors.js';
import type { HubContext } from '../context.js';
import { safeEqual, sha256Hex } from '../security/crypto.js';
import type { HubEnv } from './auth.middleware.js';

/** The route; `token` is `METRICS_TOKEN` (undefined: none). */
export function metricsRoutes(ctx: HubContext, token: string | undefined): Hono<HubEnv> {
  const app = new Hono<HubEnv>();
  const expected = token === undefined ? undefined : sha256Hex(token);
  app.get('/metrics', async (c) => {
    if (expected === undefined) {
      if (!ctx.config.devMode) throw new HubError('not_found', 'no such route');
    } else {
      const sent = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
      if (!safeEqual(sha256Hex(sent), expected)) {
        c.header('www-authenticate', 'Bearer realm="metrics"');
        throw new HubError('unauthorized', 'Authorization: Bearer <METRICS_TOKEN> is required');
      }
    }
    const { contentType, text } = await ctx.metrics.scrape();
    return c.body(text, 200, { 'content-type': contentType, 'cache-control': 'no-store' });
  });
  return app;
}
