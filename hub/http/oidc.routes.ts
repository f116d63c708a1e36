/**
 * `/v1/citizen/oidc`: the citizen's login through the configured OpenID Connect provider (SPEC
 * A3). The citizen app asks which provider there is (`GET`), starts a login (`POST /start`: the
 * hub answers the authorization URL and sets the sealed login-state cookie), sends the browser
 * there, and hands the provider's answer back (`POST /callback`): the hub checks it, exchanges
 * the code and answers the same citizen token as the dev login. Every answer is JSON with the V2
 * error shape; the PESEL becomes the citizen reference at once and is logged nowhere.
 */
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import {
  httpStatusOf,
  OidcCallbackBody,
  OidcStartBody,
  type ErrorBody,
  type OidcLoginResponse,
  type OidcProviderView,
  type OidcStartResponse,
} from '../../contracts/index.js';
import type { HubContext } from '../context.js';
import { HubError, toErrorObject } from '../errors.js';
import {
  claimLoginState,
  createRelyingParty,
  LOGIN_COOKIE,
  LOGIN_COOKIE_PATH,
  loginStateKey,
  openLoginState,
  sealLoginState,
} from '../oidc/index.js';
import { citizenRefOf } from '../sessions/subjects.js';
import type { HubEnv } from './auth.middleware.js';
import { parseBody } from './validate.js';

/** The login routes of one hub node. */
export function oidcRoutes(ctx: HubContext): Hono<HubEnv> {
  const app = new Hono<HubEnv>();
  const rp = createRelyingParty({
    settings: () => ({ oidc: ctx.config.oidc, publicUrl: ctx.config.publicUrl }),
    clock: ctx.clock,
    logger: ctx.logger,
  });
  const stateKey = loginStateKey(ctx.keys.sealKey);
  const secure = () => new URL(ctx.config.publicUrl).protocol === 'https:';
  const configured = () => {
    if (!ctx.config.oidc) {
      throw new HubError('not_found', 'citizen login through an identity provider is not set up');
    }
    return ctx.config.oidc;
  };
  // Tokens and login answers must not be kept by any cache on the way.
  app.use('*', async (c, next) => {
    await next();
    c.header('cache-control', 'no-store');
  });

  app.get('/', (c) =>
    c.json({ providerName: configured().providerName } satisfies OidcProviderView),
  );

  app.post('/start', async (c) => {
    const config = configured();
    const { lang } = await parseBody(c, OidcStartBody);
    const { url, login } = await rp.begin({ lang });
    setCookie(c, LOGIN_COOKIE, sealLoginState(stateKey, login), {
      path: LOGIN_COOKIE_PATH,
      httpOnly: true,
      secure: secure(),
      // Lax, not Strict: the callback page is reached by a cross-site redirect from the provider.
      sameSite: 'Lax',
      maxAge: Math.floor(config.loginTtlMs / 1000),
    });
    return c.json({
      authorizationUrl: url,
      expiresAt: new Date(login.expiresAt).toISOString(),
    } satisfies OidcStartResponse);
  });

  app.post('/callback', async (c) => {
    configured();
    const { query } = await parseBody(c, OidcCallbackBody);
    const now = ctx.clock.now();
    const login = openLoginState(stateKey, getCookie(c, LOGIN_COOKIE), now);
    const params = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
    // Checked before anything is spent: a forged or crossed answer leaves the citizen's own
    // login in flight untouched.
    if (params.get('state') !== login.state) {
      throw new HubError('forbidden', 'the answer does not belong to this login (state)', {
        issues: [{ path: 'state', message: 'does not match the login this browser started' }],
      });
    }
    try {
      await claimLoginState(ctx.sessions, ctx.keys.refKey, login, now);
      const identity = await rp.complete(query, login);
      const citizenRef = citizenRefOf(ctx, identity.pesel);
      const { token, expiresAt } = await ctx.tokens.citizen(identity.pesel);
      ctx.logger.info({ citizenRef, acr: identity.acr }, 'citizen logged in');
      deleteCookie(c, LOGIN_COOKIE, { path: LOGIN_COOKIE_PATH, secure: secure() });
      return c.json({
        citizenToken: token,
        expiresAt: new Date(expiresAt).toISOString(),
        ...(identity.givenName ? { givenName: identity.givenName } : {}),
        ...(identity.familyName ? { familyName: identity.familyName } : {}),
      } satisfies OidcLoginResponse);
    } catch (error) {
      if (!(error instanceof HubError)) throw error;
      // The attempt is spent either way: drop its cookie with the error.
      return refusal(c, error, () =>
        deleteCookie(c, LOGIN_COOKIE, { path: LOGIN_COOKIE_PATH, secure: secure() }),
      );
    }
  });
  return app;
}

/** The V2 answer for `error`, built here so that the cookie change goes out with it. */
function refusal(c: Context<HubEnv>, error: HubError, alsoDo: () => void): Response {
  alsoDo();
  const body = toErrorObject(error, c.get('requestId'));
  return c.json(
    { error: body } satisfies ErrorBody,
    httpStatusOf[body.code] as ContentfulStatusCode,
  );
}
