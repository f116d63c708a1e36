/**
 * An institution's own site on another origin than the hub, as a bank would run it: a tiny HTTP
 * server on `http://localhost:<port 0>` serving one page that loads the widget from the hub
 * (the versioned URL with its SRI hash from `/widget/manifest.json`), the page's own script and
 * stylesheet (no inline code: the page may send a strict Content Security Policy), and the
 * backend route that creates a session with the institution's API key and hands the page only
 * the widget token (A2). The verifier is registered through the admin API with this origin
 * allowed (A4). The page's script records CSP violations and the widget's events for the test.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import type { TestHub } from '../../helpers/test-hub.js';
import type { WidgetManifest } from '../../../hub/web/widget-manifest.js';

/** A running host site. */
export interface HostSite {
  /** The page's URL. */
  url: string;
  /** The site's origin (on the verifier's allow-list). */
  origin: string;
  /** The widget's build, as the hub describes it. */
  manifest: WidgetManifest;
  close(): Promise<void>;
}

/** Options of `startHostSite`. */
export interface HostSiteOptions {
  /** `<html lang>` of the page; none when absent. */
  lang?: string;
  /** Builds the page's Content-Security-Policy from the hub's origin; none when absent. */
  csp?: (hub: URL) => string;
}

/** The claims the site's verifier asks for. */
const request = {
  documents: [
    {
      type: 'id_card',
      claims: ['given_names', 'family_name', 'photo', 'document_number', 'document_valid'],
    },
  ],
  purpose: 'Otwarcie rachunku',
  retain: false,
};

/** The page's own script: records what the test reads, starts verifications like a bank page. */
const pageScript = `
window.mdokTest = { violations: [], events: [] };
document.addEventListener('securitypolicyviolation', (e) => {
  window.mdokTest.violations.push(e.violatedDirective + ' ' + e.blockedURI);
}, true);
for (const type of ['mdok-state', 'mdok-verified', 'mdok-expired', 'mdok-error', 'mdok-language']) {
  document.addEventListener(type, (e) => window.mdokTest.events.push({ type, detail: e.detail }));
}
window.startVerification = async () => {
  const res = await fetch('/session', { method: 'POST' });
  const body = await res.json();
  const widget = document.createElement('mdok-verify');
  document.getElementById('slot').replaceChildren(widget);
  // Set after it is on the page, as frameworks do: the widget must wait for it.
  widget.token = body.widgetToken;
  return body.sessionId;
};
window.addWidgetWithoutToken = () => {
  document.getElementById('slot').replaceChildren(document.createElement('mdok-verify'));
};
`;

const pageCss = `
body { font-family: system-ui, sans-serif; margin: 0; background: #f3f4f6; color: #1b1b1f; }
main { max-width: 40rem; margin: 1.5rem auto; padding: 0 1rem; }
mdok-verify::part(card) { padding: 1.25rem; }
`;

async function json<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`${res.url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Registers a bank verifier allowing `origin` and answers its API key. */
async function registerVerifier(hub: TestHub, origin: string): Promise<string> {
  const admin = { authorization: `Bearer ${hub.adminToken}`, 'content-type': 'application/json' };
  const { verifierId } = await json<{ verifierId: string }>(
    await fetch(`${hub.url}/v1/admin/verifiers`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({
        name: 'Bank Zewnętrzny S.A.',
        kind: 'bank',
        branch: 'Oddział testowy',
        claims: { id_card: request.documents[0]!.claims },
        flows: ['code'],
        origins: [origin],
        displaySeconds: 60,
      }),
    }),
  );
  await json(
    await fetch(`${hub.url}/v1/admin/verifiers/${verifierId}/approve`, {
      method: 'POST',
      headers: admin,
    }),
  );
  const { apiKey } = await json<{ apiKey: string }>(
    await fetch(`${hub.url}/v1/admin/verifiers/${verifierId}/keys`, {
      method: 'POST',
      headers: admin,
    }),
  );
  return apiKey;
}

/** Starts the site, registers its verifier on `hub`. */
export async function startHostSite(
  hub: TestHub,
  options: HostSiteOptions = {},
): Promise<HostSite> {
  const manifest = await json<WidgetManifest>(await fetch(`${hub.url}/widget/manifest.json`));
  const hubUrl = new URL(hub.url);
  let apiKey = '';
  const page = (): string => `<!doctype html>
<html${options.lang ? ` lang="${options.lang}"` : ''}>
<head>
<meta charset="utf-8">
<title>Bank Zewnętrzny — stanowisko</title>
<link rel="stylesheet" href="/page.css">
<script src="/page.js"></script>
<script type="module" src="${hubUrl.origin}${manifest.path}" integrity="${manifest.integrity}" crossorigin="anonymous"></script>
</head>
<body><main><h1>Bank Zewnętrzny</h1><div id="slot"></div></main></body>
</html>`;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const send = (status: number, type: string, body: string, headers = {}) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
      res.end(body);
    };
    if (req.method === 'GET' && req.url === '/') {
      const csp = options.csp ? { 'content-security-policy': options.csp(hubUrl) } : {};
      return send(200, 'text/html; charset=utf-8', page(), csp);
    }
    if (req.method === 'GET' && req.url === '/page.js') {
      return send(200, 'text/javascript; charset=utf-8', pageScript);
    }
    if (req.method === 'GET' && req.url === '/page.css') return send(200, 'text/css', pageCss);
    if (req.method === 'POST' && req.url === '/session') {
      // The bank's backend: an HTTP call with its API key; the page gets the widget token only.
      const created = await json<{ sessionId: string; widgetToken: string }>(
        await fetch(`${hub.url}/v1/sessions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ flow: 'code', request }),
        }),
      );
      return send(
        201,
        'application/json',
        JSON.stringify({ sessionId: created.sessionId, widgetToken: created.widgetToken }),
      );
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
  apiKey = await registerVerifier(hub, origin);
  return {
    url: `${origin}/`,
    origin,
    manifest,
    close: () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Chromium's preconnected sockets never send a request; they would hold close() ~90 s.
      server.closeAllConnections();
      return closed;
    },
  };
}

/** What the page's script recorded. */
export interface Recorded {
  violations: string[];
  events: { type: string; detail: Record<string, unknown> }[];
}

/** Reads what the page's script recorded. */
export function recorded(page: Page): Promise<Recorded> {
  return page.evaluate(() => (window as unknown as { mdokTest: Recorded }).mdokTest);
}

/** Starts a verification from the page (its backend creates the session); answers the id. */
export function startVerification(page: Page): Promise<string> {
  return page.evaluate(() =>
    (window as unknown as { startVerification(): Promise<string> }).startVerification(),
  );
}
