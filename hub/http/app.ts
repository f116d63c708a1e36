/**
 * The Hono application: request ids, the body size limit (413), every route group, and the one
 * place where errors become the V2 shape (anything unexpected is logged and answered `internal`).
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { httpStatusOf, type ErrorBody, type SmsMessage } from '../../contracts/index.js';
import { HubError, toErrorObject } from '../errors.js';
import type { HubContext } from '../context.js';
import { randomId } from '../security/crypto.js';
import { adminRoutes } from './admin.routes.js';
import type { HubEnv } from './auth.middleware.js';
import { citizenRoutes } from './citizen.routes.js';
import { devRoutes } from './dev.routes.js';
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
  /** Dev-mode SMS outbox reader. */
  smsOutbox?: ((phone: string) => SmsMessage[]) | undefined;
  /** Extra routes mounted last (demo pages, static front ends). */
  extra?: Hono<HubEnv> | undefined;
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
    // The route pattern, not the path: ids in paths stay out of the access log.
    ctx.logger.info(
      {
        requestId,
        method: c.req.method,
        route: c.req.routePath,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
      },
      'http',
    );
  });
  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: ctx.config.bodyLimitBytes,
      onError: (c) =>
        c.json(
          {
            error: {
              code: 'invalid_request',
              message: `the body exceeds ${ctx.config.bodyLimitBytes} bytes`,
            },
          } satisfies ErrorBody,
          413,
        ),
    }),
  );
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
  app.route('/', systemRoutes(ctx));
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
