/**
 * The hub's bearer tokens (A2, A3): widget tokens expire after their lifetime, citizen tokens
 * after theirs; no kind of token passes for another; a tampered token or one from another hub's
 * keys is refused with `unauthorized`.
 */
import { SignJWT, jwtVerify } from 'jose';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createConfig } from '../../../hub/config.js';
import { HubError } from '../../../hub/errors.js';
import { createHubKeys, type HubKeys } from '../../../hub/security/hub-keys.js';
import { createTokenService, type TokenService } from '../../../hub/security/tokens.js';
import { createTestClock, type TestClock } from '../../helpers/test-clock.js';

const WIDGET_TTL = 300_000;
const CITIZEN_TTL = 3_600_000;
const pesel = '44051401359';

let keys: HubKeys;
let otherKeys: HubKeys;
let clock: TestClock;
let tokens: TokenService;

beforeAll(async () => {
  keys = await createHubKeys({});
  otherKeys = await createHubKeys({});
});
beforeEach(() => {
  clock = createTestClock();
  tokens = createTokenService({
    keys,
    clock,
    widgetTtlMs: WIDGET_TTL,
    citizenTtlMs: CITIZEN_TTL,
  });
});

/** Expects the promise to reject with HubError `unauthorized`. */
async function expectUnauthorized(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HubError);
  expect((error as HubError).code).toBe('unauthorized');
}

/** Changes one character in the middle of a token part (`index` counts the dot-parts). */
function tamper(token: string, index: number): string {
  const parts = token.split('.');
  const part = parts[index]!;
  const i = Math.floor(part.length / 2);
  parts[index] = part.slice(0, i) + (part[i] === 'A' ? 'B' : 'A') + part.slice(i + 1);
  return parts.join('.');
}

describe('[A2] widget tokens', () => {
  it('[A2] carry one session of one verifier', async () => {
    const before = clock.now();
    const { token, expiresAt } = await tokens.widget({ sessionId: 's1', verifierId: 'v1' });
    expect(await tokens.verifyWidget(token)).toEqual({ sessionId: 's1', verifierId: 'v1' });
    expect(expiresAt).toBeGreaterThanOrEqual(before + WIDGET_TTL);
    expect(expiresAt).toBeLessThanOrEqual(clock.now() + WIDGET_TTL);
  });

  it('[A2] expire after their lifetime on the hub clock', async () => {
    const { token } = await tokens.widget({ sessionId: 's1', verifierId: 'v1' });
    clock.advance(WIDGET_TTL - 2_000);
    expect((await tokens.verifyWidget(token)).sessionId).toBe('s1');
    clock.advance(3_000);
    await expectUnauthorized(tokens.verifyWidget(token));
  });

  it('[A2] a lifetime over 5 minutes is refused by the configuration', () => {
    expect(() => createConfig({ widgetTokenTtlMs: 300_001 })).toThrow();
    expect(createConfig().widgetTokenTtlMs).toBeLessThanOrEqual(300_000);
  });

  it('[A2] a tampered widget token is refused', async () => {
    const { token } = await tokens.widget({ sessionId: 's1', verifierId: 'v1' });
    for (const index of [0, 1, 2])
      await expectUnauthorized(tokens.verifyWidget(tamper(token, index)));
    await expectUnauthorized(tokens.verifyWidget(token.split('.').slice(0, 2).join('.') + '.'));
    await expectUnauthorized(tokens.verifyWidget(''));
    await expectUnauthorized(tokens.verifyWidget('a.b.c'));
  });

  it('[A2] an unsigned ("alg: none") token with the right claims is refused', async () => {
    const { token } = await tokens.widget({ sessionId: 's1', verifierId: 'v1' });
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    await expectUnauthorized(tokens.verifyWidget(`${header}.${token.split('.')[1]}.`));
  });

  it('[A2] is a standard HS256 JWT: jose verifies ours, and ours reads what jose signs', async () => {
    const { token } = await tokens.widget({ sessionId: 's1', verifierId: 'v1' });
    const { payload, protectedHeader } = await jwtVerify(token, keys.widgetTokenKey, {
      audience: 'mdok:widget',
      algorithms: ['HS256'],
      currentDate: new Date(clock.now()),
    });
    expect(protectedHeader).toEqual({ alg: 'HS256' });
    expect(payload).toMatchObject({ sid: 's1', vid: 'v1', aud: 'mdok:widget' });
    const byJose = await new SignJWT({ sid: 's2', vid: 'v2' })
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience('mdok:widget')
      .setIssuedAt(Math.floor(clock.now() / 1000))
      .setExpirationTime(Math.floor(clock.now() / 1000) + 60)
      .sign(keys.widgetTokenKey);
    expect(await tokens.verifyWidget(byJose)).toEqual({ sessionId: 's2', verifierId: 'v2' });
  });

  it('[A2] only our exact header, audience and signature spelling pass', async () => {
    const { token } = await tokens.widget({ sessionId: 's1', verifierId: 'v1' });
    const [, payload, signature] = token.split('.') as [string, string, string];
    const sign = (claims: Record<string, unknown>, header: object) =>
      new SignJWT(claims)
        .setProtectedHeader(header as { alg: string })
        .setIssuedAt(Math.floor(clock.now() / 1000))
        .setExpirationTime(Math.floor(clock.now() / 1000) + 60)
        .sign(keys.widgetTokenKey);
    // Another header (even one that is valid HS256) is not ours.
    await expectUnauthorized(
      tokens.verifyWidget(
        await sign({ sid: 's', vid: 'v', aud: 'mdok:widget' }, { alg: 'HS256', typ: 'JWT' }),
      ),
    );
    // Right key, wrong audience (a token of another kind).
    await expectUnauthorized(
      tokens.verifyWidget(
        await sign({ sid: 's', vid: 'v', aud: 'mdok:citizen' }, { alg: 'HS256' }),
      ),
    );
    // Padding or a fourth part are other spellings, refused.
    const header = token.split('.')[0];
    await expectUnauthorized(tokens.verifyWidget(`${header}.${payload}.${signature}=`));
    await expectUnauthorized(tokens.verifyWidget(`${token}.`));
  });

  it('[A2] a widget token of another hub (other keys) is refused', async () => {
    const other = createTokenService({
      keys: otherKeys,
      clock,
      widgetTtlMs: 1000,
      citizenTtlMs: 1000,
    });
    const { token } = await other.widget({ sessionId: 's1', verifierId: 'v1' });
    await expectUnauthorized(tokens.verifyWidget(token));
  });
});

describe('[A3] citizen and device tokens', () => {
  it('[A3] a citizen token carries the PESEL, encrypted', async () => {
    const before = clock.now();
    const { token, expiresAt } = await tokens.citizen(pesel);
    expect(await tokens.verifyCitizen(token, 'citizen')).toEqual({ pesel });
    expect(await tokens.verifyCitizen(token, 'either')).toEqual({ pesel });
    expect(expiresAt).toBeGreaterThanOrEqual(before + CITIZEN_TTL);
    expect(expiresAt).toBeLessThanOrEqual(clock.now() + CITIZEN_TTL);
    const readable = token
      .split('.')
      .map((p) => Buffer.from(p, 'base64url').toString('latin1'))
      .join('|');
    expect(readable).not.toContain(pesel);
  });

  it('[A3] a citizen token expires after its lifetime', async () => {
    const { token } = await tokens.citizen(pesel);
    clock.advance(CITIZEN_TTL - 2_000);
    expect(await tokens.verifyCitizen(token, 'citizen')).toEqual({ pesel });
    clock.advance(3_000);
    await expectUnauthorized(tokens.verifyCitizen(token, 'citizen'));
    await expectUnauthorized(tokens.verifyCitizen(token, 'either'));
  });

  it('[A3] a device token carries the PESEL and the device', async () => {
    const token = await tokens.device(pesel, 'd_1');
    expect(await tokens.verifyCitizen(token, 'device')).toEqual({ pesel, deviceId: 'd_1' });
    expect(await tokens.verifyCitizen(token, 'either')).toEqual({ pesel, deviceId: 'd_1' });
  });

  it('[A3] a citizen token is not a device token, and a device token is not a citizen token', async () => {
    const { token: citizenToken } = await tokens.citizen(pesel);
    const deviceToken = await tokens.device(pesel, 'd_1');
    await expectUnauthorized(tokens.verifyCitizen(citizenToken, 'device'));
    await expectUnauthorized(tokens.verifyCitizen(deviceToken, 'citizen'));
  });

  it('[A2][A3] widget tokens and citizen/device tokens never pass for each other', async () => {
    const { token: widgetToken } = await tokens.widget({ sessionId: 's1', verifierId: 'v1' });
    const { token: citizenToken } = await tokens.citizen(pesel);
    const deviceToken = await tokens.device(pesel, 'd_1');
    for (const kind of ['citizen', 'device', 'either'] as const) {
      await expectUnauthorized(tokens.verifyCitizen(widgetToken, kind));
    }
    await expectUnauthorized(tokens.verifyWidget(citizenToken));
    await expectUnauthorized(tokens.verifyWidget(deviceToken));
  });

  it('[A3] tampered citizen and device tokens are refused', async () => {
    const { token: citizenToken } = await tokens.citizen(pesel);
    const deviceToken = await tokens.device(pesel, 'd_1');
    // JWE compact: header . (empty key) . iv . ciphertext . tag
    for (const index of [0, 2, 3, 4]) {
      await expectUnauthorized(tokens.verifyCitizen(tamper(citizenToken, index), 'citizen'));
      await expectUnauthorized(tokens.verifyCitizen(tamper(deviceToken, index), 'device'));
    }
    await expectUnauthorized(tokens.verifyCitizen('', 'either'));
    await expectUnauthorized(tokens.verifyCitizen('not.a.token.at.all', 'either'));
  });

  it('[A3] citizen and device tokens of another hub are refused', async () => {
    const other = createTokenService({
      keys: otherKeys,
      clock,
      widgetTtlMs: 1000,
      citizenTtlMs: 1000,
    });
    const { token } = await other.citizen(pesel);
    await expectUnauthorized(tokens.verifyCitizen(token, 'either'));
    await expectUnauthorized(tokens.verifyCitizen(await other.device(pesel, 'd_1'), 'either'));
  });
});
