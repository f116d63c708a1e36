/**
 * The citizen's API and the public endpoints (PRODUCT §6, §8, A3, D4): the dev-mode login,
 * activation (citizen token only, one phone per citizen), dev helpers present only in dev mode,
 * the JWKS that verifies presentations, and the probes.
 */
import { calculateJwkThumbprint, type JWK } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ActivationResponse,
  DevCitizen,
  ErrorBody,
  LoginResponse,
  isValidPesel,
  peselCheckDigit,
  type ErrorCode,
} from '../../contracts/index.js';
import { startTestHub, type ApiAnswer, type TestHub } from '../helpers/test-hub.js';
import { waitFor } from '../helpers/wait.js';

let t: TestHub | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** Starts the hub for one test (dev mode unless told otherwise). */
async function hub(devMode = true): Promise<TestHub> {
  t = await startTestHub({ config: { devMode } });
  return t;
}

function expectError(answer: ApiAnswer, status: number, code: ErrorCode): void {
  const shown = `${answer.status} ${JSON.stringify(answer.body)}`;
  expect(answer.status, shown).toBe(status);
  const parsed = ErrorBody.safeParse(answer.body);
  expect(parsed.success, shown).toBe(true);
  expect(parsed.data!.error.code, shown).toBe(code);
}

/** A valid PESEL (date and check digit) that the synthetic register does not hold. */
async function unknownPesel(h: TestHub): Promise<string> {
  for (let serial = 0; serial < 10_000; serial++) {
    const first = `500101${String(serial).padStart(4, '0')}`;
    const pesel = first + String(peselCheckDigit(first));
    if (!(await h.register.findPerson({ pesel }))) return pesel;
  }
  throw new Error('the register holds every 1950-01-01 PESEL');
}

/** Logs a register citizen in; returns the citizen token. */
async function login(h: TestHub, pesel: string): Promise<string> {
  const answer = await h.api<LoginResponse>('POST', '/v1/citizen/login', { json: { pesel } });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body.citizenToken;
}

describe('[A3] login (identity-provider stand-in)', () => {
  it('[A3] a valid PESEL that is not in the register gets not_found', async () => {
    const h = await hub();
    const pesel = await unknownPesel(h);
    expect(isValidPesel(pesel)).toBe(true);
    expectError(await h.api('POST', '/v1/citizen/login', { json: { pesel } }), 404, 'not_found');
  });

  it('[A3] a register citizen gets { citizenToken, expiresAt } valid for the token lifetime', async () => {
    const h = await hub();
    const [person] = await h.register.sample(1);
    const before = h.clock.now();
    const answer = await h.api('POST', '/v1/citizen/login', { json: { pesel: person!.pesel } });
    expect(answer.status).toBe(200);
    const body = LoginResponse.parse(answer.body);
    expect(body.citizenToken.length).toBeGreaterThan(20);
    // The token is encrypted: the PESEL is not readable in it.
    expect(body.citizenToken).not.toContain(person!.pesel);
    expect(
      Buffer.from(body.citizenToken.split('.')[1] ?? '', 'base64url').toString(),
    ).not.toContain(person!.pesel);
    const expiresAt = Date.parse(body.expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 3_600_000 - 1_000);
    expect(expiresAt).toBeLessThanOrEqual(h.clock.now() + 3_600_000 + 1_000);
  });
});

describe('[A3] activation', () => {
  it('[A3] activation takes a citizen token, not a device token or anything else', async () => {
    const h = await hub();
    const [person] = await h.register.sample(1);
    const citizenToken = await login(h, person!.pesel);
    const body = { phone: person!.phone, deviceName: 'Pixel' };

    expectError(await h.api('POST', '/v1/citizen/activation', { json: body }), 401, 'unauthorized');
    const activated = await h.api('POST', '/v1/citizen/activation', {
      auth: citizenToken,
      json: body,
    });
    expect(activated.status).toBe(201);
    const { deviceToken, deviceId } = ActivationResponse.parse(activated.body);
    expect(deviceId).toMatch(/^d_[A-Za-z0-9_-]{16,}$/);

    for (const token of [deviceToken, h.adminToken, h.verifiers.bank.apiKey, `${citizenToken}x`]) {
      const answer = await h.api('POST', '/v1/citizen/activation', { auth: token, json: body });
      expectError(answer, 401, 'unauthorized');
    }
    // A second device of the same citizen, with the same phone, is fine.
    const second = await h.api('POST', '/v1/citizen/activation', {
      auth: citizenToken,
      json: { phone: person!.phone, deviceName: 'Tablet' },
    });
    expect(second.status).toBe(201);
    const devices = await h.api<{ devices: unknown[] }>('GET', '/v1/citizen/devices', {
      auth: deviceToken,
    });
    expect(devices.status).toBe(200);
    expect(devices.body.devices).toHaveLength(2);
  });

  it('[A3] only the phone number on record can be enrolled, in any spelling', async () => {
    const h = await hub();
    const [alice, bob] = await h.register.sample(2);
    const bobToken = await login(h, bob!.pesel);
    // Someone else's number (Alice's), or a number nobody has: refused, so a push by phone can
    // never reach a device that is not the owner's.
    for (const phone of [alice!.phone, '+48600100200']) {
      const answer = await h.api('POST', '/v1/citizen/activation', {
        auth: bobToken,
        json: { phone, deviceName: 'Bob phone' },
      });
      expectError(answer, 403, 'forbidden');
    }
    const local = bob!.phone.slice(3);
    const spellings = [
      bob!.phone,
      `${local.slice(0, 3)} ${local.slice(3, 6)} ${local.slice(6)}`,
      `0048${local}`,
    ];
    for (const spelling of spellings) {
      const bobsOwn = await h.api('POST', '/v1/citizen/activation', {
        auth: bobToken,
        json: { phone: spelling, deviceName: 'Bob phone' },
      });
      expect(bobsOwn.status).toBe(201);
    }
  });

  it('[A3] deactivating the service cuts the devices and their tokens', async () => {
    const h = await hub();
    const citizen = await h.citizen();
    const cut = waitFor(citizen.socket, 'disconnect');
    const answer = await h.api('DELETE', '/v1/citizen/activation', { auth: citizen.citizenToken });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ deactivated: 1 });
    await cut;
    expectError(
      await h.api('GET', '/v1/citizen/devices', { auth: citizen.deviceToken }),
      401,
      'unauthorized',
    );
    await expect(h.citizenSocket(citizen.deviceToken)).rejects.toMatchObject({
      data: { code: 'unauthorized' },
    });
  });
});

describe('[§8] dev mode', () => {
  it('[§8] GET /v1/dev/citizens?limit=3 gives three sample identities, the same each time', async () => {
    const h = await hub();
    const answer = await h.api<{ citizens: unknown[] }>('GET', '/v1/dev/citizens?limit=3');
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body)).toEqual(['citizens']);
    const citizens = answer.body.citizens.map((c) => DevCitizen.parse(c));
    expect(citizens).toHaveLength(3);
    for (const c of citizens) {
      expect(isValidPesel(c.pesel)).toBe(true);
      expect(c.phone).toMatch(/^\+48\d{9}$/);
      expect(c.givenName).not.toContain(' ');
      expect(c.familyName.length).toBeGreaterThan(0);
    }
    expect(new Set(citizens.map((c) => c.pesel)).size).toBe(3);
    const again = await h.api('GET', '/v1/dev/citizens?limit=3');
    expect(again.body).toEqual(answer.body);
    const byDefault = await h.api<{ citizens: unknown[] }>('GET', '/v1/dev/citizens');
    expect(byDefault.body.citizens).toHaveLength(10);
    // Every sample identity can log in.
    for (const c of citizens) await login(h, c.pesel);
  });

  it('[§8] GET /v1/dev/sms shows the console gateway outbox', async () => {
    const h = await hub();
    const [person] = await h.register.sample(1);
    const empty = await h.api('GET', `/v1/dev/sms?phone=${encodeURIComponent(person!.phone)}`);
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ messages: [] });
    await h.createSession('bank', {
      flow: 'otp',
      request: { documents: [{ type: 'id_card', claims: ['given_names'] }], purpose: 'x' },
      subject: { pesel: person!.pesel },
    });
    const sent = await h.api<{ messages: { to: string; text: string; at: string }[] }>(
      'GET',
      `/v1/dev/sms?phone=${encodeURIComponent(person!.phone)}`,
    );
    expect(sent.body.messages).toHaveLength(1);
    expect(sent.body.messages[0]).toEqual({
      to: person!.phone,
      text: expect.stringMatching(/\d{6}/),
      at: expect.any(String),
    });
  });

  it('[§8] with devMode off, the dev routes and the login are not there', async () => {
    const h = await hub(false);
    const [person] = await h.register.sample(1);
    expectError(await h.api('GET', '/v1/dev/citizens?limit=3'), 404, 'not_found');
    expectError(await h.api('GET', '/v1/dev/citizens'), 404, 'not_found');
    expectError(await h.api('GET', '/v1/dev/sms?phone=%2B48600100200'), 404, 'not_found');
    expectError(
      await h.api('POST', '/v1/citizen/login', { json: { pesel: person!.pesel } }),
      404,
      'not_found',
    );
    expect((await h.api('GET', '/healthz')).status).toBe(200);
    expect(
      (
        await h.createSession('bank', {
          flow: 'code',
          request: { documents: [{ type: 'id_card', claims: ['given_names'] }], purpose: 'x' },
        })
      ).code,
    ).toMatch(/^\d{8}$/);
  });
});

describe('[D4] public endpoints', () => {
  it('[D4] the JWKS has one EC P-256 public key with kid, alg ES256, use sig and no d', async () => {
    const h = await hub();
    const answer = await h.api<{ keys: JWK[] }>('GET', '/.well-known/jwks.json');
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body)).toEqual(['keys']);
    expect(answer.body.keys).toHaveLength(1);
    const key = answer.body.keys[0]!;
    expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(key.kid).toEqual(expect.any(String));
    expect(key.x).toEqual(expect.any(String));
    expect(key.y).toEqual(expect.any(String));
    expect(key).not.toHaveProperty('d');
    for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'])
      expect(key).not.toHaveProperty(secret);
    expect(key.kid).toBe(
      await calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x: key.x, y: key.y }),
    );
  });

  it('[X1] /healthz and /readyz answer 200 without credentials', async () => {
    const h = await hub();
    const health = await h.api('GET', '/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', node: 'test-hub' });
    const ready = await h.api('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', node: 'test-hub' });
  });
});
