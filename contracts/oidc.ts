/**
 * Bodies and answers of the citizen's OpenID Connect login (`/v1/citizen/oidc/*`, SPEC A3): the
 * app asks which provider there is, starts a login (the hub answers the provider's authorization
 * URL and sets the sealed login-state cookie), and hands back what the provider appended to the
 * redirect URI; the hub answers the same citizen token as the dev login.
 */
import { z } from 'zod';

/** `GET /v1/citizen/oidc` answer: the provider the login button names. */
export const OidcProviderView = z.strictObject({ providerName: z.string() });
/** `GET /v1/citizen/oidc` answer. */
export type OidcProviderView = z.infer<typeof OidcProviderView>;

/** `POST /v1/citizen/oidc/start` body: the language the provider's pages should use. */
export const OidcStartBody = z.strictObject({ lang: z.enum(['pl', 'en']).optional() });
/** `POST /v1/citizen/oidc/start` body. */
export type OidcStartBody = z.infer<typeof OidcStartBody>;

/** `POST /v1/citizen/oidc/start` answer: where to send the browser, and until when it may take. */
export const OidcStartResponse = z.strictObject({
  authorizationUrl: z.url(),
  expiresAt: z.string(),
});
/** `POST /v1/citizen/oidc/start` answer. */
export type OidcStartResponse = z.infer<typeof OidcStartResponse>;

/**
 * `POST /v1/citizen/oidc/callback` body: the query string the provider put on the redirect URI
 * (`?code=…&state=…&iss=…`, or `?error=…&state=…`), exactly as the browser received it.
 */
export const OidcCallbackBody = z.strictObject({ query: z.string().min(1).max(4096) });
/** `POST /v1/citizen/oidc/callback` body. */
export type OidcCallbackBody = z.infer<typeof OidcCallbackBody>;

/**
 * `POST /v1/citizen/oidc/callback` answer: the citizen token (as `POST /v1/citizen/login`) and
 * the names the provider gave, to greet the citizen. Never the PESEL.
 */
export const OidcLoginResponse = z.strictObject({
  citizenToken: z.string(),
  expiresAt: z.string(),
  givenName: z.string().optional(),
  familyName: z.string().optional(),
});
/** `POST /v1/citizen/oidc/callback` answer. */
export type OidcLoginResponse = z.infer<typeof OidcLoginResponse>;
