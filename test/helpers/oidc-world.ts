/**
 * A test hub that logs citizens in through a real OpenID Connect provider: the dev identity
 * provider on its own port (0), registered with the hub by its issuer URL like any provider,
 * and a small scripted browser (cookie jars, manual redirects, the provider's forms) that walks
 * a citizen through the provider's pages and hands the answer to the hub, as the citizen app
 * does.
 */
import type {
  ActivationResponse,
  ErrorBody,
  OidcLoginResponse,
  OidcStartResponse,
} from '../../contracts/index.js';
import {
  startDevIdentityProvider,
  type LoginMethod,
  type RunningDevIdentityProvider,
  type StartDevIdentityProviderOptions,
} from '../../adapters/identity/index.js';
import type { OidcConfig } from '../../hub/oidc/index.js';
import { startTestHub, type TestHub, type TestHubOptions } from './test-hub.js';

/** The client the hub is registered as. */
export const TEST_CLIENT = {
  clientId: 'mdok-hub-test',
  clientSecret: 'test-client-secret-0123456789',
};

/** Cookies of one site, as a browser keeps them (names only; paths are not needed here). */
export interface CookieJar {
  /** The `cookie` request header. */
  header(): string;
  /** Takes the `set-cookie` headers of a response (a past expiry deletes). */
  take(res: Response): void;
  has(name: string): boolean;
  /** A copy (another browser that stole the cookies). */
  clone(): CookieJar;
}

/** A new, empty cookie jar. */
export function cookieJar(initial: Map<string, string> = new Map()): CookieJar {
  const cookies = new Map(initial);
  return {
    header: () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    take(res) {
      for (const line of res.headers.getSetCookie()) {
        const [pair, ...attributes] = line.split(';');
        const eq = pair!.indexOf('=');
        const name = pair!.slice(0, eq).trim();
        const value = pair!.slice(eq + 1).trim();
        const gone = attributes.some((a) => {
          const [k, v] = a.trim().split('=');
          if (k?.toLowerCase() === 'max-age') return Number(v) <= 0;
          if (k?.toLowerCase() === 'expires') return Date.parse(v ?? '') <= Date.now();
          return false;
        });
        if (gone || value === '') cookies.delete(name);
        else cookies.set(name, value);
      }
    },
    has: (name) => cookies.has(name),
    clone: () => cookieJar(cookies),
  };
}

/** What the scripted citizen does at the provider. */
export interface ProviderChoice {
  /** Who logs in (a PESEL of the register). */
  pesel: string;
  /** How (sets `acr`). Default Profil Zaufany. */
  method?: LoginMethod['id'];
  /** Cancel instead of logging in. */
  cancel?: boolean;
}

/** A started login: the hub's cookies in this browser and where the provider is. */
export interface StartedLogin {
  jar: CookieJar;
  authorizationUrl: string;
}

/** `POST <hub>/v1/citizen/oidc/start` in a fresh browser. */
export async function startLogin(hubUrl: string, lang?: 'pl' | 'en'): Promise<StartedLogin> {
  const jar = cookieJar();
  const res = await fetch(`${hubUrl}/v1/citizen/oidc/start`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(lang ? { lang } : {}),
  });
  jar.take(res);
  const body = (await res.json()) as OidcStartResponse | ErrorBody;
  if (res.status !== 200 || !('authorizationUrl' in body)) {
    throw new Error(`start ${res.status}: ${JSON.stringify(body)}`);
  }
  return { jar, authorizationUrl: body.authorizationUrl };
}

/**
 * The provider's pages as a browser goes through them: follows the redirects, posts the
 * "choose a person" form, and stops at the redirect URI; answers its query string.
 */
export async function walkProvider(
  authorizationUrl: string,
  redirectUri: string,
  choice: ProviderChoice,
  /** The provider's cookies in this browser (its session); default: a fresh browser. */
  jar: CookieJar = cookieJar(),
): Promise<string> {
  let next: { url: string; method: 'GET' | 'POST'; form?: URLSearchParams } = {
    url: authorizationUrl,
    method: 'GET',
  };
  for (let hop = 0; hop < 10; hop++) {
    const res = await fetch(next.url, {
      method: next.method,
      redirect: 'manual',
      headers: {
        cookie: jar.header(),
        ...(next.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(next.form ? { body: next.form.toString() } : {}),
    });
    jar.take(res);
    const location = res.headers.get('location');
    if (location) {
      await res.arrayBuffer();
      const target = new URL(location, next.url);
      if (target.href.startsWith(redirectUri)) return target.search;
      next = { url: target.href, method: 'GET' };
      continue;
    }
    const html = await res.text();
    if (res.status !== 200) throw new Error(`provider answered ${res.status}: ${html}`);
    const page = new URL(next.url);
    if (!html.includes('data-testid="idp-person-0"')) {
      // A page that submits itself (the provider's form_post, e.g. to end the previous person's
      // session when someone else logs in): do what its script does.
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      if (!action) throw new Error(`unexpected provider page: ${html}`);
      const fields = new URLSearchParams();
      for (const input of html.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
        const name = /name="([^"]+)"/.exec(input[0])?.[1];
        const value = /value="([^"]*)"/.exec(input[0])?.[1];
        if (name) fields.set(name, value ?? '');
      }
      next = {
        url: new URL(action.replace(/&amp;/g, '&'), page).href,
        method: 'POST',
        form: fields,
      };
      continue;
    }
    const form = new URLSearchParams(
      choice.cancel ? {} : { method: choice.method ?? 'pz', pesel: choice.pesel },
    );
    next = {
      url: new URL(`${page.pathname}/${choice.cancel ? 'abort' : 'login'}`, page).href,
      method: 'POST',
      form,
    };
  }
  throw new Error('too many redirects at the provider');
}

/** `POST <hub>/v1/citizen/oidc/callback` with the browser's cookies. */
export async function finishLogin(
  hubUrl: string,
  jar: CookieJar,
  query: string,
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${hubUrl}/v1/citizen/oidc/callback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: jar.header() },
    body: JSON.stringify({ query }),
  });
  jar.take(res);
  return { status: res.status, body: await res.json() };
}

/** A hub wired to a running dev provider. */
export interface OidcWorld {
  t: TestHub;
  idp: RunningDevIdentityProvider;
  redirectUri: string;
  /** `POST /v1/citizen/oidc/start` in a fresh browser. */
  start(lang?: 'pl' | 'en'): Promise<StartedLogin>;
  /** The provider's pages: follows redirects and posts the form; answers the callback query. */
  atProvider(authorizationUrl: string, choice: ProviderChoice, jar?: CookieJar): Promise<string>;
  /** `POST /v1/citizen/oidc/callback` with the browser's cookies. */
  callback(jar: CookieJar, query: string): Promise<{ status: number; body: unknown }>;
  /** The whole login; throws unless it ends with a citizen token. */
  login(choice: ProviderChoice): Promise<OidcLoginResponse>;
  /** Logs in through the provider and activates a phone; answers the device credential. */
  enrol(pesel: string): Promise<ActivationResponse & { citizenToken: string }>;
  close(): Promise<void>;
}

/** Options of an OIDC world. */
export interface OidcWorldOptions {
  hub?: TestHubOptions;
  /** Overrides of the hub's relying-party settings. */
  oidc?: Partial<OidcConfig>;
  /** Overrides of the provider's options. */
  idp?: Partial<StartDevIdentityProviderOptions>;
}

/** Starts a test hub and a dev provider that know each other. */
export async function startOidcWorld(options: OidcWorldOptions = {}): Promise<OidcWorld> {
  const t = await startTestHub(options.hub);
  // Presentations are issued by the hub's own URL, which the widget checks (as in e2e.ts).
  if (!options.hub?.config?.publicUrl) t.hub.ctx.config.publicUrl = t.url;
  const redirectUri = `${t.url}/citizen/login-callback`;
  const idp = await startDevIdentityProvider({
    register: t.register,
    clients: [{ ...TEST_CLIENT, redirectUris: [redirectUri], name: 'mDok (test)' }],
    ...options.idp,
  });
  // The hub's port is known only once it listens, so its relying-party settings are set now;
  // the relying party reads them on every login, as it would a reloaded configuration.
  t.hub.ctx.config.oidc = {
    issuer: idp.issuer,
    ...TEST_CLIENT,
    redirectUri,
    scopes: ['openid', 'profile', 'pesel'],
    peselClaim: 'pesel',
    acrLevels: [
      'http://eidas.europa.eu/LoA/low',
      'http://eidas.europa.eu/LoA/substantial',
      'http://eidas.europa.eu/LoA/high',
    ],
    minAcr: 'http://eidas.europa.eu/LoA/substantial',
    providerName: 'login.gov.pl (dev)',
    loginTtlMs: 600_000,
    timeoutSeconds: 5,
    allowHttp: false,
    ...options.oidc,
  };

  const world: OidcWorld = {
    t,
    idp,
    redirectUri,
    start: (lang) => startLogin(t.url, lang),
    atProvider: (authorizationUrl, choice, jar) =>
      walkProvider(authorizationUrl, redirectUri, choice, jar),
    callback: (jar, query) => finishLogin(t.url, jar, query),
    async login(choice) {
      const { jar, authorizationUrl } = await world.start();
      const query = await world.atProvider(authorizationUrl, choice);
      const answer = await world.callback(jar, query);
      if (answer.status !== 200) {
        throw new Error(`callback ${answer.status}: ${JSON.stringify(answer.body)}`);
      }
      return answer.body as OidcLoginResponse;
    },
    async enrol(pesel) {
      const person = await t.register.findPerson({ pesel });
      if (!person) throw new Error('no such synthetic citizen');
      const login = await world.login({ pesel });
      const activation = await t.api<ActivationResponse>('POST', '/v1/citizen/activation', {
        auth: login.citizenToken,
        json: { phone: person.phone, deviceName: 'Phone (OIDC)' },
      });
      if (activation.status !== 201) throw new Error(`activation ${activation.status}`);
      return { ...activation.body, citizenToken: login.citizenToken };
    },
    async close() {
      await t.close();
      await idp.close();
    },
  };
  return world;
}
