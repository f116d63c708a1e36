/**
 * Routes for anyone and for operators: the JWKS that verifies presentations (D4), liveness and
 * readiness probes. `/healthz` says the process is up; `/readyz` runs the node's readiness
 * checks (stores, Redis, the records' deployment marker, shutdown) within a time bound and
 * answers 503 in the V2 shape, naming the first failing check, when the node should not get
 * traffic.
 */
import { Hono } from 'hono';
import type { ErrorBody } from '../../contracts/index.js';
import type { HubContext } from '../context.js';
import type { Readiness } from '../ops/readiness.js';
import { storesCheck } from '../ops/readiness-checks.js';
import type { HubEnv } from './auth.middleware.js';

/** `/.well-known/jwks.json`, `/healthz`, `/readyz`. */
export function systemRoutes(ctx: HubContext, readiness?: Readiness): Hono<HubEnv> {
  const app = new Hono<HubEnv>();
  app.get('/.well-known/jwks.json', (c) => {
    c.header('cache-control', 'public, max-age=300');
    // Widgets on institutions' pages fetch it cross-origin to check signatures.
    c.header('access-control-allow-origin', '*');
    return c.json({ keys: [ctx.keys.signing.publicJwk] });
  });
  app.get('/healthz', (c) => c.json({ status: 'ok', node: ctx.config.nodeId }));
  const stores = storesCheck(ctx);
  app.get('/readyz', async (c) => {
    c.header('cache-control', 'no-store');
    let failure: string | undefined;
    if (readiness) {
      const report = await readiness.check();
      if (report.failed) failure = `${report.failed.check}: ${report.failed.reason}`;
    } else {
      // Without a readiness monitor (an app built alone): the stores answer, or not.
      failure = await stores.check().then(
        () => undefined,
        (error: Error) => `stores: ${error.message}`,
      );
    }
    if (failure === undefined) return c.json({ status: 'ready', node: ctx.config.nodeId });
    return c.json(
      { error: { code: 'internal', message: `not ready: ${failure}` } } satisfies ErrorBody,
      503,
    );
  });
  return app;
}
