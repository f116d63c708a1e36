/**
 * Dev-mode demo routes: an index page, the two demo host pages (`/demo/bank`, `/demo/office`)
 * and the small backend route each institution would run itself — create the session with its
 * API key, hand the page only a widget token. Mounted by `hub/main.ts` (and the test harness)
 * in dev mode only.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { ErrorBody } from '../../contracts/index.js';
import type { HubEnv } from '../http/auth.middleware.js';
import { parseBody } from '../http/validate.js';
import { demoPageHtml, demoPages } from './demo-pages.js';
import { demoRequests } from './demo-requests.js';

/** API keys of the demo institutions, filled in once they are seeded. */
export type DemoKeys = Map<'bank' | 'office', string>;

const DemoSessionBody = z.strictObject({ flow: z.enum(['code', 'push', 'otp']) });

const requestOf = {
  bank: demoRequests.bankAccount,
  office: demoRequests.vehicleRegistration,
} as const;

/** The demo routes over the demo institutions' keys. */
export function demoRoutes(demoKeys: DemoKeys): Hono<HubEnv> {
  const app = new Hono<HubEnv>();
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
          } satisfies ErrorBody,
          404,
        );
      }
      // Exactly what the institution's backend does: an HTTP call with its API key.
      const res = await fetch(new URL('/v1/sessions', c.req.url), {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ flow, request: requestOf[page.handle], displaySeconds: 60 }),
      });
      const body = (await res.json()) as Record<string, unknown>;
      if (!res.ok) return c.json(body as ErrorBody, res.status as 400);
      return c.json({ sessionId: body['sessionId'], widgetToken: body['widgetToken'] }, 201);
    });
  }
  return app;
}
