/**
 * HTTP garbage (V1, V2, V3): every route with a body or a query string gets input that is not
 * what its schema wants — not JSON, the wrong content type, JSON that is not an object, missing
 * fields, wrong types, unknown keys, a bad PESEL, an oversized body — and answers each with
 * exactly the V2 shape, a V3 code and every issue under its dotted path. Authentication garbage
 * gets `unauthorized`, unknown routes `not_found`, and the process keeps serving throughout.
 */
import { request as httpRequest } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ErrorBody,
  httpStatusOf,
  type ErrorCode,
  type ErrorObject,
  type LoginResponse,
} from '../../contracts/index.js';
import { startTestHub, type ApiAnswer, type TestHub } from '../helpers/test-hub.js';

let t: TestHub;
let citizenToken: string;
let registeredPesel: string;

beforeEach(async () => {
  t = await startTestHub();
  const [person] = await t.register.sample(1);
  registeredPesel = person!.pesel;
  const login = await t.api<LoginResponse>('POST', '/v1/citizen/login', {
    json: { pesel: registeredPesel },
  });
  expect(login.status).toBe(200);
  citizenToken = login.body.citizenToken;
});
afterEach(async () => {
  await t.close();
});

/** Checks the V2 shape (strictly), the V3 code and the status, and returns the error object. */
function expectError(answer: ApiAnswer, status: number, code: ErrorCode): ErrorObject {
  const shown = `${answer.status} ${JSON.stringify(answer.body)}`;
  expect(answer.status, shown).toBe(status);
  expect(answer.headers.get('content-type') ?? '', shown).toMatch(/^application\/json/);
  const parsed = ErrorBody.safeParse(answer.body);
  expect(parsed.success, shown).toBe(true);
  const error = parsed.data!.error;
  expect(error.code, shown).toBe(code);
  expect(error.message.length, shown).toBeGreaterThan(0);
  // The one status the table does not give: 413 for a body over the limit (still invalid_request).
  if (status !== 413) expect(httpStatusOf[code]).toBe(status);
  return error;
}

/** The distinct dotted paths of an error's issues, sorted (one path may carry two issues). */
function pathsOf(error: ErrorObject): string[] {
  return [...new Set((error.issues ?? []).map((i) => i.path))].sort();
}

/** Sends raw bytes (no content type unless given), as a non-browser client could. */
function rawPost(
  path: string,
  body: string | Uint8Array,
  headers: Record<string, string>,
): Promise<ApiAnswer> {
  return t.api('POST', path, { body: body as string, headers });
}

/** Streams a body with chunked transfer encoding (no content-length), over plain node:http. */
function chunkedPost(
  path: string,
  chunks: string[],
  headers: Record<string, string>,
): Promise<ApiAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      t.url + path,
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          const responseHeaders = new Headers();
          for (const [k, v] of Object.entries(res.headers)) {
            if (typeof v === 'string') responseHeaders.set(k, v);
          }
          resolve({
            status: res.statusCode ?? 0,
            body: text ? (JSON.parse(text) as unknown) : null,
            headers: responseHeaders,
          });
        });
      },
    );
    // The server may answer 413 and close before the whole body is written.
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

/** The same PESEL with a wrong check digit. */
function breakCheckDigit(pesel: string): string {
  return pesel.slice(0, 10) + String((Number(pesel[10]) + 1) % 10);
}

const idCardRequest = {
  documents: [{ type: 'id_card', claims: ['given_names'] }],
  purpose: 'Weryfikacja tożsamości',
};

/** One route that takes a JSON body. */
interface BodyRoute {
  name: string;
  path: string;
  auth: () => string | undefined;
  /** A body the route accepts (refusals below differ from it in one way). */
  valid: () => Record<string, unknown>;
  /** Top-level fields that `{}` lacks. */
  required: string[];
  /** A body whose every field has the wrong type, and the paths that must be reported. */
  wrongTypes: { body: Record<string, unknown>; paths: string[] };
  /** A body with a bad PESEL check digit and the path it must be reported at, if any. */
  badPesel?: () => { body: Record<string, unknown>; path: string };
}

const bodyRoutes: BodyRoute[] = [
  {
    name: 'POST /v1/sessions',
    path: '/v1/sessions',
    auth: () => t.verifiers.bank.apiKey,
    valid: () => ({ flow: 'code', request: idCardRequest }),
    required: ['flow', 'request'],
    wrongTypes: {
      body: { flow: 1, request: 'x', displaySeconds: 'ten', nonce: 5, reference: [] },
      paths: ['displaySeconds', 'flow', 'nonce', 'reference', 'request'],
    },
    badPesel: () => ({
      body: {
        flow: 'otp',
        request: idCardRequest,
        subject: { pesel: breakCheckDigit(registeredPesel) },
      },
      path: 'subject.pesel',
    }),
  },
  {
    name: 'POST /v1/citizen/login',
    path: '/v1/citizen/login',
    auth: () => undefined,
    valid: () => ({ pesel: registeredPesel }),
    required: ['pesel'],
    wrongTypes: { body: { pesel: 44051401359 }, paths: ['pesel'] },
    badPesel: () => ({ body: { pesel: breakCheckDigit(registeredPesel) }, path: 'pesel' }),
  },
  {
    name: 'POST /v1/citizen/activation',
    path: '/v1/citizen/activation',
    auth: () => citizenToken,
    valid: () => ({ phone: '+48600100200', deviceName: 'Telefon' }),
    required: ['deviceName', 'phone'],
    wrongTypes: { body: { phone: 600100200, deviceName: true }, paths: ['deviceName', 'phone'] },
  },
  {
    name: 'POST /v1/citizen/peer-sessions',
    path: '/v1/citizen/peer-sessions',
    auth: () => citizenToken,
    valid: () => ({ request: idCardRequest }),
    required: ['request'],
    wrongTypes: {
      body: { request: [], displaySeconds: 1.5 },
      paths: ['displaySeconds', 'request'],
    },
  },
  {
    name: 'POST /v1/admin/verifiers',
    path: '/v1/admin/verifiers',
    auth: () => t.adminToken,
    valid: () => ({
      name: 'Sklep',
      kind: 'business',
      claims: { id_card: ['age_over_18'] },
      flows: ['code'],
    }),
    required: ['claims', 'flows', 'kind', 'name'],
    wrongTypes: {
      body: {
        name: 5,
        kind: 'spaceship',
        claims: [],
        flows: 'code',
        origins: 'x',
        retain: 'yes',
        displaySeconds: 0,
      },
      paths: ['claims', 'displaySeconds', 'flows', 'kind', 'name', 'origins', 'retain'],
    },
  },
];

/** Headers with the route's credential, if it needs one. */
function authHeaders(route: BodyRoute): Record<string, string> {
  const token = route.auth();
  return token ? { authorization: `Bearer ${token}` } : {};
}

describe.each(bodyRoutes)('[V1][V2][V3] garbage bodies on $name', (route) => {
  it('[V1][V2] a body that is not JSON, or not labelled as JSON, is refused with invalid_request', async () => {
    const json = { ...authHeaders(route), 'content-type': 'application/json' };
    const cases: { what: string; body: string | Uint8Array; headers: Record<string, string> }[] = [
      { what: 'broken JSON', body: '{"flow": ', headers: json },
      { what: 'not JSON at all', body: 'hello world', headers: json },
      { what: 'empty body', body: '', headers: json },
      { what: 'JSON with trailing junk', body: '{}}', headers: json },
      { what: 'single-quoted JSON', body: "{'a': 1}", headers: json },
      {
        what: 'valid JSON as text/plain',
        body: JSON.stringify(route.valid()),
        headers: { ...authHeaders(route), 'content-type': 'text/plain' },
      },
      {
        what: 'valid JSON as a form',
        body: JSON.stringify(route.valid()),
        headers: { ...authHeaders(route), 'content-type': 'application/x-www-form-urlencoded' },
      },
      {
        what: 'valid JSON as multipart',
        body: JSON.stringify(route.valid()),
        headers: { ...authHeaders(route), 'content-type': 'multipart/form-data; boundary=x' },
      },
      {
        what: 'valid JSON with no content type',
        body: new TextEncoder().encode(JSON.stringify(route.valid())),
        headers: authHeaders(route),
      },
      {
        what: 'binary garbage',
        body: new Uint8Array([0xff, 0xfe, 0x00, 0x01, 0x7b]),
        headers: json,
      },
    ];
    for (const c of cases) {
      const answer = await rawPost(route.path, c.body, c.headers);
      const error = expectError(answer, 400, 'invalid_request');
      expect(error.issues, c.what).toBeUndefined();
    }
  });

  it('[V1][V2] JSON that is not an object is refused with one issue at the root', async () => {
    for (const value of [null, [], [route.valid()], 'hello', '', 42, 0, true, false]) {
      const answer = await t.api('POST', route.path, { auth: route.auth(), json: value });
      const error = expectError(answer, 400, 'invalid_request');
      expect(error.issues, JSON.stringify(value)).toEqual([
        { path: '', message: expect.any(String) },
      ]);
    }
  });

  it('[V1][V2] missing fields are each listed by path', async () => {
    const answer = await t.api('POST', route.path, { auth: route.auth(), json: {} });
    const error = expectError(answer, 400, 'invalid_request');
    expect(pathsOf(error)).toEqual(route.required);
  });

  it('[V1][V2] wrong types are all listed, not just the first', async () => {
    const answer = await t.api('POST', route.path, {
      auth: route.auth(),
      json: route.wrongTypes.body,
    });
    const error = expectError(answer, 400, 'invalid_request');
    expect(pathsOf(error)).toEqual(route.wrongTypes.paths);
  });

  it('[V1] unknown keys are refused, at the top and nested', async () => {
    const extra = await t.api('POST', route.path, {
      auth: route.auth(),
      json: { ...route.valid(), isAdmin: true },
    });
    const error = expectError(extra, 400, 'invalid_request');
    expect(error.issues).toEqual([{ path: '', message: expect.stringContaining('isAdmin') }]);

    for (const key of ['__proto__', 'constructor']) {
      const body = `{"${key}": {"polluted": true}, ${JSON.stringify(route.valid()).slice(1)}`;
      const answer = await rawPost(route.path, body, {
        ...authHeaders(route),
        'content-type': 'application/json',
      });
      const refused = expectError(answer, 400, 'invalid_request');
      expect(refused.issues).toEqual([{ path: '', message: expect.stringContaining(key) }]);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    const valid = route.valid();
    if ('request' in valid) {
      const nested = await t.api('POST', route.path, {
        auth: route.auth(),
        json: {
          ...valid,
          request: {
            ...idCardRequest,
            documents: [{ type: 'id_card', claims: ['given_names'], extra: 1 }],
            sneaky: 'x',
          },
        },
      });
      const nestedError = expectError(nested, 400, 'invalid_request');
      expect(pathsOf(nestedError)).toEqual(['request', 'request.documents.0']);
    }
  });

  it('[V1] a body over 64 KiB gets 413 in the V2 shape, one at the limit is parsed', async () => {
    const headers = { ...authHeaders(route), 'content-type': 'application/json' };
    const tooBig = await rawPost(route.path, JSON.stringify({ x: 'a'.repeat(70_000) }), headers);
    const error = expectError(tooBig, 413, 'invalid_request');
    expect(error.issues).toBeUndefined();
    expect(error.message).toMatch(/65536/);

    // Exactly 64 KiB: the limit is inclusive, so the schema (not the size) refuses it.
    const atLimit = '{"x":1' + ' '.repeat(65_536 - 8) + '}';
    expect(Buffer.byteLength(atLimit)).toBe(65_535);
    const padded = atLimit + ' ';
    expect(Buffer.byteLength(padded)).toBe(65_536);
    const parsed = await rawPost(route.path, padded, headers);
    expectError(parsed, 400, 'invalid_request');

    // One byte over, counted without a content-length (chunked upload).
    const chunked = await chunkedPost(route.path, [padded, ' '], authHeaders(route));
    expectError(chunked, 413, 'invalid_request');
  });
});

describe.each(bodyRoutes.filter((r) => r.badPesel))('[V1] bad PESEL on $name', (route) => {
  it('[V1] a PESEL with a wrong check digit is refused at its path', async () => {
    const { body, path } = route.badPesel!();
    const answer = await t.api('POST', route.path, { auth: route.auth(), json: body });
    const error = expectError(answer, 400, 'invalid_request');
    expect(pathsOf(error)).toEqual([path]);
  });
});

describe('[V1][V2] garbage bodies elsewhere', () => {
  it('[V1] POST /v1/sessions lists every problem of a deeply wrong body', async () => {
    const answer = await t.api('POST', '/v1/sessions', {
      auth: t.verifiers.bank.apiKey,
      json: {
        flow: 'nope',
        request: { documents: [{ type: 'id_card', claims: ['bogus'] }], purpose: '', retain: 1 },
        displaySeconds: 601,
        nonce: '',
      },
    });
    const error = expectError(answer, 400, 'invalid_request');
    expect(pathsOf(error)).toEqual([
      'displaySeconds',
      'flow',
      'nonce',
      'request.documents.0.claims.0',
      'request.purpose',
      'request.retain',
    ]);
  });

  it('[V1] a valid body labelled with another JSON-based media type is refused', async () => {
    for (const route of bodyRoutes) {
      for (const type of ['application/json-patch+json', 'application/json.v2']) {
        const answer = await rawPost(route.path, JSON.stringify(route.valid()), {
          ...authHeaders(route),
          'content-type': type,
        });
        expectError(answer, 400, 'invalid_request');
      }
    }
  });

  it('[V1] deeply nested JSON is refused without harm', async () => {
    const depth = 20_000;
    const body = '{"request":' + '['.repeat(depth) + ']'.repeat(depth) + '}';
    const answer = await rawPost('/v1/citizen/peer-sessions', body, {
      authorization: `Bearer ${citizenToken}`,
      'content-type': 'application/json',
    });
    expectError(answer, 400, 'invalid_request');
    expect((await t.api('GET', '/healthz')).status).toBe(200);
  });

  it('[V1] DELETE /v1/citizen/activation with an oversized body gets 413', async () => {
    const answer = await t.api('DELETE', '/v1/citizen/activation', {
      auth: citizenToken,
      body: 'x'.repeat(70_000),
      headers: { 'content-type': 'application/json' },
    });
    expectError(answer, 413, 'invalid_request');
  });
});

/** One route that takes a query string. */
interface QueryRoute {
  name: string;
  path: string;
  auth: () => string | undefined;
  /** Query strings the route accepts. */
  good: string[];
  /** Query strings it refuses, each with the issue paths it must report. */
  bad: { query: string; paths: string[] }[];
}

const queryRoutes: QueryRoute[] = [
  {
    name: 'GET /v1/dev/citizens',
    path: '/v1/dev/citizens',
    auth: () => undefined,
    good: ['', '?limit=1', '?limit=100'],
    bad: [
      { query: '?limit=abc', paths: ['limit'] },
      { query: '?limit=0', paths: ['limit'] },
      { query: '?limit=-1', paths: ['limit'] },
      { query: '?limit=101', paths: ['limit'] },
      { query: '?limit=1.5', paths: ['limit'] },
      { query: '?limit=', paths: ['limit'] },
      { query: '?limit=Infinity', paths: ['limit'] },
      { query: '?limit=3&admin=1', paths: [''] },
      { query: '?limit=abc&x=1', paths: ['', 'limit'] },
    ],
  },
  {
    name: 'GET /v1/dev/sms',
    path: '/v1/dev/sms',
    auth: () => undefined,
    good: ['?phone=%2B48600100200', '?phone=600100200', '?phone=600%20100%20200'],
    bad: [
      { query: '', paths: ['phone'] },
      { query: '?phone=', paths: ['phone'] },
      { query: '?phone=abc', paths: ['phone'] },
      { query: '?phone=123', paths: ['phone'] },
      { query: `?phone=${'9'.repeat(40)}`, paths: ['phone'] },
      { query: '?phone=600100200&all=1', paths: [''] },
    ],
  },
  {
    name: 'GET /v1/admin/audit',
    path: '/v1/admin/audit',
    auth: () => t.adminToken,
    good: ['', '?limit=1', '?limit=1000', '?limit=5&before=3'],
    bad: [
      { query: '?limit=abc', paths: ['limit'] },
      { query: '?before=0', paths: ['before'] },
      { query: '?before=x', paths: ['before'] },
      { query: '?limit=0', paths: ['limit'] },
      { query: '?limit=1001', paths: ['limit'] },
      { query: '?limit=2.5', paths: ['limit'] },
      { query: '?limit=10&verifierId=x', paths: [''] },
    ],
  },
];

describe.each(queryRoutes)('[V1][V2][V3] garbage queries on $name', (route) => {
  it('[V1] good queries are answered 200', async () => {
    for (const query of route.good) {
      const answer = await t.api('GET', route.path + query, { auth: route.auth() });
      expect(answer.status, `${query} ${JSON.stringify(answer.body)}`).toBe(200);
    }
  });

  it('[V1][V2] bad queries get invalid_request with every issue by path', async () => {
    for (const { query, paths } of route.bad) {
      const answer = await t.api('GET', route.path + query, { auth: route.auth() });
      const error = expectError(answer, 400, 'invalid_request');
      expect(pathsOf(error), query).toEqual(paths);
    }
  });
});

describe('[V2][V3] unknown routes', () => {
  it('[V2] an unknown route answers not_found in the V2 shape', async () => {
    const cases: [string, string][] = [
      ['GET', '/nope'],
      ['GET', '/v1'],
      ['GET', '/v1/'],
      ['POST', '/v1/nope'],
      ['GET', '/v2/sessions'],
      ['DELETE', '/healthz'],
      ['GET', '/v1/citizen/nope'],
      ['GET', '/.well-known/other'],
      ['GET', '/%00'],
    ];
    for (const [method, path] of cases) {
      const answer = await t.api(method, path);
      expectError(answer, 404, 'not_found');
    }
    const authed = await t.api('PUT', '/v1/sessions', { auth: t.verifiers.bank.apiKey, json: {} });
    expectError(authed, 404, 'not_found');
    const admin = await t.api('GET', '/v1/admin/nope', { auth: t.adminToken });
    expectError(admin, 404, 'not_found');
  });

  it('[V2] malformed percent-encoding in paths and queries never becomes internal', async () => {
    const key = t.verifiers.bank.apiKey;
    const cases: [string, string | undefined, number, ErrorCode][] = [
      ['/v1/sessions/%', key, 404, 'not_found'],
      ['/v1/sessions/%E0%A4%A', key, 404, 'not_found'],
      [`/v1/sessions/${'a'.repeat(5000)}/result`, key, 404, 'not_found'],
      ['/v1/admin/verifiers/%ZZ', t.adminToken, 404, 'not_found'],
      ['/v1/dev/citizens?limit=%', undefined, 400, 'invalid_request'],
      ['/v1/dev/citizens?%=1', undefined, 400, 'invalid_request'],
      ['/v1/dev/sms?phone=%', undefined, 400, 'invalid_request'],
      ['/v1/admin/audit?limit=%FF', t.adminToken, 400, 'invalid_request'],
    ];
    for (const [path, auth, status, code] of cases) {
      expectError(await t.api('GET', path, { auth }), status, code);
    }
  });
});

describe('[A1][A5] authentication garbage', () => {
  /** Every route that needs a credential, with the kind it needs. */
  const protectedRoutes: {
    method: string;
    path: string;
    kind: 'verifier' | 'citizen' | 'admin';
  }[] = [
    { method: 'POST', path: '/v1/sessions', kind: 'verifier' },
    { method: 'GET', path: '/v1/sessions/abc', kind: 'verifier' },
    { method: 'DELETE', path: '/v1/sessions/abc', kind: 'verifier' },
    { method: 'GET', path: '/v1/sessions/abc/result', kind: 'verifier' },
    { method: 'POST', path: '/v1/citizen/activation', kind: 'citizen' },
    { method: 'DELETE', path: '/v1/citizen/activation', kind: 'citizen' },
    { method: 'GET', path: '/v1/citizen/devices', kind: 'citizen' },
    { method: 'DELETE', path: '/v1/citizen/devices/abc', kind: 'citizen' },
    { method: 'GET', path: '/v1/citizen/history', kind: 'citizen' },
    { method: 'POST', path: '/v1/citizen/peer-sessions', kind: 'citizen' },
    { method: 'GET', path: '/v1/admin/verifiers', kind: 'admin' },
    { method: 'POST', path: '/v1/admin/verifiers', kind: 'admin' },
    { method: 'GET', path: '/v1/admin/verifiers/abc', kind: 'admin' },
    { method: 'POST', path: '/v1/admin/verifiers/abc/approve', kind: 'admin' },
    { method: 'POST', path: '/v1/admin/verifiers/abc/suspend', kind: 'admin' },
    { method: 'POST', path: '/v1/admin/verifiers/abc/keys', kind: 'admin' },
    { method: 'DELETE', path: '/v1/admin/verifiers/abc/keys/def', kind: 'admin' },
    { method: 'GET', path: '/v1/admin/audit', kind: 'admin' },
    { method: 'GET', path: '/v1/admin/audit/verify', kind: 'admin' },
  ];

  it('[A1][V2] a missing or malformed Authorization header gets unauthorized', async () => {
    const garbage: (string | undefined)[] = [
      undefined,
      '',
      'Bearer',
      'Bearer ',
      'Bearer a b',
      'Basic dXNlcjpwYXNz',
      'Token abc',
      'Bearer not-a-token',
      `Bearer ${'x'.repeat(8000)}`,
      'Bearer mdok_short_key',
      `Bearer mdok_${'a'.repeat(12)}_${'b'.repeat(43)}`,
      'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
    ];
    for (const route of protectedRoutes) {
      for (const header of garbage) {
        const answer = await t.api(route.method, route.path, {
          headers: header === undefined ? {} : { authorization: header },
          ...(route.method === 'POST' ? { json: {} } : {}),
        });
        const shown = `${route.method} ${route.path} with ${String(header).slice(0, 40)}`;
        expect(answer.status, shown).toBe(401);
        expectError(answer, 401, 'unauthorized');
      }
    }
  });

  it('[A5] admin routes refuse a verifier API key and a citizen token', async () => {
    for (const route of protectedRoutes.filter((r) => r.kind === 'admin')) {
      for (const token of [t.verifiers.police.apiKey, citizenToken]) {
        const answer = await t.api(route.method, route.path, { auth: token });
        expectError(answer, 401, 'unauthorized');
      }
    }
  });

  it('[A5] session routes refuse the admin token; citizen routes refuse admin token and API key', async () => {
    for (const route of protectedRoutes.filter((r) => r.kind === 'verifier')) {
      for (const token of [t.adminToken, citizenToken]) {
        const answer = await t.api(route.method, route.path, {
          auth: token,
          ...(route.method === 'POST' ? { json: { flow: 'code', request: idCardRequest } } : {}),
        });
        expectError(answer, 401, 'unauthorized');
      }
    }
    for (const route of protectedRoutes.filter((r) => r.kind === 'citizen')) {
      for (const token of [t.adminToken, t.verifiers.bank.apiKey]) {
        const answer = await t.api(route.method, route.path, { auth: token });
        expectError(answer, 401, 'unauthorized');
      }
    }
  });

  it('[A1] the API key is checked before the body, so strangers learn nothing about schemas', async () => {
    const answer = await rawPost('/v1/sessions', 'not json', {
      'content-type': 'application/json',
    });
    expectError(answer, 401, 'unauthorized');
  });
});

describe('[V1][V2] createSession body rules', () => {
  type Row = {
    rule: string;
    handle: 'bank' | 'police';
    body: () => Record<string, unknown>;
    status: number;
    paths?: string[];
  };
  const code = { flow: 'code', request: idCardRequest };
  const rows: Row[] = [
    { rule: 'a plain code flow is accepted', handle: 'bank', body: () => code, status: 201 },
    {
      rule: 'otp with subject.pesel is accepted',
      handle: 'bank',
      body: () => ({ flow: 'otp', request: idCardRequest, subject: { pesel: registeredPesel } }),
      status: 201,
    },
    {
      rule: 'privileged with subject.pesel and legalBasis is accepted',
      handle: 'police',
      body: () => ({
        flow: 'privileged',
        request: idCardRequest,
        subject: { pesel: registeredPesel },
        legalBasis: 'art. 15 ust. 1 pkt 1 ustawy o Policji, sygn. RSD-123/24',
      }),
      status: 201,
    },
    {
      rule: 'privileged needs subject.pesel',
      handle: 'police',
      body: () => ({ flow: 'privileged', request: idCardRequest, legalBasis: 'art. 15 ustawy' }),
      status: 400,
      paths: ['subject'],
    },
    {
      rule: 'privileged refuses a phone subject',
      handle: 'police',
      body: () => ({
        flow: 'privileged',
        request: idCardRequest,
        subject: { phone: '+48600100200' },
        legalBasis: 'art. 15 ustawy',
      }),
      status: 400,
      paths: ['subject'],
    },
    {
      rule: 'privileged needs legalBasis',
      handle: 'police',
      body: () => ({
        flow: 'privileged',
        request: idCardRequest,
        subject: { pesel: registeredPesel },
      }),
      status: 400,
      paths: ['legalBasis'],
    },
    {
      rule: 'privileged with neither lists both',
      handle: 'police',
      body: () => ({ flow: 'privileged', request: idCardRequest }),
      status: 400,
      paths: ['legalBasis', 'subject'],
    },
    {
      rule: 'a blank legalBasis is no legal basis',
      handle: 'police',
      body: () => ({
        flow: 'privileged',
        request: idCardRequest,
        subject: { pesel: registeredPesel },
        legalBasis: '    ',
      }),
      status: 400,
      paths: ['legalBasis'],
    },
    {
      rule: 'legalBasis only with privileged (code)',
      handle: 'police',
      body: () => ({ ...code, legalBasis: 'art. 15 ustawy' }),
      status: 400,
      paths: ['legalBasis'],
    },
    {
      rule: 'legalBasis only with privileged (otp)',
      handle: 'bank',
      body: () => ({
        flow: 'otp',
        request: idCardRequest,
        subject: { pesel: registeredPesel },
        legalBasis: 'art. 15 ustawy',
      }),
      status: 400,
      paths: ['legalBasis'],
    },
    {
      rule: 'the code flow takes no subject',
      handle: 'bank',
      body: () => ({ ...code, subject: { pesel: registeredPesel } }),
      status: 400,
      paths: ['subject'],
    },
    {
      rule: 'flow peer is not for /v1/sessions',
      handle: 'bank',
      body: () => ({ ...code, flow: 'peer' }),
      status: 400,
      paths: ['flow'],
    },
    {
      rule: 'a document type may not repeat',
      handle: 'bank',
      body: () => ({
        flow: 'code',
        request: {
          documents: [
            { type: 'id_card', claims: ['given_names'] },
            { type: 'id_card', claims: ['photo'] },
          ],
          purpose: 'x',
        },
      }),
      status: 400,
      paths: ['request.documents'],
    },
    {
      rule: 'a claim must belong to its document type (vin on id_card)',
      handle: 'bank',
      body: () => ({
        flow: 'code',
        request: { documents: [{ type: 'id_card', claims: ['given_names', 'vin'] }], purpose: 'x' },
      }),
      status: 400,
      paths: ['request.documents.0.claims.1'],
    },
    {
      rule: 'a claim may not repeat',
      handle: 'bank',
      body: () => ({
        flow: 'code',
        request: { documents: [{ type: 'id_card', claims: ['photo', 'photo'] }], purpose: 'x' },
      }),
      status: 400,
      paths: ['request.documents.0.claims'],
    },
    {
      rule: 'a request needs a document and a purpose',
      handle: 'bank',
      body: () => ({ flow: 'code', request: { documents: [], purpose: '  ' } }),
      status: 400,
      paths: ['request.documents', 'request.purpose'],
    },
    {
      rule: 'a document needs a claim',
      handle: 'bank',
      body: () => ({
        flow: 'code',
        request: { documents: [{ type: 'id_card', claims: [] }], purpose: 'x' },
      }),
      status: 400,
      paths: ['request.documents.0.claims'],
    },
    {
      rule: 'displaySeconds is 1..600 whole seconds',
      handle: 'bank',
      body: () => ({ ...code, displaySeconds: 601 }),
      status: 400,
      paths: ['displaySeconds'],
    },
    {
      rule: 'a subject is a PESEL or a phone, not both',
      handle: 'bank',
      body: () => ({
        flow: 'otp',
        request: idCardRequest,
        subject: { pesel: registeredPesel, phone: '+48600100200' },
      }),
      status: 400,
      paths: ['subject'],
    },
    {
      rule: '[D3] a flow the verifier is not registered for is forbidden',
      handle: 'bank',
      body: () => ({
        flow: 'privileged',
        request: idCardRequest,
        subject: { pesel: registeredPesel },
        legalBasis: 'art. 15 ustawy',
      }),
      status: 403,
    },
  ];

  it.each(rows)('[V1] $rule', async (row) => {
    const answer = await t.api('POST', '/v1/sessions', {
      auth: t.verifiers[row.handle].apiKey,
      json: row.body(),
    });
    if (row.status === 201) {
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      return;
    }
    const error = expectError(
      answer,
      row.status,
      row.status === 403 ? 'forbidden' : 'invalid_request',
    );
    if (row.paths) expect(pathsOf(error)).toEqual(row.paths);
  });
});

describe('[V1] the process stays up', () => {
  it('[V1][V3] after a barrage of garbage on every route, /healthz is 200 and sessions still work', async () => {
    const sends: Promise<ApiAnswer>[] = [];
    for (const route of bodyRoutes) {
      const headers = { ...authHeaders(route), 'content-type': 'application/json' };
      for (const body of ['', 'null', '[]', '{', '"x"', '{"a":1}', 'x'.repeat(70_000)]) {
        sends.push(rawPost(route.path, body, headers));
      }
    }
    for (const route of queryRoutes) {
      for (const { query } of route.bad) {
        sends.push(t.api('GET', route.path + query, { auth: route.auth() }));
      }
    }
    const answers = await Promise.all(sends);
    for (const answer of answers) {
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect(ErrorBody.safeParse(answer.body).success).toBe(true);
    }
    expect((await t.api('GET', '/healthz')).status).toBe(200);
    expect((await t.api('GET', '/readyz')).status).toBe(200);
    const created = await t.createSession('bank', { flow: 'code', request: idCardRequest });
    expect(created.code).toMatch(/^\d{8}$/);
  });
});
