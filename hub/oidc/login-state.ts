/**
 * The state of one citizen login between its start and the provider's answer: `state`, `nonce`
 * and the PKCE verifier. Hub nodes are stateless (X1) and the answer may reach any node, so the
 * state travels with the browser in a short-lived cookie, sealed (AES-256-GCM) under a key derived
 * from `HUB_SECRET`: every node can open it, nobody else can read or forge it. That the answer is
 * used once is enforced separately, in the session store (`claimLoginState`).
 */
import { hkdfSync } from 'node:crypto';
import { z } from 'zod';
import type { SessionStore } from '../../adapters/sessions/index.js';
import { HubError } from '../errors.js';
import { keyedHash, seal, unseal } from '../security/crypto.js';

/** Name of the cookie that carries the sealed login state. */
export const LOGIN_COOKIE = 'mdok_oidc';
/** The cookie is sent only to the login routes. */
export const LOGIN_COOKIE_PATH = '/v1/citizen/oidc';

/** One login in flight. */
export interface LoginState {
  /** The `state` parameter (CSRF binding of the answer to this browser). */
  state: string;
  /** The `nonce` the ID token must carry (binding of the ID token to this login). */
  nonce: string;
  /** The PKCE code verifier (binding of the code to this login). */
  verifier: string;
  /** Epoch ms after which the login is refused as `expired`. */
  expiresAt: number;
}

const Sealed = z.strictObject({
  v: z.literal(1),
  s: z.string().min(16),
  n: z.string().min(16),
  p: z.string().min(43),
  e: z.number().int(),
});

/** The key that seals login states: its own purpose, derived from the hub's sealing key. */
export function loginStateKey(sealKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', sealKey, Buffer.alloc(0), 'mdok-hub oidc login state', 32));
}

/** Seals a login state into a cookie value. */
export function sealLoginState(key: Buffer, login: LoginState): string {
  return seal(
    key,
    JSON.stringify({
      v: 1,
      s: login.state,
      n: login.nonce,
      p: login.verifier,
      e: login.expiresAt,
    } satisfies z.infer<typeof Sealed>),
  );
}

/**
 * Opens a sealed login state. A missing, damaged or foreign cookie and an expired login all
 * answer `expired`: for the citizen each means the same thing, "start the login again".
 */
export function openLoginState(key: Buffer, sealed: string | undefined, now: number): LoginState {
  const again = 'the login expired or was started in another browser: log in again';
  if (!sealed) throw new HubError('expired', again);
  let parsed: z.infer<typeof Sealed>;
  try {
    parsed = Sealed.parse(JSON.parse(unseal(key, sealed)));
  } catch (error) {
    throw new HubError('expired', again, { cause: error });
  }
  if (parsed.e <= now) throw new HubError('expired', again);
  return { state: parsed.s, nonce: parsed.n, verifier: parsed.p, expiresAt: parsed.e };
}

/**
 * Marks a login's answer as used, cluster-wide (a compare-and-set in the session store, Redis
 * when clustered). The second use of the same answer, on any node, gets `gone`: a replayed
 * authorization response never reaches the provider's token endpoint.
 */
export async function claimLoginState(
  sessions: Pick<SessionStore, 'claimKey'>,
  refKey: Buffer,
  login: LoginState,
  now: number,
): Promise<void> {
  const key = `oidc:used:${keyedHash(refKey, `oidc-state:${login.state}`)}`;
  const ttl = Math.max(1, login.expiresAt - now);
  if (!(await sessions.claimKey(key, '1', ttl))) {
    throw new HubError('gone', 'this login answer was used already: log in again');
  }
}
