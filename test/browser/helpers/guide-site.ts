/**
 * The bank's site exactly as `docs/integration.md` writes it, on another origin than the hub: the
 * page is the guide's script tag (with the real versioned path and SRI hash from the hub's
 * manifest in place of the example's), the guide's page script, under the guide's Content
 * Security Policy (the example hub origin replaced by the test hub's); its backend routes call the
 * guide's backend module (the typed client, `@mdok/verify/backend`). The verifier is registered
 * with the guide's curl snippet, then allowed this origin (A4).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WidgetManifest } from '../../../hub/web/widget-manifest.js';
import { importSnippet, runShell, snippet } from '../../helpers/guide-snippets.js';
import type { TestHub } from '../../helpers/test-hub.js';

/** The guide's backend module (snippet=bank-backend). */
export interface GuideBackend {
  startVerification(applicationId: string): Promise<{ sessionId: string; widgetToken: string }>;
  finishVerification(
    sessionId: string,
  ): Promise<{ sessionId: string; adult: boolean; documentValid: boolean }>;
}

/** A running guide site. */
export interface GuideSite {
  url: string;
  origin: string;
  verifierId: string;
  /** What the site's backend answered from `/verification/finish`, in order. */
  finished: Array<{ sessionId: string; adult: boolean; documentValid: boolean }>;
  close(): Promise<void>;
}

/** Records CSP violations and the widget's events for the test (the page's own script). */
const recorder = `
window.mdokTest = { violations: [], events: [] };
document.addEventListener('securitypolicyviolation', (e) => {
  window.mdokTest.violations.push(e.violatedDirective + ' ' + e.blockedURI);
}, true);
for (const type of ['mdok-state', 'mdok-verified', 'mdok-expired', 'mdok-error']) {
  document.addEventListener(type, (e) => window.mdokTest.events.push({ type, detail: e.detail }));
}
`;

/** The guide's policy for `hub` (its example origin replaced). */
export function guideCsp(hub: URL): string {
  return snippet('csp')
    .code.trim()
    .replaceAll('wss://hub.example', `ws://${hub.host}`)
    .replaceAll('https://hub.example', hub.origin);
}

/** The guide's script tag and element, pointing at `hub`'s current build. */
function guideTag(hub: URL, manifest: WidgetManifest): string {
  const html = snippet('script-tag')
    .code.replace(
      /https:\/\/hub\.example\/widget\/v\/[0-9a-f]+\/mdok-verify\.js/,
      hub.origin + manifest.path,
    )
    .replace(/sha384-[A-Za-z0-9+/=]+/, manifest.integrity);
  if (!html.includes(manifest.integrity)) throw new Error('the guide has no SRI hash to replace');
  return html;
}

/** Starts the site on `http://localhost:<port 0>` and registers its verifier on `hub`. */
export async function startGuideSite(
  hub: TestHub,
  options: { webhookUrl?: string } = {},
): Promise<GuideSite & { webhookSecret?: string }> {
  const hubUrl = new URL(hub.url);
  const manifest = (await (
    await fetch(`${hub.url}/widget/manifest.json`)
  ).json()) as WidgetManifest;
  const env: Record<string, string> = { HUB: hub.url, ADMIN_TOKEN: hub.adminToken };
  Object.assign(env, (await runShell('register', env)).vars);
  process.env.MDOK_HUB = hub.url;
  process.env.MDOK_API_KEY = env.API_KEY!;
  process.env.MDOK_VERIFIER_ID = env.VERIFIER_ID!;
  const backend = await importSnippet<GuideBackend>('bank-backend');
  const finished: GuideSite['finished'] = [];

  const page = `<!doctype html>
<html lang="pl">
<head><meta charset="utf-8"><title>Bank Przykładowy — stanowisko</title>
<script src="/record.js"></script>
</head>
<body><main>
<h1>Bank Przykładowy</h1>
<button id="verify" type="button">Zweryfikuj klienta</button>
<p id="outcome" aria-live="polite"></p>
${guideTag(hubUrl, manifest)}
<script type="module" src="/page.js"></script>
</main></body>
</html>`;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const send = (status: number, type: string, body: string, headers = {}) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
      res.end(body);
    };
    const json = async (): Promise<Record<string, string>> => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, string>;
    };
    if (req.method === 'GET' && req.url === '/') {
      return send(200, 'text/html; charset=utf-8', page, {
        'content-security-policy': guideCsp(hubUrl),
      });
    }
    if (req.method === 'GET' && req.url === '/record.js') {
      return send(200, 'text/javascript; charset=utf-8', recorder);
    }
    if (req.method === 'GET' && req.url === '/page.js') {
      return send(200, 'text/javascript; charset=utf-8', snippet('page-script').code);
    }
    if (req.method === 'POST' && req.url === '/verification/start') {
      const started = await backend.startVerification(`wniosek-${Date.now()}`);
      return send(200, 'application/json', JSON.stringify({ widgetToken: started.widgetToken }));
    }
    if (req.method === 'POST' && req.url === '/verification/finish') {
      const { sessionId } = await json();
      const outcome = await backend.finishVerification(sessionId!);
      finished.push(outcome);
      return send(200, 'application/json', JSON.stringify(outcome));
    }
    return send(404, 'text/plain', 'not found');
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  const patch = await fetch(`${hub.url}/v1/admin/verifiers/${env.VERIFIER_ID}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${hub.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      origins: [origin],
      ...(options.webhookUrl ? { webhook: { url: options.webhookUrl } } : {}),
    }),
  });
  if (!patch.ok) throw new Error(`PATCH verifier: ${patch.status} ${await patch.text()}`);
  const patched = (await patch.json()) as { webhookSecret?: string };
  return {
    url: `${origin}/`,
    origin,
    verifierId: env.VERIFIER_ID!,
    finished,
    ...(patched.webhookSecret ? { webhookSecret: patched.webhookSecret } : {}),
    close: () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Chromium's preconnected sockets never send a request; they would hold close() ~90 s.
      server.closeAllConnections();
      return closed;
    },
  };
}
