/**
 * The administrator's API (A1, A5, D3; PRODUCT §8): onboarding a verifier, approving and
 * suspending it, issuing API keys that are shown once and stored only as hashes, revoking them,
 * and refusing registrations that ask for more than the kind or the documents allow.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ErrorBody,
  VerifierView,
  type CreateSessionResponse,
  type ErrorCode,
  type ErrorObject,
} from '../../contracts/index.js';
import { sha256Hex } from '../../hub/security/crypto.js';
import { DEMO_ORIGIN, startTestHub, type ApiAnswer, type TestHub } from '../helpers/test-hub.js';
import { waitFor } from '../helpers/wait.js';

let t: TestHub;
beforeEach(async () => {
  t = await startTestHub();
});
afterEach(async () => {
  await t.close();
});

const shopBody = {
  name: 'Sklep Monopolowy "Pod Kogutem"',
  kind: 'business',
  branch: 'ul. Długa 1, Gdańsk',
  claims: { id_card: ['given_names', 'age_over_18'] },
  flows: ['code'],
  origins: [DEMO_ORIGIN],
  displaySeconds: 60,
};

const ageRequest = {
  flow: 'code',
  request: { documents: [{ type: 'id_card', claims: ['age_over_18'] }], purpose: 'Sprzedaż' },
};

/** An admin API call. */
function admin<T = unknown>(method: string, path: string, json?: unknown): Promise<ApiAnswer<T>> {
  return t.api<T>(method, `/v1/admin${path}`, {
    auth: t.adminToken,
    ...(json === undefined ? {} : { json }),
  });
}

/** `POST /v1/sessions` with an API key. */
function createSession(apiKey: string, body: unknown = ageRequest): Promise<ApiAnswer> {
  return t.api('POST', '/v1/sessions', { auth: apiKey, json: body });
}

/** Checks a V2 error answer and returns the error object. */
function expectError(answer: ApiAnswer, status: number, code: ErrorCode): ErrorObject {
  const shown = `${answer.status} ${JSON.stringify(answer.body)}`;
  expect(answer.status, shown).toBe(status);
  const parsed = ErrorBody.safeParse(answer.body);
  expect(parsed.success, shown).toBe(true);
  expect(parsed.data!.error.code, shown).toBe(code);
  return parsed.data!.error;
}

/** Registers the shop; returns its id. */
async function registerShop(body: Record<string, unknown> = shopBody): Promise<string> {
  const answer = await admin<{ verifierId: string; status: string }>('POST', '/verifiers', body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.verifierId;
}

/** Issues a key; returns it. */
async function issueKey(verifierId: string): Promise<{ keyId: string; apiKey: string }> {
  const answer = await admin<{ keyId: string; apiKey: string }>(
    'POST',
    `/verifiers/${verifierId}/keys`,
  );
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body;
}

/** The admin view of a verifier, checked against the strict contract. */
async function view(verifierId: string): Promise<{ view: VerifierView; text: string }> {
  const answer = await admin('GET', `/verifiers/${verifierId}`);
  expect(answer.status).toBe(200);
  return { view: VerifierView.parse(answer.body), text: JSON.stringify(answer.body) };
}

describe('[A1][A5] onboarding a verifier', () => {
  it('[A5] a new verifier is registered pending: 201 { verifierId, status }', async () => {
    const answer = await admin('POST', '/verifiers', shopBody);
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({ verifierId: expect.any(String), status: 'pending' });
    const { verifierId } = answer.body as { verifierId: string };
    const { view: shop } = await view(verifierId);
    expect(shop).toMatchObject({
      verifierId,
      name: shopBody.name,
      kind: 'business',
      branch: shopBody.branch,
      claims: shopBody.claims,
      flows: ['code'],
      origins: [DEMO_ORIGIN],
      retain: false,
      displaySeconds: 60,
      status: 'pending',
      keys: [],
    });
  });

  it('[A1] a pending verifier key is forbidden; approval makes it work', async () => {
    const verifierId = await registerShop();
    const { apiKey } = await issueKey(verifierId);
    expectError(await createSession(apiKey), 403, 'forbidden');

    const approved = await admin('POST', `/verifiers/${verifierId}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body).toEqual({ status: 'active' });
    const created = await createSession(apiKey);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((created.body as CreateSessionResponse).code).toMatch(/^\d{8}$/);
  });

  it('[A1] an API key is shown once and stored only as a hash', async () => {
    const verifierId = await registerShop();
    await admin('POST', `/verifiers/${verifierId}/approve`);
    const answer = await admin('POST', `/verifiers/${verifierId}/keys`);
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({ keyId: expect.any(String), apiKey: expect.any(String) });
    const { keyId, apiKey } = answer.body as { keyId: string; apiKey: string };
    expect(apiKey.startsWith(`mdok_${keyId}_`)).toBe(true);
    const secret = apiKey.slice(`mdok_${keyId}_`.length);
    // ≥ 128 bits of secret, URL-safe.
    expect(secret).toMatch(/^[A-Za-z0-9_-]{22,}$/);

    const { view: shop, text } = await view(verifierId);
    expect(shop.keys).toEqual([{ keyId, createdAt: expect.any(String), revoked: false }]);
    expect(Object.keys(shop.keys[0]!).sort()).toEqual(['createdAt', 'keyId', 'revoked']);
    expect(Number.isNaN(Date.parse(shop.keys[0]!.createdAt))).toBe(false);
    for (const leak of [apiKey, secret, sha256Hex(secret), sha256Hex(apiKey)]) {
      expect(text).not.toContain(leak);
    }
    const list = await admin('GET', '/verifiers');
    for (const leak of [apiKey, secret, sha256Hex(secret)]) {
      expect(JSON.stringify(list.body)).not.toContain(leak);
    }
    const stored = await t.hub.ctx.records.apiKeys.get(keyId);
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(stored?.hash).toBe(sha256Hex(secret));

    expect((await createSession(apiKey)).status).toBe(201);
    const second = await issueKey(verifierId);
    expect(second.apiKey).not.toBe(apiKey);
    expect(second.keyId).not.toBe(keyId);
    expect((await createSession(second.apiKey)).status).toBe(201);
    expect((await view(verifierId)).view.keys.map((k) => k.keyId).sort()).toEqual(
      [keyId, second.keyId].sort(),
    );
  });

  it('[A1] a revoked key is refused; the verifier’s other keys keep working', async () => {
    const verifierId = await registerShop();
    await admin('POST', `/verifiers/${verifierId}/approve`);
    const first = await issueKey(verifierId);
    const second = await issueKey(verifierId);

    const revoked = await admin('DELETE', `/verifiers/${verifierId}/keys/${first.keyId}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toEqual({ keyId: first.keyId, revoked: true });
    expectError(await createSession(first.apiKey), 401, 'unauthorized');
    expect((await createSession(second.apiKey)).status).toBe(201);
    const keys = (await view(verifierId)).view.keys;
    expect(keys.find((k) => k.keyId === first.keyId)?.revoked).toBe(true);
    expect(keys.find((k) => k.keyId === second.keyId)?.revoked).toBe(false);

    // Unknown keys, and keys of another verifier, cannot be revoked through this one.
    expectError(await admin('DELETE', `/verifiers/${verifierId}/keys/nope`), 404, 'not_found');
    const bank = t.verifiers.bank;
    const bankKeyId = (await view(bank.verifier.id)).view.keys[0]!.keyId;
    expectError(
      await admin('DELETE', `/verifiers/${verifierId}/keys/${bankKeyId}`),
      404,
      'not_found',
    );
    expect((await t.createSession('bank', ageRequest)).sessionId).toBeTruthy();
  });

  it('[A1] suspension forbids the keys and cuts live widgets; approval restores', async () => {
    const verifierId = await registerShop();
    await admin('POST', `/verifiers/${verifierId}/approve`);
    const { apiKey } = await issueKey(verifierId);
    const created = await createSession(apiKey);
    expect(created.status).toBe(201);
    const widget = await t.verifierSocket((created.body as CreateSessionResponse).widgetToken, {
      origin: DEMO_ORIGIN,
    });
    const cut = waitFor(widget, 'disconnect');

    const suspended = await admin('POST', `/verifiers/${verifierId}/suspend`);
    expect(suspended.status).toBe(200);
    expect(suspended.body).toEqual({ status: 'suspended' });
    await cut;
    expectError(await createSession(apiKey), 403, 'forbidden');
    expect((await view(verifierId)).view.status).toBe('suspended');
    // Other verifiers are not touched.
    expect((await t.createSession('bank', ageRequest)).sessionId).toBeTruthy();

    expect((await admin('POST', `/verifiers/${verifierId}/approve`)).body).toEqual({
      status: 'active',
    });
    expect((await createSession(apiKey)).status).toBe(201);
  });
});

describe('[A1][D3] what a registration may hold', () => {
  it('[D3][F5] the privileged flow is for police units only', async () => {
    for (const kind of ['business', 'bank', 'public_office', 'post', 'telecom', 'library']) {
      const answer = await admin('POST', '/verifiers', {
        ...shopBody,
        kind,
        flows: ['code', 'privileged'],
      });
      expectError(answer, 403, 'forbidden');
    }
    const before = (await admin<{ verifiers: unknown[] }>('GET', '/verifiers')).body.verifiers;
    expect(before).toHaveLength(4);
    const police = await admin('POST', '/verifiers', {
      ...shopBody,
      kind: 'police',
      flows: ['privileged'],
    });
    expect(police.status).toBe(201);
  });

  it('[V1][D3] a claim policy naming a claim its document lacks is refused with issues', async () => {
    const answer = await admin('POST', '/verifiers', {
      ...shopBody,
      claims: { id_card: ['given_names', 'vin'], vehicle_registration: ['photo'] },
    });
    const error = expectError(answer, 400, 'invalid_request');
    expect(error.issues?.map((i) => i.path).sort()).toEqual([
      'claims.id_card',
      'claims.vehicle_registration',
    ]);
    expect(error.issues?.find((i) => i.path === 'claims.id_card')?.message).toMatch(/vin/);
  });

  it('[V1] other bad registrations are refused with issues by path', async () => {
    const cases: [Record<string, unknown>, string[]][] = [
      [{ ...shopBody, flows: ['peer'] }, ['flows.0']],
      [{ ...shopBody, flows: [] }, ['flows']],
      [{ ...shopBody, claims: { passport: ['photo'] } }, ['claims']],
      [
        { ...shopBody, origins: ['https://bank.example/path', 'javascript:alert(1)'] },
        ['origins.0', 'origins.1'],
      ],
      [{ ...shopBody, displaySeconds: 601 }, ['displaySeconds']],
      [{ ...shopBody, name: '   ' }, ['name']],
      [{ ...shopBody, status: 'active' }, ['']],
    ];
    for (const [body, paths] of cases) {
      const error = expectError(await admin('POST', '/verifiers', body), 400, 'invalid_request');
      expect([...new Set(error.issues?.map((i) => i.path))].sort(), JSON.stringify(body)).toEqual(
        paths,
      );
    }
    // Nothing was registered by the refusals.
    expect(
      (await admin<{ verifiers: unknown[] }>('GET', '/verifiers')).body.verifiers,
    ).toHaveLength(4);
  });

  it('[D3] a session asking for more than the registration allows is forbidden with issues', async () => {
    const verifierId = await registerShop();
    await admin('POST', `/verifiers/${verifierId}/approve`);
    const { apiKey } = await issueKey(verifierId);
    const answer = await createSession(apiKey, {
      flow: 'code',
      request: {
        documents: [
          { type: 'id_card', claims: ['age_over_18', 'pesel'] },
          { type: 'driving_licence', claims: ['categories'] },
        ],
        purpose: 'x',
      },
    });
    const error = expectError(answer, 403, 'forbidden');
    expect(error.issues?.map((i) => i.path)).toEqual([
      'request.documents.0.claims.1',
      'request.documents.1.claims.0',
    ]);
    expectError(await createSession(apiKey, { ...ageRequest, flow: 'otp' }), 403, 'forbidden');
  });
});

describe('[A5] listing and unknown ids', () => {
  it('[A5] lists every verifier in the admin view, without key material', async () => {
    const verifierId = await registerShop();
    const answer = await admin<{ verifiers: unknown[] }>('GET', '/verifiers');
    expect(answer.status).toBe(200);
    const views = answer.body.verifiers.map((v) => VerifierView.parse(v));
    expect(views.map((v) => v.verifierId).sort()).toEqual(
      [verifierId, ...Object.values(t.verifiers).map((s) => s.verifier.id)].sort(),
    );
    expect(views.find((v) => v.verifierId === verifierId)?.status).toBe('pending');
    const text = JSON.stringify(answer.body);
    for (const seeded of Object.values(t.verifiers)) expect(text).not.toContain(seeded.apiKey);
  });

  it('[A5] unknown verifier ids get not_found', async () => {
    const calls: [string, string][] = [
      ['GET', '/verifiers/v_nope'],
      ['POST', '/verifiers/v_nope/approve'],
      ['POST', '/verifiers/v_nope/suspend'],
      ['POST', '/verifiers/v_nope/keys'],
      ['DELETE', '/verifiers/v_nope/keys/k_nope'],
    ];
    for (const [method, path] of calls) {
      expectError(await admin(method, path), 404, 'not_found');
    }
  });

  it('[A5] the admin credential is needed, and nothing else opens the admin API', async () => {
    const verifierId = await registerShop();
    const citizen = await t.citizen();
    for (const token of [t.verifiers.police.apiKey, citizen.citizenToken, citizen.deviceToken]) {
      for (const [method, path] of [
        ['POST', `/v1/admin/verifiers/${verifierId}/approve`],
        ['POST', `/v1/admin/verifiers/${verifierId}/keys`],
        ['POST', '/v1/admin/verifiers'],
      ] as const) {
        const answer = await t.api(method, path, { auth: token, json: shopBody });
        expectError(answer, 401, 'unauthorized');
      }
    }
    expect((await view(verifierId)).view).toMatchObject({ status: 'pending', keys: [] });
    const wrongAdmin = await t.api('GET', '/v1/admin/verifiers', { auth: `${t.adminToken}x` });
    expectError(wrongAdmin, 401, 'unauthorized');
  });
});
