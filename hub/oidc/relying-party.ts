/**
 * The hub as an OpenID Connect relying party (openid-client 6): discovery from the issuer URL,
 * the authorization request (code flow, PKCE S256, `state`, `nonce`, `prompt=login`), and the
 * answer's checks — the code exchange, the ID token's issuer, audience, signature (the issuer's
 * JWKS), expiry (by the hub's clock) and nonce, then the level of assurance (`acr`) and the PESEL
 * claim (ID token first, userinfo when the provider keeps it there). Every provider is handled
 * alike; nothing here knows about the dev provider.
 */
import * as oidc from 'openid-client';
import type { Logger } from 'pino';
import { isValidPesel } from '../../contracts/index.js';
import type { Clock } from '../clock.js';
import { HubError } from '../errors.js';
import { isAcceptableAcr } from './assurance.js';
import { isLoopbackIssuer, redirectUriOf, type OidcConfig } from './oidc-config.js';
import { providerFailure } from './provider-errors.js';
import type { LoginState } from './login-state.js';

/** Who the provider says logged in. Held in memory for one request only. */
export interface VerifiedIdentity {
  pesel: string;
  /** The level of assurance the provider vouched for. */
  acr: string;
  givenName?: string;
  familyName?: string;
}

/** The relying party of one hub node. */
export interface RelyingParty {
  /** A new login: the provider's authorization URL and the state to keep until the answer. */
  begin(options: { lang?: 'pl' | 'en' | undefined }): Promise<{ url: string; login: LoginState }>;
  /**
   * Completes a login from the query string the provider sent the browser back with: exchanges
   * the code and checks everything; `HubError` with a clear code otherwise.
   */
  complete(query: string, login: LoginState): Promise<VerifiedIdentity>;
}

/** What the relying party reads on every call (the config may be replaced while running). */
export interface RelyingPartyOptions {
  settings: () => { oidc: OidcConfig | undefined; publicUrl: string };
  clock: Clock;
  logger: Logger;
}

/** How long discovered metadata is trusted before it is read again. */
const DISCOVERY_TTL_MS = 3_600_000;

interface Discovered {
  key: string;
  metadata: oidc.ServerMetadata;
  at: number;
  /** The issuer's JWKS as last fetched, carried from one login to the next. */
  jwks?: oidc.ExportedJWKSCache | undefined;
}

/** Creates the relying party; nothing is fetched until the first login. */
export function createRelyingParty(options: RelyingPartyOptions): RelyingParty {
  const { clock, logger } = options;
  let discovered: Discovered | null = null;
  let pending: { key: string; promise: Promise<Discovered> } | null = null;

  const settings = () => {
    const { oidc: config, publicUrl } = options.settings();
    if (!config) throw new HubError('not_found', 'no identity provider is configured');
    return { config, publicUrl };
  };
  const insecureAllowed = (config: OidcConfig) =>
    config.allowHttp || isLoopbackIssuer(config.issuer);
  const cacheKey = (config: OidcConfig) =>
    `${config.issuer}\n${config.clientId}\n${config.clientSecret ?? ''}`;

  async function discover(config: OidcConfig): Promise<Discovered> {
    const key = cacheKey(config);
    if (discovered?.key === key && Date.now() - discovered.at < DISCOVERY_TTL_MS) return discovered;
    if (pending?.key === key) return pending.promise;
    const promise = (async () => {
      try {
        const found = await oidc.discovery(
          new URL(config.issuer),
          config.clientId,
          undefined,
          undefined,
          {
            timeout: config.timeoutSeconds,
            ...(insecureAllowed(config) ? { execute: [oidc.allowInsecureRequests] } : {}),
          },
        );
        const result: Discovered = {
          key,
          metadata: found.serverMetadata(),
          at: Date.now(),
          jwks: discovered?.key === key ? discovered.jwks : undefined,
        };
        discovered = result;
        logger.info({ issuer: config.issuer }, 'identity provider discovered');
        return result;
      } catch (error) {
        // Not cached: the next login tries again.
        throw providerFailure(error, logger, 'discovery');
      } finally {
        pending = null;
      }
    })();
    pending = { key, promise };
    return promise;
  }

  /**
   * A client configuration for one call. It is cheap to build, and building it per call lets
   * the ID token be judged by the hub's clock as it is now (`clockSkew`), not by the wall clock.
   */
  function clientFor(config: OidcConfig, found: Discovered): oidc.Configuration {
    const skewSeconds = Math.round((clock.now() - Date.now()) / 1000);
    const client = new oidc.Configuration(
      found.metadata,
      config.clientId,
      {
        ...(config.clientSecret ? { client_secret: config.clientSecret } : {}),
        [oidc.clockSkew]: skewSeconds,
      },
      config.clientSecret ? oidc.ClientSecretBasic(config.clientSecret) : oidc.None(),
    );
    client.timeout = config.timeoutSeconds;
    if (insecureAllowed(config)) oidc.allowInsecureRequests(client);
    if (found.jwks) oidc.setJwksCache(client, found.jwks);
    return client;
  }

  return {
    async begin({ lang }) {
      const { config, publicUrl } = settings();
      const found = await discover(config);
      const client = clientFor(config, found);
      const login: LoginState = {
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        verifier: oidc.randomPKCECodeVerifier(),
        expiresAt: clock.now() + config.loginTtlMs,
      };
      const accepted = config.acrLevels.slice(config.acrLevels.indexOf(config.minAcr));
      const url = oidc.buildAuthorizationUrl(client, {
        redirect_uri: redirectUriOf(config, publicUrl),
        scope: config.scopes.join(' '),
        response_type: 'code',
        code_challenge: await oidc.calculatePKCECodeChallenge(login.verifier),
        code_challenge_method: 'S256',
        state: login.state,
        nonce: login.nonce,
        // Every login is a fresh authentication: on a shared browser the provider's lingering
        // session must not log the next person in as the previous one.
        prompt: 'login',
        // A hint only (providers may ignore it): the answer's `acr` is checked either way.
        acr_values: accepted.slice().reverse().join(' '),
        ...(lang ? { ui_locales: lang } : {}),
      });
      return { url: url.href, login };
    },

    async complete(query, login) {
      const { config, publicUrl } = settings();
      const found = await discover(config);
      const client = clientFor(config, found);
      const callback = new URL(redirectUriOf(config, publicUrl));
      callback.search = query.startsWith('?') ? query : `?${query}`;
      let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
      try {
        tokens = await oidc.authorizationCodeGrant(client, callback, {
          pkceCodeVerifier: login.verifier,
          expectedState: login.state,
          expectedNonce: login.nonce,
          idTokenExpected: true,
        });
      } catch (error) {
        throw providerFailure(error, logger, 'token');
      } finally {
        found.jwks = oidc.getJwksCache(client) ?? found.jwks;
      }
      const claims = tokens.claims();
      if (!claims) throw new HubError('unauthorized', 'the identity provider sent no ID token');
      const acr = typeof claims.acr === 'string' ? claims.acr : undefined;
      if (!isAcceptableAcr(acr, config)) {
        throw new HubError(
          'forbidden',
          `the login's level of assurance is too low: at least ${config.minAcr} is needed`,
          { issues: [{ path: 'acr', message: `at least ${config.minAcr} is needed` }] },
        );
      }
      let source: Record<string, unknown> = claims;
      if (claims[config.peselClaim] === undefined && found.metadata.userinfo_endpoint) {
        try {
          source = await oidc.fetchUserInfo(client, tokens.access_token, claims.sub);
        } catch (error) {
          throw providerFailure(error, logger, 'userinfo');
        }
      }
      const pesel = source[config.peselClaim];
      if (typeof pesel !== 'string' || !isValidPesel(pesel)) {
        throw new HubError(
          'forbidden',
          `the identity provider gave no valid PESEL (claim "${config.peselClaim}")`,
          { issues: [{ path: `claims.${config.peselClaim}`, message: 'missing or not a PESEL' }] },
        );
      }
      const text = (value: unknown) =>
        typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : undefined;
      const givenName = text(source.given_name ?? claims.given_name);
      const familyName = text(source.family_name ?? claims.family_name);
      return {
        pesel,
        acr,
        ...(givenName ? { givenName } : {}),
        ...(familyName ? { familyName } : {}),
      };
    },
  };
}
