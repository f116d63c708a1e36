/**
 * Routes for anyone and for operators: the JWKS that verifies presentations (D4), liveness and
 * readiness probes.
 */
import { Hono } from 'hono';
import type { HubContext } from '../context.js';
import type { HubEnv } from './auth.middleware.js';

/** `/.well-known/jwks.json`, `/healthz`, `/readyz`. */
export function systemRoutes(ctx: HubContext): Hono<HubEnv> {
  const app = new Hono<HubEnv>();
  app.get('/.well-known/jwks.json', (c) => {
    c.header('cache-control', 'public, max-age=300');
    // Widgets on institutions' pages fetch it cross-origin to check signatures.
    c.header('access-control-allow-origin', '*');
    return c.json({ keys: [ctx.keys.signing.publicJwk] });
  });
  app.get('/healthz', (c) => c.json({ status: 'ok', node: ctx.config.nodeId }));
  app.get('/readyz', async (c) => {
    try {
      await ctx.sessions.readKey('readyz');
      await ctx.records.verifiers.get('readyz');
      return c.json({ status: 'ready', node: ctx.config.nodeId });
    } catch (error) {
      ctx.logger.warn({ err: error }, 'not ready');
      return c.json({ error: { code: 'internal', message: 'a store is not reachable' } }, 503);
    }
  });
  return app;
}
