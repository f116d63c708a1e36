/**
 * How a citizen logs in at the dev identity provider, and the level of assurance (`acr`, eIDAS)
 * each way vouches for, as login.gov.pl does: Profil Zaufany and bank identities are
 * "substantial", the e-ID card (e-dowód) is "high". A deliberately "low" test login exists so
 * that the relying party's refusal of a too-weak login can be shown.
 */

/** The eIDAS levels of assurance, lowest first (the `acr` values the provider supports). */
export const eidasLevels = [
  'http://eidas.europa.eu/LoA/low',
  'http://eidas.europa.eu/LoA/substantial',
  'http://eidas.europa.eu/LoA/high',
] as const;

/** One way to log in. */
export interface LoginMethod {
  id: 'pz' | 'edowod' | 'bank' | 'low';
  /** The `acr` the ID token carries. */
  acr: (typeof eidasLevels)[number];
  /** The `amr` value (RFC 8176 where one fits). */
  amr: string;
}

/** The ways offered, the default first. */
export const loginMethods: readonly LoginMethod[] = [
  { id: 'pz', acr: eidasLevels[1], amr: 'pwd' },
  { id: 'edowod', acr: eidasLevels[2], amr: 'sc' },
  { id: 'bank', acr: eidasLevels[1], amr: 'mfa' },
  { id: 'low', acr: eidasLevels[0], amr: 'pwd' },
];

/** The method with `id`, or the default one. */
export function loginMethodOf(id: unknown): LoginMethod {
  return loginMethods.find((m) => m.id === id) ?? loginMethods[0]!;
}
