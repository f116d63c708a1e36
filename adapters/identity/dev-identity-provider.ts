/**
 * The dev identity provider: a real OpenID Connect provider (`oidc-provider` 9) standing in for
 * login.gov.pl in dev mode and tests, so that the hub's relying party runs the same code against
 * it as against the real one. Its accounts are the synthetic register's citizens, picked on a
 * "choose a person" page together with how they log in (which sets `acr`); the PESEL is released
 * as a claim under its own scope, names under `profile`. Codes need PKCE. Signing and cookie
 * keys (ES256) are generated at start; everything it issues lives in its memory and dies with it.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type Account, type ClientMetadata, type Interaction } from 'oidc-provider';
import type { RegisterAdapter } from '../registers/index.js';
import { errorPage, loggedOutPage, loginPage, logoutPage, pageLang } from './dev-login-pages.js';
import { eidasLevels, loginMethodOf } from './dev-login-methods.js';
import { createDevProviderStorage } from './dev-provider-storage.js';

/** A relying party registered at the dev provider. */
export interface DevClient {
  clientId: string;
  /** Without a secret the client is public (PKCE only). */
  clientSecret?: string | undefined;
  redirectUris: string[];
  /** Where RP-initiated logout may return to. */
  postLogoutRedirectUris?: string[];
  /** Shown on the login page. Default: the client id. */
  name?: string;
}

/** Options of the dev provider. */
export interface DevIdentityProviderOptions {
  /** The issuer URL; a path in it (`…/dev/idp`) is where the provider is mounted. */
  issuer: string;
  /** Whose citizens can log in. */
  register: Pick<RegisterAdapter, 'findPerson' | 'sample'>;
  clients: readonly DevClient[];
  /** The claim that carries the PESEL (released under the `pesel` scope). Default `pesel`. */
  peselClaim?: string;
  /** ID token lifetime in seconds. Default 300. */
  idTokenTtlSeconds?: number;
  /** How many people the login page offers. Default 8. */
  sampleSize?: number;
}

/** A dev provider, ready to take requests. */
export interface DevIdentityProvider {
  issuer: string;
  /**
   * Its Node request handler. `req.url` must be relative to the issuer's path, as Express
   * mounting leaves it (`mountUnderPath` does that), with the full path in `originalUrl`.
   */
  handle(req: IncomingMessage, res: ServerResponse): void;
}

const FORM_LIMIT_BYTES = 8_192;

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > FORM_LIMIT_BYTES) {
        reject(new Error('form too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-frame-options': 'DENY',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  });
  res.end(html);
}

/** Builds the dev provider (generates its keys). */
export async function createDevIdentityProvider(
  options: DevIdentityProviderOptions,
): Promise<DevIdentityProvider> {
  const { register } = options;
  const peselClaim = options.peselClaim ?? 'pesel';
  const mountPath = new URL(options.issuer).pathname.replace(/\/$/, '');
  const secret = randomBytes(32);
  // `sub` is a pseudonym, never the PESEL itself: relying parties log and keep `sub`.
  const accounts = new Map<string, string>();
  const accountIdOf = (pesel: string) =>
    `acc_${createHmac('sha256', secret).update(pesel).digest('base64url').slice(0, 22)}`;

  // ES256: a P-256 key is made in milliseconds, an RSA key in seconds on a busy machine. The
  // relying party takes whatever the provider's discovery document and JWKS say.
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const signingJwk = {
    ...(await exportJWK(privateKey)),
    kid: randomBytes(8).toString('base64url'),
    alg: 'ES256',
    use: 'sig',
  };

  const clients: ClientMetadata[] = options.clients.map((c) => ({
    client_id: c.clientId,
    ...(c.clientSecret ? { client_secret: c.clientSecret } : {}),
    client_name: c.name ?? c.clientId,
    redirect_uris: c.redirectUris,
    post_logout_redirect_uris: c.postLogoutRedirectUris ?? [],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: c.clientSecret ? 'client_secret_basic' : 'none',
    id_token_signed_response_alg: 'ES256',
  }));

  const provider = new Provider(options.issuer, {
    adapter: createDevProviderStorage(),
    clients,
    jwks: { keys: [signingJwk] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: {
      acr: null,
      auth_time: null,
      sid: null,
      openid: ['sub'],
      profile: ['given_name', 'family_name'],
      pesel: [peselClaim],
    },
    scopes: ['openid', 'profile', 'pesel'],
    acrValues: [...eidasLevels],
    pkce: { required: () => true },
    async findAccount(_ctx, sub): Promise<Account | undefined> {
      const pesel = accounts.get(sub);
      if (!pesel) return undefined;
      return {
        accountId: sub,
        async claims() {
          const person = await register.findPerson({ pesel });
          return {
            sub,
            [peselClaim]: pesel,
            ...(person ? { given_name: person.givenNames, family_name: person.familyName } : {}),
          };
        },
      };
    },
    interactions: {
      url: (_ctx, interaction) => `${mountPath}/interaction/${interaction.uid}`,
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          ctx.type = 'html';
          ctx.body = logoutPage(pageLang(ctx.oidc.params?.ui_locales), form);
        },
        async postLogoutSuccessSource(ctx) {
          ctx.type = 'html';
          ctx.body = loggedOutPage(pageLang(ctx.oidc.params?.ui_locales));
        },
      },
    },
    ttl: {
      AccessToken: 300,
      AuthorizationCode: 60,
      IdToken: options.idTokenTtlSeconds ?? 300,
      Interaction: 600,
      Session: 600,
      Grant: 600,
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = errorPage(pageLang(ctx.oidc?.params?.ui_locales), {
        ...(out.error ? { error: String(out.error) } : {}),
        ...(out.error_description ? { description: String(out.error_description) } : {}),
      });
    },
    clientBasedCORS: () => false,
  });
  const providerCallback = provider.callback();

  async function grantFor(details: Interaction, accountId: string): Promise<string> {
    const clientId = String(details.params.client_id);
    // A grant left by an earlier login in this browser may be someone else's: reuse it only when
    // it is this person's, for this client.
    const existing = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
    const grant =
      existing && existing.accountId === accountId && existing.clientId === clientId
        ? existing
        : new provider.Grant({ accountId, clientId });
    grant.addOIDCScope(String(details.params.scope ?? 'openid'));
    return grant.save();
  }

  async function showLogin(
    res: ServerResponse,
    details: Interaction,
    problem?: { method: string | null },
  ): Promise<void> {
    const client = await provider.Client.find(String(details.params.client_id));
    const people = await register.sample(options.sampleSize ?? 8);
    const base = `${mountPath}/interaction/${details.uid}`;
    send(
      res,
      problem ? 400 : 200,
      loginPage({
        lang: pageLang(details.params.ui_locales),
        action: `${base}/login`,
        abortAction: `${base}/abort`,
        clientName: client?.clientName ?? String(details.params.client_id),
        people,
        ...(problem ? { unknownPesel: true, method: loginMethodOf(problem.method).id } : {}),
      }),
    );
  }

  async function interaction(
    req: IncomingMessage,
    res: ServerResponse,
    action: string | undefined,
  ): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (action === undefined && req.method === 'GET') {
      if (details.prompt.name === 'login') return showLogin(res, details);
      // Consent is given with the login (first-party client); a leftover consent prompt (an
      // existing session) is answered the same way.
      const accountId = details.session?.accountId;
      if (!accountId) return showLogin(res, details);
      const grantId = await grantFor(details, accountId);
      return provider.interactionFinished(req, res, { consent: { grantId } });
    }
    if (req.method !== 'POST') return send(res, 405, errorPage('en', { error: 'method' }));
    if (action === 'abort') {
      return provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'the citizen cancelled the login' },
        { mergeWithLastSubmission: false },
      );
    }
    const form = await readForm(req);
    const pesel = (form.get('pesel') || form.get('typed') || '').trim();
    const person = /^\d{11}$/.test(pesel) ? await register.findPerson({ pesel }) : null;
    if (!person) return showLogin(res, details, { method: form.get('method') });
    const method = loginMethodOf(form.get('method'));
    const accountId = accountIdOf(pesel);
    accounts.set(accountId, pesel);
    const grantId = await grantFor(details, accountId);
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId, acr: method.acr, amr: [method.amr] }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  }

  return {
    issuer: options.issuer,
    handle(req, res) {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const match = /^\/interaction\/([\w-]+)(?:\/(login|abort))?$/.exec(path);
      if (!match) {
        providerCallback(req, res);
        return;
      }
      interaction(req, res, match[2]).catch((error: unknown) => {
        if (res.headersSent) return;
        const name = error instanceof Error ? error.name : 'Error';
        const message = error instanceof Error ? error.message : String(error);
        send(res, 400, errorPage('en', { error: name, description: message }));
      });
    },
  };
}
