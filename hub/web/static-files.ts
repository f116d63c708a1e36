/**
 * Serves the built front ends (`dist/web/…`) with @hono/node-server's `serveStatic`: it refuses
 * paths that leave their folder, sets the content type, answers ranges and HEAD, and serves the
 * brotli or gzip copy the build wrote beside each text file when `Accept-Encoding` allows. Here
 * only the policy is added: how long each kind of answer may be cached, `Vary: Accept-Encoding`
 * on every answer, and `nosniff`. ETags come from `hono/etag` on the routes (web.routes.ts).
 */
import { serveStatic } from '@hono/node-server/serve-static';
import type { MiddlewareHandler } from 'hono';

/** How long a file may be kept. */
export type CachePolicy = 'immutable' | 'short' | 'revalidate';

/** `Cache-Control` of each policy. */
export const cacheControl: Readonly<Record<CachePolicy, string>> = {
  // Content-addressed URLs (hashed file names, the widget's versioned URL): never change.
  immutable: 'public, max-age=31536000, immutable',
  // Stable URLs whose content changes with a deployment (the unversioned widget script).
  short: 'public, max-age=300',
  // Entry points (HTML): always asked again, cheaply thanks to the ETag.
  revalidate: 'no-cache',
};

/** Options of `staticFiles`. */
export interface StaticFilesOptions {
  /** The folder served. */
  root: string;
  /** Serve this one file (relative to `root`) whatever the request path. */
  path?: string;
  /** Maps the request path to a path below `root` (default: as it is). */
  rewrite?: (path: string) => string;
  /** The cache policy of an answer, by its request path. */
  cache: (requestPath: string) => CachePolicy;
}

/**
 * A handler that serves files below `root`, or calls `next()` when there is none (so a route
 * can fall back, e.g. to an app's shell or a JSON 404).
 */
export function staticFiles(options: StaticFilesOptions): MiddlewareHandler {
  // Made on first use: the front ends may be built after the hub starts (and a hub that never
  // serves them should not warn that their folder is missing).
  let serve: MiddlewareHandler | null = null;
  return async (c, next) => {
    serve ??= serveStatic({
      root: options.root,
      ...(options.path === undefined ? {} : { path: options.path }),
      ...(options.rewrite === undefined ? {} : { rewriteRequestPath: options.rewrite }),
      precompressed: true,
    });
    const res = await serve(c, next);
    if (!(res instanceof Response)) return res;
    res.headers.set('Cache-Control', cacheControl[options.cache(c.req.path)]);
    res.headers.set('X-Content-Type-Options', 'nosniff');
    // Caches must key on the encoding even when this answer is not compressed.
    if (!/accept-encoding/i.test(res.headers.get('Vary') ?? '')) {
      res.headers.append('Vary', 'Accept-Encoding');
    }
    return res;
  };
}

/** Hashed build assets (`name-<hash>.js`) are immutable; HTML revalidates; the rest is short. */
export function policyByName(path: string): CachePolicy {
  if (path.endsWith('/') || /\.html$/.test(path) || !/\.[a-z0-9]+$/i.test(path))
    return 'revalidate';
  if (/-[A-Za-z0-9_-]{8,}\.(js|css)$/.test(path)) return 'immutable';
  return 'short';
}
