/**
 * `/openapi.json` (PRODUCT §6): the document generated from the zod contracts validates against
 * the official OpenAPI 3.1 JSON Schema, lists every route the app serves (walking Hono's
 * `app.routes`; the failure names each route without an entry) and nothing it does not serve,
 * and its schemas agree with what the hub really answers. Dev mode serves a docs page; production
 * leaves the dev routes out.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes } from '../../contracts/index.js';
import { buildOpenApiDocument } from '../../hub/http/openapi.js';
import { apiRoutes, isNonApiRoute } from '../../hub/http/openapi-routes.js';
import { startTestHub, type TestHub } from '../helpers/test-hub.js';

type Json = Record<string, unknown>;

let t: TestHub;
let doc: Json;

beforeAll(async () => {
  t = await startTestHub();
  const res = await t.api<Json>('GET', '/openapi.json');
  expect(res.status).toBe(200);
  doc = res.body;
});
afterAll(async () => {
  await t.close();
});

/** `/v1/sessions/:id` → `/v1/sessions/{id}`. */
const asOpenApi = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** The operations of a document as `METHOD path`. */
function operationsOf(document: Json): Set<string> {
  const ops = new Set<string>();
  for (const [path, item] of Object.entries(document.paths as Record<string, Json>)) {
    for (const method of Object.keys(item)) ops.add(`${method.toUpperCase()} ${path}`);
  }
  return ops;
}

describe('[V2][V3] /openapi.json', () => {
  it('validates against the OpenAPI 3.1 schema', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 2)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('has an entry for every route the app serves (dev mode: all of them)', () => {
    const documented = operationsOf(doc);
    const served = new Set(
      t.hub.app.routes
        .filter((r) => r.method !== 'ALL' && !isNonApiRoute(r.path))
        .map((r) => `${r.method} ${asOpenApi(r.path)}`),
    );
    const missing = [...served].filter((op) => !documented.has(op)).sort();
    expect(
      missing,
      `routes without an OpenAPI entry (add them to hub/http/openapi-routes.ts): ${missing.join(', ')}`,
    ).toEqual([]);
    const phantom = [...documented].filter((op) => !served.has(op)).sort();
    expect(phantom, `documented but not served: ${phantom.join(', ')}`).toEqual([]);
  });

  it('leaves the dev routes out in production', () => {
    const production = buildOpenApiDocument({ devMode: false, publicUrl: 'https://hub.example' });
    const ops = [...operationsOf(production)];
    expect(ops.filter((op) => op.includes('/v1/dev/') || op.endsWith('/docs'))).toEqual([]);
    expect(ops).toContain('POST /v1/sessions');
  });

  it('documents the V2 error body with only V3 codes, per status', () => {
    const paths = doc.paths as Record<string, Record<string, Json>>;
    const create = paths['/v1/sessions']!['post']!;
    const responses = create.responses as Record<string, Json>;
    expect(Object.keys(responses)).toEqual(
      expect.arrayContaining([
        '201',
        '400',
        '401',
        '403',
        '404',
        '409',
        '413',
        '422',
        '500',
        '503',
      ]),
    );
    for (const [path, item] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(item)) {
        for (const [status, answer] of Object.entries(op.responses as Record<string, Json>)) {
          if (Number(status) < 400) continue;
          const schema = (answer.content as Record<string, { schema: Json }>)['application/json']!
            .schema as { allOf: [Json, { properties: { error: { properties: Json } } }] };
          const codes = (schema.allOf[1].properties.error.properties.code as { enum: string[] })
            .enum;
          expect(codes.length, `${method} ${path} ${status}`).toBeGreaterThan(0);
          for (const code of codes) expect(errorCodes).toContain(code);
        }
      }
    }
  });

  it('describes bodies with the contracts (strict, required fields)', () => {
    const paths = doc.paths as Record<string, Record<string, Json>>;
    const body = (paths['/v1/sessions']!['post']!.requestBody as Json).content as Record<
      string,
      { schema: Json }
    >;
    const schema = body['application/json']!.schema;
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['flow', 'request']);
  });

  it('the dev docs page is served, self-contained', async () => {
    const page = await fetch(`${t.url}/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/openapi.json');
    expect(html).not.toMatch(/<script[^>]+src=/);
  });

  it('is not mounted in production mode but /openapi.json is', async () => {
    const prod = await startTestHub({ config: { devMode: false } });
    try {
      expect((await prod.api('GET', '/docs')).status).toBe(404);
      const res = await prod.api<Json>('GET', '/openapi.json');
      expect(res.status).toBe(200);
      expect(Object.keys(res.body.paths as Json)).not.toContain('/v1/dev/sms');
    } finally {
      await prod.close();
    }
  });

  it('the answer schemas accept what the hub really answers', async () => {
    const citizen = await t.citizen({ index: 0 });
    const created = await t.createSession('bank', {
      flow: 'code',
      request: { documents: [{ type: 'id_card', claims: ['age_over_18'] }], purpose: 'Test' },
    });
    const calls: Array<[string, string, string | undefined]> = [
      ['get', '/.well-known/jwks.json', undefined],
      ['get', '/healthz', undefined],
      ['get', '/readyz', undefined],
      ['get', '/metrics', undefined],
      ['get', '/v1/admin/verifiers', t.adminToken],
      [`get`, `/v1/admin/verifiers/${t.verifiers.bank.verifier.id}`, t.adminToken],
      ['get', '/v1/admin/audit', t.adminToken],
      ['get', '/v1/admin/audit/verify', t.adminToken],
      ['get', `/v1/sessions/${created.sessionId}`, t.verifiers.bank.apiKey],
      ['get', '/v1/citizen/devices', citizen.deviceToken],
      ['get', '/v1/citizen/history', citizen.deviceToken],
      ['get', '/v1/dev/citizens?limit=2', undefined],
      ['get', `/v1/dev/sms?phone=${encodeURIComponent(citizen.phone)}`, undefined],
    ];
    for (const [method, url, auth] of calls) {
      const pattern = url.split('?')[0]!;
      const route = apiRoutes.find(
        (r) =>
          r.method === method &&
          new RegExp(`^${r.path.replace(/:[A-Za-z]+/g, '[^/]+')}$`).test(pattern) &&
          // The most specific pattern wins (`/verifiers/:id` is not `/verifiers`).
          r.path.split('/').length === pattern.split('/').length,
      );
      expect(route, url).toBeDefined();
      const res = await t.api(method.toUpperCase(), url, { auth });
      expect(res.status, url).toBe(route!.ok.status);
      const parsed = route!.ok.schema.safeParse(res.body);
      expect(parsed.success, `${url}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    }
    expect((doc.servers as Array<{ url: string }>)[0]!.url).toBe(t.hub.ctx.config.publicUrl);
  });
});
