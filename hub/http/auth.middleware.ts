/**
 * Who is calling (A1, A3, A5): verifier backends with API keys, the administrator with the
 * admin token, citizens with citizen or device tokens. Each middleware puts the caller into the
 * request's variables or answers `unauthorized` / `forbidden`.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { VerifierRecord } from '../../adapters/records/index.js';
import { HubError } from '../errors.js';
import type { HubContext } from '../context.js';
import { parseApiKey } from '../security/api-keys.js';
import { sameDigest, sha256Hex } from '../security/crypto.js';
import { activeVerifier, allowedDevice } from '../sessions/callers.js';
import { citizenRefOf } from '../sessions/subjects.js';

/** The citizen behind a request. */
export interface CitizenCaller {
  pesel: string;
  citizenRef: string;
  /** Set when the caller used a device token. */
  deviceId?: string;
}

/** Request variables the middlewares set. */
export interface HubEnv {
  Variables: {
    verifier: VerifierRecord;
    citizen: CitizenCaller;
    requestId: string;
  };
}

function bearer(c: Context): string {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new HubError('unauthorized', 'Authorization: Bearer <token> is required');
  return match[1]!;
}

/** Verifier backends: `Authorization: Bearer <apiKey>` of an active verifier (A1). */
export function verifierAuth(ctx: HubContext): MiddlewareHandler<HubEnv> {
  return async (c, next) => {
    const parsed = parseApiKey(bearer(c));
    const key = parsed ? await ctx.records.apiKeys.get(parsed.keyId) : null;
    if (!parsed || !key || key.revokedAt || !sameDigest(key.hash, parsed.hash)) {
      throw new HubError('unauthorized', 'unknown or revoked API key');
    }
    // A rotated key works until the end of its overlap, then no more.
    if (key.validUntil && Date.parse(key.validUntil) <= ctx.clock.now()) {
      throw new HubError('unauthorized', 'this API key was rotated and its overlap has ended');
    }
    const verifier = await activeVerifier(ctx, key.verifierId);
    if (!verifier) throw new HubError('forbidden', 'the verifier is not active');
    await ctx.limiter.hit('api_key', key.keyId);
    c.set('verifier', verifier);
    await next();
  };
}

/** The administrator: `Authorization: Bearer <ADMIN_TOKEN>` (A5). */
export function adminAuth(adminToken: string): MiddlewareHandler<HubEnv> {
  const expected = sha256Hex(adminToken);
  return async (c, next) => {
    if (!sameDigest(sha256Hex(bearer(c)), expected)) {
      throw new HubError('unauthorized', 'the admin credential is required');
    }
    await next();
  };
}

/**
 * Citizens: a citizen token (from login) or, where `allowDevice`, an active device token.
 */
export function citizenAuth(
  ctx: HubContext,
  options: { allowDevice: boolean },
): MiddlewareHandler<HubEnv> {
  return async (c, next) => {
    const claims = await ctx.tokens.verifyCitizen(
      bearer(c),
      options.allowDevice ? 'either' : 'citizen',
    );
    const citizenRef = citizenRefOf(ctx, claims.pesel);
    if (claims.deviceId) await allowedDevice(ctx, claims.deviceId, citizenRef);
    await ctx.limiter.hit('citizen', citizenRef);
    c.set('citizen', {
      pesel: claims.pesel,
      citizenRef,
      ...(claims.deviceId ? { deviceId: claims.deviceId } : {}),
    });
    await next();
  };
}
