/**
 * The Hono application: request ids, the body size limit (413), every route group, and the one
 * place where errors become the V2 shape (anything unexpected is logged and answered `internal`).
 * Paths with malformed percent-escapes are refused up front (404, an `info` line, no stack): they
 * are garbage from the outside, not a fault of the hub. While readiness says the record store lost
 * its data, the verifier and citizen APIs answer `internal` saying so, instead of 401 for every
 * API key and device token that vanished with it (the admin API stays open to re-provision).
 */
import { Hono, type Context, type MiddlewareHandler, type Next } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { httpStatusOf, type ErrorBody, type SmsMessage } from '../../contracts/index.js';
import { HubError, toErrorObject } from '../errors.js';
import type { HubContext } from '../context.js';
import type { Readiness } from '../ops/readiness.js';
import { randomId } from '../security/crypto.js';
import { adminRoutes } from './admin.routes.js';
import type { HubEnv } from './auth.middleware.js';
import { citizenRoutes } from './citizen.routes.js';
import { devRoutes } from './dev.routes.js';
import { metricsRoutes } from './metrics.routes.js';
import { openApiRoutes } from './openapi.js';
import { sessionsRoutes } from './sessions.routes.js';
import { systemRoutes } from './system.routes.js';

/** The client IP of an HTTP request (in-process requests, as in tests, have no peer). */
export function requestIp(ctx: HubContext, c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return ctx.clientIp.resolve(
    env?.incoming?.socket?.remoteAddress,
    c.req.header('x-forwarded-for'),
  );
}

/** What the app needs beyond the context. */
export interface AppOptions {
  adminToken: string;
  /** The bearer token of `GET /metrics` (`METRICS_TOKEN`); none: open in dev mode, else 404. */
  metricsToken?: string | undefined;
  /** Dev-mode SMS outbox reader. */
  smsOutbox?: ((phone: string) => SmsMessage[]) | undefined;
  /** Extra routes mounted last (demo pages, static front ends). */
  extra?: Hono<HubEnv> | undefined;
  /** The node's readiness, for `/readyz` and the lost-records guard. Default: always ready. */
  readiness?: Readiness | undefined;
}

/** Whether every percent-escape in `path` decodes (a lone `%`, `%zz` or broken UTF-8 do not). */
function decodable(path: string): boolean {
  if (!path.includes('%')) return true;
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** Builds the HTTP application. */
export function createApp(ctx: HubContext, options: AppOptions): Hono<HubEnv> {
  const app = new Hono<HubEnv>();
  app.use('*', async (c, next) => {
    const requestId = c.req.header('x-request-id')?.slice(0, 64) || randomId(8);
    c.set('requestId', requestId);
    c.header('x-request-id', requestId);
    const started = performance.now();
    await next();
    // The route pattern, not the path: ids in paths stay out of the access log and the metrics.
    const { method, routePath: route } = c.req;
    const ms = performance.now() - started;
    ctx.metrics.httpRequest(method, route, c.res.status, ms / 1000);
    ctx.logger.info(
      { requestId, method, route, status: c.res.status, ms: Math.round(ms * 10) / 10 },
      'http',
    );
  });
  app.use('*', async (c, next) => {
    // The path as sent (URL parsing keeps escapes); c.req.path is already leniently decoded.
    // Only a URL with an escape in it can hold a bad one: the rest skip the parse.
    if (!c.req.url.includes('%') || decodable(new URL(c.req.url).pathname)) return next();
    // Nothing is named by a path that cannot be decoded: 404, as for any unknown resource.
    return c.json(
      {
        error: { code: 'not_found', message: 'no such resource (malformed percent-escape)' },
      } satisfies ErrorBody,
      404,
    );
  });
  const readiness = options.readiness;
  if (readiness) {
    const guard = async (c: Context<HubEnv>, next: Next) => {
      const failed = readiness.last().failed;
      if (!failed?.critical) return next();
      return c.json(
        { error: { code: 'internal', message: `this node is not ready: ${failed.reason}` } },
        500,
      );
    };
    app.use('/v1/sessions/*', guard);
    app.use('/v1/citizen/*', guard);
  }
  const tooLarge = (c: Context) =>
    c.json(
      {
        error: {
          code: 'invalid_request',
          message: `the body exceeds ${ctx.config.bodyLimitBytes} bytes`,
        },
      } satisfies ErrorBody,
      413,
    );
  const streamedBodyLimit = bodyLimit({ maxSize: ctx.config.bodyLimitBytes, onError: tooLarge });
  app.use('/v1/*', async (c, next) => {
    // A declared length is checked from the header (Node's parser never reads past it); only a
    // chunked body is counted as it streams. Hono's middleware would look at the body stream
    // first, which builds a whole web Request — a visible cost on every API call.
    const length = c.req.header('content-length');
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return await next();
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      return Number(length) > ctx.config.bodyLimitBytes ? tooLarge(c) : await next();
    }
    return streamedBodyLimit(c, next);
  });
  // Per-IP limit on what anyone can call without an API key (citizen app, dev stand-ins).
  const perIp: MiddlewareHandler<HubEnv> = async (c, next) => {
    await ctx.limiter.hit('ip', requestIp(ctx, c));
    await next();
  };
  // The citizen app decides on people's data: no other site may frame it (clickjacking).
  app.use('/citizen/*', async (c, next) => {
    await next();
    c.header('content-security-policy', "frame-ancestors 'none'");
    c.header('x-frame-options', 'DENY');
  });
  app.use('/v1/citizen/*', perIp);
  app.use('/v1/dev/*', perIp);
  app.route('/', systemRoutes(ctx, readiness));
  app.route('/', metricsRoutes(ctx, options.metricsToken));
  app.route('/', openApiRoutes(ctx));
  app.route('/v1/sessions', sessionsRoutes(ctx));
  app.route('/v1/citizen', citizenRoutes(ctx));
  app.route('/v1/admin', adminRoutes(ctx, options.adminToken));
  if (ctx.config.devMode) app.route('/v1/dev', devRoutes(ctx, options.smsOutbox));
  if (options.extra) app.route('/', options.extra);

  app.notFound((c) =>
    c.json({ error: { code: 'not_found', message: 'no such route' } } satisfies ErrorBody, 404),
  );
  app.onError((error, c) => {
    const requestId = c.get('requestId');
    if (error instanceof URIError) {
      // Undecodable input reached a decoder the path check above did not cover: still the
      // caller's garbage, not a fault of the hub.
      ctx.logger.info({ requestId, method: c.req.method, route: c.req.routePath }, 'bad escape');
      return c.json(
        {
          error: { code: 'invalid_request', message: 'malformed percent-escape' },
        } satisfies ErrorBody,
        400,
      );
    }
    if (!(error instanceof HubError)) {
      ctx.logger.error(
        { err: error, requestId, method: c.req.method, path: c.req.routePath },
        'request failed',
      );
    }
    const body = toErrorObject(error, requestId);
    const retryAfter = body.details?.retryAfterSeconds;
    if (retryAfter !== undefined) {
      c.header('retry-after', String(retryAfter));
      if (error instanceof HubError && error.policy) {
        // IETF httpapi-ratelimit-headers: the policy that refused and when it resets.
        const { name, points, seconds } = error.policy;
        c.header('ratelimit-policy', `"${name}";q=${points};w=${seconds}`);
        c.header('ratelimit', `"${name}";r=0;t=${retryAfter}`);
      }
    }
    return c.json(
      { error: body } satisfies ErrorBody,
      httpStatusOf[body.code] as ContentfulStatusCode,
    );
  });
  return app;
}
