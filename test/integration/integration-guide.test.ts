/**
 * `docs/integration.md` cannot rot: every block marked `snippet=…` runs here against a real hub
 * on a free port — the administrator's curl calls, the bank's backend module with the typed
 * client, the webhook receiver, the `jose` check and the retry helper — in the order a bank
 * would use them, with a citizen approving in between. The page's HTML, script and Content
 * Security Policy run in real Chromium (test/browser/widget-csp.browser.test.ts). A snippet added
 * to the guide without a test here or there fails the first test.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { SessionQrEvent, SessionResult, VerifierView } from '../../contracts/index.js';
import type { WebhookEvent } from '../../contracts/index.js';
import { createHubClient } from '../../web-verifier/backend/index.js';
import { admin, ask, idRequest, useHubs } from '../helpers/fixtures.js';
import { guideSnippets, importSnippet, runShell } from '../helpers/guide-snippets.js';
import type { TestHub } from '../helpers/test-hub.js';
import { waitUntil } from '../helpers/wait.js';

const hubs = useHubs();

/** The snippets this file runs, and those the browser test runs. */
const here = [
  'register',
  'change-origins',
  'rotate-key',
  'bank-backend',
  'verify-with-jose',
  'webhook',
  'webhook-receiver',
  'retry',
];
const inBrowser = ['script-tag', 'page-script', 'csp'];

interface BankBackend {
  startVerification(applicationId: string): Promise<{ sessionId: string; widgetToken: string }>;
  finishVerification(
    sessionId: string,
  ): Promise<{ sessionId: string; adult: boolean; documentValid: boolean }>;
  sessionsOf(applicationId: string): Promise<string[]>;
}
interface WebhookModule {
  webhookServer(secrets: string[], onEvent: (event: WebhookEvent) => void): Server;
}
interface JoseModule {
  verifyOutcome(
    hubUrl: string,
    verifierId: string,
    sessionId: string,
    nonce: string,
    outcomeJws: string,
  ): Promise<Record<string, { status: string; age_over_18?: boolean }>>;
}
interface RetryModule {
  withRetry<T>(call: () => Promise<T>, attempts?: number): Promise<T>;
}

/** A hub whose public URL is where the tests reach it (as PUBLIC_URL is in production). */
async function hub(options: Parameters<typeof hubs.start>[0] = {}): Promise<TestHub> {
  const t = await hubs.start(options);
  t.hub.ctx.config.publicUrl = t.url;
  return t;
}

/** The citizen's side of an F1 session opened by the bank's backend: join with the code, approve. */
async function citizenApproves(t: TestHub, widgetToken: string, index: number) {
  const widget = await hubs.widget(t, widgetToken);
  const qr = await widget.next<SessionQrEvent>('session:qr');
  const citizen = await hubs.enrol(t, { index });
  const joined = await ask<{ sessionId: string }>(citizen.device.socket, 'pairing:join', {
    code: qr.code,
  });
  if (!joined.ok) throw new Error(JSON.stringify(joined));
  expect(
    await ask(citizen.device.socket, 'request:approve', { sessionId: joined.data.sessionId }),
  ).toEqual({ ok: true });
  await widget.next('session:data');
  return t.register.find((p) => p.pesel === citizen.pesel)!;
}

describe('docs/integration.md', () => {
  it('every snippet of the guide is run by a test', () => {
    const ids = guideSnippets().map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...here, ...inBrowser].sort());
  });

  it('[A1][A5][D3][D4][E3][§6] the guide end to end: register, webhook, session, citizen, webhook, verified result, lookup by reference, jose, key rotation', async () => {
    const t = await hub();
    const env: Record<string, string> = { HUB: t.url, ADMIN_TOKEN: t.adminToken };

    // §2 register, approve, key.
    Object.assign(env, (await runShell('register', env)).vars);
    expect(env.VERIFIER_ID).toMatch(/^v_/);
    expect(env.API_KEY).toMatch(/^mdok_/);
    const view = await admin<VerifierView>(t, 'GET', `/verifiers/${env.VERIFIER_ID}`);
    expect(view.body).toMatchObject({ status: 'active', kind: 'bank', displaySeconds: 60 });
    expect((await runShell('change-origins', env)).stdout.trim()).toBe(
      'https://bank.example https://oddzial.bank.example',
    );

    // §7 the receiver, then its URL registered: the secret comes back once.
    const { webhookServer } = await importSnippet<WebhookModule>('webhook-receiver');
    const secrets: string[] = [];
    const events: WebhookEvent[] = [];
    const server = webhookServer(secrets, (event) => events.push(event));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      env.WEBHOOK_URL = `http://127.0.0.1:${port}/hooks/mdok`;
      Object.assign(env, (await runShell('webhook', env)).vars);
      expect(env.WEBHOOK_SECRET).toMatch(/^whsec_/);
      secrets.push(env.WEBHOOK_SECRET!);

      // §3 the bank's backend module, §6 its verified result.
      process.env.MDOK_HUB = t.url;
      process.env.MDOK_API_KEY = env.API_KEY!;
      process.env.MDOK_VERIFIER_ID = env.VERIFIER_ID!;
      const bank = await importSnippet<BankBackend>('bank-backend');
      const started = await bank.startVerification('wniosek-2026-0042');
      expect(Object.keys(started).sort()).toEqual(['sessionId', 'widgetToken']);
      const person = await citizenApproves(t, started.widgetToken, 2);
      await waitUntil(() => events.some((e) => e.type === 'session.delivered'), 10_000, 'webhook');
      expect(events[0]).toMatchObject({
        type: 'session.delivered',
        data: { sessionId: started.sessionId, state: 'delivered', reference: 'wniosek-2026-0042' },
      });
      expect(await bank.finishVerification(started.sessionId)).toEqual({
        sessionId: started.sessionId,
        adult: person.age >= 18,
        documentValid: person.documents.id_card.status === 'valid',
      });
      expect(await bank.sessionsOf('wniosek-2026-0042')).toEqual([
        `${started.sessionId}: delivered`,
      ]);

      // §6 the same check with jose alone, on an outcome fetched by hand.
      const { verifyOutcome } = await importSnippet<JoseModule>('verify-with-jose');
      const created = await t.api<{ sessionId: string; widgetToken: string }>(
        'POST',
        '/v1/sessions',
        {
          auth: env.API_KEY,
          json: {
            flow: 'code',
            request: idRequest(['age_over_18', 'document_valid']),
            nonce: 'nonce-jose',
          },
        },
      );
      const other = await citizenApproves(t, created.body.widgetToken, 3);
      const result = await t.api<SessionResult>(
        'GET',
        `/v1/sessions/${created.body.sessionId}/result`,
        { auth: env.API_KEY },
      );
      const documents = await verifyOutcome(
        t.url,
        env.VERIFIER_ID!,
        created.body.sessionId,
        'nonce-jose',
        result.body.outcome,
      );
      expect(documents.id_card).toMatchObject({
        status: other.documents.id_card.status,
        age_over_18: other.age >= 18,
      });
      await expect(
        verifyOutcome(
          t.url,
          env.VERIFIER_ID!,
          created.body.sessionId,
          'other',
          result.body.outcome,
        ),
      ).rejects.toThrow('not the result of this session');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }

    // §2 key rotation: both keys work during the overlap.
    Object.assign(env, (await runShell('rotate-key', env)).vars);
    expect(env.NEW_API_KEY).toMatch(/^mdok_/);
    expect(Date.parse(env.OLD_KEY_VALID_UNTIL!) - t.clock.now()).toBeGreaterThan(3_500_000);
    for (const apiKey of [env.API_KEY!, env.NEW_API_KEY!]) {
      const status = await t.api('GET', '/v1/sessions?reference=x', { auth: apiKey });
      expect(status.status).toBe(200);
    }
  }, 60_000);

  it('[A7][V2] the retry snippet waits out rate_limited (Retry-After) and succeeds', async () => {
    const t = await hub({ config: { limits: { session_create: { points: 1, seconds: 1 } } } });
    const client = createHubClient({
      url: t.url,
      apiKey: t.verifiers.bank.apiKey,
      verifierId: t.verifiers.bank.verifier.id,
    });
    const body = { flow: 'code' as const, request: idRequest() as never };
    await client.createSession(body);
    // The limit is spent: without the helper the call fails with the code and the wait.
    await expect(client.createSession(body)).rejects.toMatchObject({
      code: 'rate_limited',
      status: 429,
      retryAfterSeconds: 1,
    });
    const { withRetry } = await importSnippet<RetryModule>('retry');
    const created = await withRetry(() => client.createSession(body));
    expect(created.state).toBe('awaiting_citizen');
  });
});
