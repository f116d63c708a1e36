/**
 * The web front ends on the hub's own origin: the widget script, loaded cross-origin by
 * institutions' pages (hence CORS) at a versioned URL cached for a year
 * (`/widget/v/<hash>/mdok-verify.js`, the hash and its SRI in `/widget/manifest.json`) or at the
 * stable `/widget/mdok-verify.js` cached for five minutes; the citizen app (`/citizen/`); and,
 * handed in from `hub/dev/`, the dev-mode demo pages. Files are served compressed by `Accept-Encoding`, with ETags (static-files.ts).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import { etag } from 'hono/etag';
import type { ErrorBody } from '../../contracts/index.js';
import type { HubEnv } from '../http/auth.middleware.js';
import { policyByName, staticFiles, type CachePolicy } from './static-files.js';
import { readWidgetManifest, WIDGET_MANIFEST_FILE } from './widget-manifest.js';

/** Where `npm run build:web` puts the bundles. */
export const webDistDir = fileURLToPath(new URL('../../dist/web/', import.meta.url));

function notFound(c: Context, message = 'not built: run npm run build:web'): Response {
  return c.json({ error: { code: 'not_found', message } } satisfies ErrorBody, 404);
}

/** Options of `webRoutes`. */
export interface WebRoutesOptions {
  /** Dev-mode routes (demo pages, `hub/dev/demo.routes.ts`), mounted after the front ends. */
  demo?: Hono<HubEnv> | undefined;
  /** Where the built front ends are. Default: `webDistDir`. */
  distDir?: string;
}

/** Routes of the web front ends. */
export function webRoutes(options: WebRoutesOptions = {}): Hono<HubEnv> {
  const app = new Hono<HubEnv>();
  const distDir = options.distDir ?? webDistDir;
  const verifierDir = join(distDir, 'verifier');
  const citizenDir = join(distDir, 'citizen');
  const widget = (cache: CachePolicy) =>
    staticFiles({ root: verifierDir, path: 'mdok-verify.js', cache: () => cache });
  const versionedWidget = widget('immutable');
  const citizenShell = staticFiles({
    root: citizenDir,
    path: 'index.html',
    cache: () => 'revalidate',
  });

  // Any institution's page loads the widget; it carries no credential, so any origin may.
  app.use('/widget/*', cors({ origin: '*', allowMethods: ['GET', 'HEAD'] }), etag());
  app.get('/widget/mdok-verify.js', widget('short'), (c) => notFound(c));
  app.get('/widget/v/:hash/mdok-verify.js', async (c, next) => {
    const manifest = await readWidgetManifest(verifierDir);
    if (!manifest) return notFound(c);
    // Only the current build is here: an old hash would be served content it does not name.
    if (c.req.param('hash') !== manifest.hash) {
      return notFound(c, `no widget build ${c.req.param('hash')}: see /widget/manifest.json`);
    }
    return (await versionedWidget(c, next)) ?? notFound(c);
  });
  app.get(
    '/widget/manifest.json',
    staticFiles({ root: verifierDir, path: WIDGET_MANIFEST_FILE, cache: () => 'revalidate' }),
    (c) => notFound(c),
  );

  app.use('/citizen/*', etag());
  app.get('/citizen', (c) => c.redirect('/citizen/'));
  app.get(
    '/citizen/*',
    staticFiles({
      root: citizenDir,
      rewrite: (path) => path.slice('/citizen'.length) || '/',
      cache: policyByName,
    }),
    // A client-side route (no file extension): the app's shell answers.
    async (c, next) => {
      if (/\.[a-z0-9]+$/i.test(c.req.path)) return notFound(c);
      return (await citizenShell(c, next)) ?? notFound(c);
    },
  );

  if (options.demo) app.route('/', options.demo);
  return app;
}
