/**
 * What a failed call to the identity provider means for the citizen, as one V3 code each:
 * unreachable → `register_unavailable` (503: the provider is a state system the hub depends on,
 * like the registers), a refused or replayed code → `gone`, an expired ID token → `expired`, a
 * login the citizen cancelled or an answer that fails validation → `unauthorized`, the hub's own
 * misconfiguration → `internal`. openid-client's errors carry the ID token's claims in their
 * `cause` (a PESEL among them), so only names, codes and statuses are logged, never the error.
 */
import * as oidc from 'openid-client';
import type { Logger } from 'pino';
import { HubError } from '../errors.js';

/** Which call failed. */
export type ProviderStep = 'discovery' | 'token' | 'userinfo';

const unreachableCodes = new Set([
  'OAUTH_TIMEOUT',
  'OAUTH_ABORT',
  'OAUTH_RESPONSE_IS_NOT_CONFORM',
  'OAUTH_RESPONSE_IS_NOT_JSON',
]);
const configCodes = new Set(['OAUTH_HTTP_REQUEST_FORBIDDEN', 'OAUTH_REQUEST_PROTOCOL_FORBIDDEN']);

function unreachable(step: ProviderStep): HubError {
  return new HubError(
    'register_unavailable',
    `the identity provider is not reachable (${step}): try again later`,
  );
}

/** Turns anything a provider call threw into the `HubError` to answer, and logs it safely. */
export function providerFailure(error: unknown, logger: Logger, step: ProviderStep): HubError {
  if (error instanceof HubError) return error;
  const code = (error as { code?: unknown }).code;
  const facts = {
    step,
    name: error instanceof Error ? error.name : typeof error,
    code: typeof code === 'string' ? code : undefined,
    status: error instanceof oidc.ResponseBodyError ? error.status : undefined,
    providerError:
      error instanceof oidc.ResponseBodyError || error instanceof oidc.AuthorizationResponseError
        ? error.error
        : undefined,
  };
  const result = classify(error, step);
  if (result.code === 'internal') logger.error(facts, 'identity provider call failed');
  else logger.warn({ ...facts, answered: result.code }, 'identity provider login refused');
  return result;
}

function classify(error: unknown, step: ProviderStep): HubError {
  if (error instanceof oidc.AuthorizationResponseError) {
    return new HubError(
      'unauthorized',
      error.error === 'access_denied'
        ? 'the login was cancelled or refused at the identity provider'
        : `the identity provider refused the login (${error.error})`,
    );
  }
  if (error instanceof oidc.ResponseBodyError) {
    if (error.status >= 500) return unreachable(step);
    if (error.error === 'invalid_grant') {
      return new HubError(
        'gone',
        'the identity provider refused the authorization code: it was used already, has ' +
          'expired or belongs to another login; log in again',
      );
    }
    if (error.error === 'invalid_client' || error.error === 'unauthorized_client') {
      return new HubError('internal', 'the hub is not set up right at the identity provider');
    }
    return new HubError('unauthorized', `the identity provider refused the login (${error.error})`);
  }
  if (error instanceof oidc.WWWAuthenticateChallengeError) {
    return new HubError('unauthorized', 'the identity provider refused the hub’s access token');
  }
  // undici's network failures ("fetch failed": refused, reset, DNS) are TypeErrors.
  if (error instanceof TypeError && /fetch failed|network/i.test(error.message)) {
    return unreachable(step);
  }
  if (error instanceof oidc.ClientError) {
    const code = error.code ?? '';
    if (unreachableCodes.has(code)) return unreachable(step);
    if (configCodes.has(code)) {
      return new HubError('internal', 'the identity provider must be reached over HTTPS');
    }
    if (code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED') {
      // openid-client wraps oauth4webapi's error, whose own cause names the claim.
      const inner = error.cause as { claim?: unknown; cause?: { claim?: unknown } } | undefined;
      const claim = inner?.claim ?? inner?.cause?.claim;
      return claim === 'exp'
        ? new HubError('expired', 'the identity provider’s ID token has expired: log in again')
        : new HubError(
            'unauthorized',
            'the identity provider’s ID token is not valid at this time (check the clocks)',
          );
    }
    return new HubError(
      'unauthorized',
      `the identity provider’s answer failed validation (${code || 'unknown'})`,
    );
  }
  if (step === 'discovery') return unreachable(step);
  return new HubError('internal', 'the identity provider call failed');
}
