/**
 * The identity provider stand-in of dev mode and tests: a real OpenID Connect provider whose
 * accounts are the synthetic register's citizens, mountable under a path of the hub or run on a
 * port of its own.
 */
export { createDevIdentityProvider } from './dev-identity-provider.js';
export type {
  DevClient,
  DevIdentityProvider,
  DevIdentityProviderOptions,
} from './dev-identity-provider.js';
export { startDevIdentityProvider } from './start-dev-identity-provider.js';
export type {
  RunningDevIdentityProvider,
  StartDevIdentityProviderOptions,
} from './start-dev-identity-provider.js';
export { mountUnderPath } from './mount-under-path.js';
export type { NodeHandler } from './mount-under-path.js';
export { eidasLevels, loginMethods, loginMethodOf } from './dev-login-methods.js';
export type { LoginMethod } from './dev-login-methods.js';
