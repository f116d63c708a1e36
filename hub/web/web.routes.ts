/**
 * The web front ends on the hub's own origin: the widget script, loaded cross-origin by
 * institutions' pages (hence CORS) at a versioned URL cached for a year
 * (`/widget/v/<hash>/mdok-verify.js`, the hash and its SRI in `/widget/manifest.json`) or at the
 * stable `/widget/mdok-verify.js` cached for five minutes; the citizen app (`/citizen/`); and in
 * dev mode the demo host pages (`/demo/bank`, `/demo/office`) with the small backend route each
 * institution would run itself: create the session with its API key, hand the page a widget
 * token. Files are served compressed by `Accept-Encoding`, with ETags (static-files.ts).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import { etag } from 'hono/etag';
import { z } from 'zod';
import type { ErrorBody, VerificationRequest } from '../../contracts/index.js';
import type { HubContext } from '../context.js';
import type { HubEnv } from '../http/auth.middleware.js';
import { parseBody } from '../http/validate.js';
import { demoPageHtml, demoPages } from './demo-pages.js';
import { policyByName, staticFiles, type CachePolicy } from './static-files.js';
import { readWidgetManifest, WIDGET_MANIFEST_FILE } from './widget-manifest.js';

/** Where `npm run build:web` puts the bundles. */
export const webDistDir = fileURLToPath(new URL('../../dist/web/', import.meta.url));

/** API keys of the demo institutions, filled in once they are seeded (dev mode only). */
export type DemoKeys = Map<'bank' | 'office', string>;

const DemoSessionBody = z.strictObject({ flow: z.enum(['code', 'push', 'otp']) });

const demoRequests: Readonly<Record<'bank' | 'office', VerificationRequest>> = {
  bank: {
    documents: [
      {
        type: 'id_card',
        claims: [
          'given_names',
          'family_name',
          'photo',
          'birth_date',
          'pesel',
          'document_number',
          'expiry_date',
          'age_over_18',
          'document_valid',
        ],
      },
    ],
    purpose: 'Otwarcie rachunku osobistego',
    retain: true,
  },
  office: {
    documents: [
      {
        type: 'id_card',
        claims: ['given_names', 'family_name', 'photo', 'pesel', 'document_valid'],
      },
      {
        type: 'vehicle_registration',
        claims: ['registration_number', 'make', 'model', 'document_valid'],
      },
      {
        type: 'vehicle_insurance',
        claims: ['insurer', 'policy_number', 'valid_until', 'document_valid'],
      },
    ],
    purpose: 'Przerejestrowanie pojazdu',
    retain: false,
  },
};

function notFound(c: Context, message = 'not built: run npm run build:web'): Response {
  return c.json({ error: { code: 'not_found', message } } satisfies ErrorBody, 404);
}

/** Options of `webRoutes`. */
export interface WebRoutesOptions {
  /** API keys of the demo institutions; enables the demo pages (dev mode only). */
  demoKeys?: DemoKeys;
  /** Where the built front ends are. Default: `webDistDir`. */
  distDir?: string;
}

/** Routes of the web front ends. */
export function webRoutes(
  ctx: Pick<HubContext, 'config'>,
  options: WebRoutesOptions,
): Hono<HubEnv> {
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

  const demoKeys = options.demoKeys;
  if (ctx.config.devMode && demoKeys) {
    app.get('/', (c) =>
      c.html(`<!doctype html><html lang="pl"><head><meta charset="utf-8"><title>mDok Hub</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem">
<h1>mDok Hub</h1><ul>
<li><a href="/demo/bank">Bank Przykładowy — stanowisko kasjera (demo)</a></li>
<li><a href="/demo/office">Urząd Miasta Krakowa — okienko (demo)</a></li>
<li><a href="/citizen/">Aplikacja obywatela (telefon)</a></li>
</ul></body></html>`),
    );
    for (const page of Object.values(demoPages)) {
      app.get(`/demo/${page.handle}`, (c) => c.html(demoPageHtml(page)));
      app.post(`/demo/${page.handle}/sessions`, async (c) => {
        const { flow } = await parseBody(c, DemoSessionBody);
        const apiKey = demoKeys.get(page.handle);
        if (!apiKey) {
          return c.json(
            {
              error: { code: 'not_found', message: 'demo keys live on the node that seeded them' },
            },
            404,
          );
        }
        // Exactly what the institution's backend does: an HTTP call with its API key.
        const res = await fetch(new URL('/v1/sessions', c.req.url), {
          method: 'POST',
          headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ flow, request: demoRequests[page.handle], displaySeconds: 60 }),
        });
        const body = (await res.json()) as Record<string, unknown>;
        if (!res.ok) return c.json(body as ErrorBody, res.status as 400);
        return c.json({ sessionId: body['sessionId'], widgetToken: body['widgetToken'] }, 201);
      });
    }
  }
  return app;
}
