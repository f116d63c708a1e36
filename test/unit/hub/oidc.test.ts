/**
 * The relying party's pure parts (SPEC A3): levels of assurance, the sealed login state and its
 * single use, the settings, and what each provider failure is answered with — logged without
 * the claims openid-client's errors carry.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import * as oidc from 'openid-client';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createMemorySessionStore } from '../../../adapters/sessions/index.js';
import { HubError } from '../../../hub/errors.js';
import {
  claimLoginState,
  eidasLevels,
  isAcceptableAcr,
  isLoopbackIssuer,
  loginStateKey,
  OidcConfigSchema,
  openLoginState,
  providerFailure,
  redirectUriOf,
  sealLoginState,
  type LoginState,
} from '../../../hub/oidc/index.js';

const [low, substantial, high] = eidasLevels;

function login(expiresAt = 1_000_000): LoginState {
  return {
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    verifier: oidc.randomPKCECodeVerifier(),
    expiresAt,
  };
}

function refused(fn: () => unknown): HubError {
  try {
    fn();
  } catch (error) {
    if (error instanceof HubError) return error;
    throw error;
  }
  throw new Error('not refused');
}

/** openid-client's error as it throws it (its `code` option is not in the published types). */
function clientError(code: string, cause?: unknown): oidc.ClientError {
  return new oidc.ClientError('x', { code, cause } as ErrorOptions);
}

function capture() {
  const lines: string[] = [];
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    }),
  );
  return { logger, text: () => lines.join('') };
}

describe('levels of assurance', () => {
  const config = { acrLevels: [...eidasLevels], minAcr: substantial };

  it('[A3] at least the configured level is accepted, lower or unknown or missing is not', () => {
    expect(isAcceptableAcr(substantial, config)).toBe(true);
    expect(isAcceptableAcr(high, config)).toBe(true);
    expect(isAcceptableAcr(low, config)).toBe(false);
    expect(isAcceptableAcr('urn:example:password', config)).toBe(false);
    expect(isAcceptableAcr(undefined, config)).toBe(false);
    expect(isAcceptableAcr(substantial, { ...config, minAcr: high })).toBe(false);
  });
});

describe('the sealed login state', () => {
  const key = loginStateKey(randomBytes(32));

  it('[A3] opens to what was sealed; nothing of it is readable in the cookie', () => {
    const state = login();
    const sealed = sealLoginState(key, state);
    for (const part of [state.state, state.nonce, state.verifier]) {
      expect(sealed).not.toContain(part);
    }
    expect(openLoginState(key, sealed, 999_999)).toEqual(state);
  });

  it('[A3] missing, tampered, foreign or expired cookies all answer expired', () => {
    const sealed = sealLoginState(key, login(1000));
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('AA') ? 'BB' : 'AA');
    const foreign = loginStateKey(randomBytes(32));
    for (const [value, k, now] of [
      [undefined, key, 0],
      [tampered, key, 0],
      [sealed, foreign, 0],
      [sealed, key, 1000],
      ['not.a.cookie', key, 0],
    ] as const) {
      const error = refused(() => openLoginState(k, value, now));
      expect(error.code).toBe('expired');
    }
  });

  it('[X1] a login answer is used once: the second claim answers gone', async () => {
    const sessions = createMemorySessionStore({ now: () => 0 });
    const refKey = randomBytes(32);
    const state = login(60_000);
    await claimLoginState(sessions, refKey, state, 0);
    await expect(claimLoginState(sessions, refKey, state, 0)).rejects.toMatchObject({
      code: 'gone',
    });
    await claimLoginState(sessions, refKey, login(60_000), 0);
    await sessions.close();
  });
});

describe('settings', () => {
  it('[A3] defaults: eIDAS substantial, the pesel claim and scope, the app’s callback page', () => {
    const config = OidcConfigSchema.parse({ issuer: 'https://idp.example', clientId: 'hub' });
    expect(config).toMatchObject({
      scopes: ['openid', 'profile', 'pesel'],
      peselClaim: 'pesel',
      minAcr: substantial,
      acrLevels: [...eidasLevels],
      allowHttp: false,
    });
    expect(redirectUriOf(config, 'https://hub.example.gov.pl')).toBe(
      'https://hub.example.gov.pl/citizen/login-callback',
    );
    expect(redirectUriOf({ ...config, redirectUri: 'https://x.example/cb' }, 'https://a')).toBe(
      'https://x.example/cb',
    );
  });

  it('[V1] the minimum level must be one of the known levels', () => {
    const parsed = OidcConfigSchema.safeParse({
      issuer: 'https://idp.example',
      clientId: 'hub',
      minAcr: 'urn:other',
    });
    expect(parsed.success).toBe(false);
  });

  it('[A3] plain HTTP is acceptable towards loopback issuers only', () => {
    expect(isLoopbackIssuer('http://127.0.0.1:4000')).toBe(true);
    expect(isLoopbackIssuer('http://localhost:3000/dev/idp')).toBe(true);
    expect(isLoopbackIssuer('http://[::1]:4000')).toBe(true);
    expect(isLoopbackIssuer('http://192.168.1.5:3000')).toBe(false);
    expect(isLoopbackIssuer('https://login.gov.pl')).toBe(false);
    expect(isLoopbackIssuer('http://127.0.0.1.example.com')).toBe(false);
  });
});

describe('provider failures', () => {
  const pesel = '44051401458';

  it('[V3] each failure gets one of the V3 codes', () => {
    const { logger } = capture();
    const body = (error: string, status: number) =>
      new oidc.ResponseBodyError('x', {
        cause: { error },
        response: new Response(null, { status }),
      });
    const cases: [unknown, string][] = [
      [body('invalid_grant', 400), 'gone'],
      [body('server_error', 503), 'register_unavailable'],
      [body('invalid_client', 401), 'internal'],
      [body('invalid_request', 400), 'unauthorized'],
      [
        new oidc.AuthorizationResponseError('x', {
          cause: new URLSearchParams({ error: 'access_denied' }),
        }),
        'unauthorized',
      ],
      [new TypeError('fetch failed'), 'register_unavailable'],
      [clientError('OAUTH_TIMEOUT'), 'register_unavailable'],
      [clientError('OAUTH_HTTP_REQUEST_FORBIDDEN'), 'internal'],
      [clientError('OAUTH_JWT_TIMESTAMP_CHECK_FAILED', { cause: { claim: 'exp' } }), 'expired'],
      [clientError('OAUTH_JWT_CLAIM_COMPARISON_FAILED'), 'unauthorized'],
    ];
    for (const [error, code] of cases) {
      expect(providerFailure(error, logger, 'token').code, String(error)).toBe(code);
    }
    expect(providerFailure(new Error('odd'), logger, 'discovery').code).toBe(
      'register_unavailable',
    );
  });

  it('[D5] the log names the failure but never the claims inside the error', () => {
    const { logger, text } = capture();
    const error = clientError('OAUTH_JWT_CLAIM_COMPARISON_FAILED', {
      claims: { pesel, given_name: 'Jan' },
      claim: 'aud',
    });
    const answered = providerFailure(error, logger, 'token');
    expect(answered.code).toBe('unauthorized');
    expect(text()).toContain('OAUTH_JWT_CLAIM_COMPARISON_FAILED');
    expect(text()).not.toContain(pesel);
    expect(text()).not.toContain('Jan');
  });
});
