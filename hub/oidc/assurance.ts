/**
 * Levels of assurance: a login counts only when the provider vouches (`acr`) for at least the
 * configured level. Levels are compared by their place in the configured order (lowest first),
 * so an `acr` the hub does not know is never enough.
 */
import type { OidcConfig } from './oidc-config.js';

/** Whether `acr` is one of the known levels and at least `minAcr`. */
export function isAcceptableAcr(
  acr: string | undefined,
  config: Pick<OidcConfig, 'acrLevels' | 'minAcr'>,
): acr is string {
  if (acr === undefined) return false;
  const level = config.acrLevels.indexOf(acr);
  return level >= 0 && level >= config.acrLevels.indexOf(config.minAcr);
}
