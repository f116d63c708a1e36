/**
 * How the hub logs citizens in as an OpenID Connect relying party: which provider (by issuer
 * URL, found by discovery), which client, which claim carries the PESEL and which levels of
 * assurance are enough. Part of `HubConfig` (`config.oidc`); `hub/main.ts` fills it from the
 * `OIDC_*` variables, tests build it directly. The hub treats every provider alike: the dev
 * provider of `npm start` is configured by its issuer URL exactly as login.gov.pl would be.
 */
import { z } from 'zod';

/**
 * The eIDAS levels of assurance, lowest first: the values login.gov.pl and the EU wallet
 * ecosystem put into `acr`. The default order `acrLevels` compares against.
 */
export const eidasLevels = [
  'http://eidas.europa.eu/LoA/low',
  'http://eidas.europa.eu/LoA/substantial',
  'http://eidas.europa.eu/LoA/high',
] as const;

/** The relying party's settings. */
export const OidcConfigSchema = z
  .strictObject({
    /** The provider's issuer identifier; `<issuer>/.well-known/openid-configuration` is read. */
    issuer: z.url(),
    /** The hub's client id at the provider. */
    clientId: z.string().min(1),
    /** The client secret; without one the hub is a public client (PKCE only). */
    clientSecret: z.string().min(1).optional(),
    /**
     * Where the provider sends the browser back. Default `<publicUrl>/citizen/login-callback`:
     * the citizen app, which hands the answer to `POST /v1/citizen/oidc/callback`.
     */
    redirectUri: z.url().optional(),
    /** Scopes asked for. Default `openid profile pesel`. */
    scopes: z.array(z.string().min(1)).min(1).default(['openid', 'profile', 'pesel']),
    /** The claim (ID token or userinfo) that carries the PESEL. Default `pesel`. */
    peselClaim: z.string().min(1).default('pesel'),
    /** Known `acr` values, lowest level first. Default: the eIDAS levels. */
    acrLevels: z
      .array(z.string().min(1))
      .min(1)
      .default([...eidasLevels]),
    /** The lowest acceptable `acr`, one of `acrLevels`. Default eIDAS substantial. */
    minAcr: z.string().min(1).default('http://eidas.europa.eu/LoA/substantial'),
    /** Name shown on the login button. Default `login.gov.pl`. */
    providerName: z.string().min(1).max(60).default('login.gov.pl'),
    /** How long a started login may take (the state cookie's life). Default 10 min. */
    loginTtlMs: z.number().int().positive().default(600_000),
    /** Timeout of each call to the provider, in seconds. Default 10. */
    timeoutSeconds: z.number().int().positive().default(10),
    /**
     * Allow a plain-HTTP issuer that is not on loopback (development only, e.g. the dev provider
     * behind a LAN address). Default false: HTTPS, or HTTP on loopback only.
     */
    allowHttp: z.boolean().default(false),
  })
  .refine((c) => c.acrLevels.includes(c.minAcr), {
    path: ['minAcr'],
    message: 'minAcr must be one of acrLevels',
  });

/** The relying party's settings. */
export type OidcConfig = z.infer<typeof OidcConfigSchema>;

/** The redirect URI in force: configured, or the citizen app's callback page. */
export function redirectUriOf(oidc: OidcConfig, publicUrl: string): string {
  return oidc.redirectUri ?? new URL('/citizen/login-callback', publicUrl).href;
}

/**
 * Whether plain HTTP may be used towards the issuer: only on loopback, where no one can listen
 * in (a provider run beside the hub, as in development and tests). Everywhere else openid-client
 * insists on HTTPS.
 */
export function isLoopbackIssuer(issuer: string): boolean {
  const host = new URL(issuer).hostname;
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}
