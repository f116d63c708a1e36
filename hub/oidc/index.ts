/**
 * Citizen login through OpenID Connect: the relying party, the sealed login state, levels of
 * assurance and the settings.
 */
export { OidcConfigSchema, eidasLevels, redirectUriOf, isLoopbackIssuer } from './oidc-config.js';
export type { OidcConfig } from './oidc-config.js';
export { createRelyingParty } from './relying-party.js';
export type { RelyingParty, RelyingPartyOptions, VerifiedIdentity } from './relying-party.js';
export {
  LOGIN_COOKIE,
  LOGIN_COOKIE_PATH,
  loginStateKey,
  sealLoginState,
  openLoginState,
  claimLoginState,
} from './login-state.js';
export type { LoginState } from './login-state.js';
export { isAcceptableAcr } from './assurance.js';
export { providerFailure } from './provider-errors.js';
export type { ProviderStep } from './provider-errors.js';
