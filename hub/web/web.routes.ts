/**
 * The web front ends on the hub's own origin: the widget script (`/widget/mdok-verify.js`, loaded
 * cross-origin by institutions' pages, hence CORS), the citizen app (`/citizen/`), and in dev
 * mode the demo host pages (`/demo/bank`, `/demo/office`) with the small backend route each
 * institution would run itself: create the session with its API key, hand the page a widget token.
 */
import { fileURLToPath } from 'node:url';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { ErrorBody, VerificationRequest } from '../../contracts/index.js';
import type { HubContext } from '../context.js';
import type { HubEnv } from '../http/auth.middleware.js';
import { parseBody } from '../http/validate.js';
import { demoPageHtml, demoPages } from './demo-pages.js';
import { readStatic } from './static-files.js';

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

function notFound(c: Context): Response {
  return c.json(
    {
      error: { code: 'not_found', message: 'not built: run npm run build:web' },
    } satisfies ErrorBody,
    404,
  );
}

/** Routes of the web front ends; `demoKeys` enables the demo pages. */
export function webRoutes(ctx: HubContext, options: { demoKeys?: DemoKeys }): Hono<HubEnv> {
  const app = new Hono<HubEnv>();
  const serve = async (c: Context, root: string, path: string, cors = false) => {
    const file = await readStatic(root, path);
    if (!file) return null;
    const headers: Record<string, string> = {
      'content-type': file.contentType,
      'cache-control': file.cacheControl,
      'x-content-type-options': 'nosniff',
    };
    if (cors) headers['access-control-allow-origin'] = '*';
    return c.body(new Uint8Array(file.body), 200, headers);
  };

  app.get('/widget/:file', async (c) => {
    return (await serve(c, `${webDistDir}verifier`, c.req.param('file'), true)) ?? notFound(c);
  });
  app.get('/citizen', (c) => c.redirect('/citizen/'));
  app.get('/citizen/*', async (c) => {
    const path = c.req.path.slice('/citizen/'.length) || 'index.html';
    const file = await serve(c, `${webDistDir}citizen`, path);
    if (file) return file;
    // A client-side route: the app's shell answers.
    if (!/\.[a-z0-9]+$/i.test(path)) {
      return (await serve(c, `${webDistDir}citizen`, 'index.html')) ?? notFound(c);
    }
    return notFound(c);
  });

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
