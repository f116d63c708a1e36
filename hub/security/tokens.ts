/**
 * Bearer tokens the hub mints: widget tokens (A2: HS256, one session, ≤ 5 min), citizen tokens
 * (the identity-provider stand-in's login) and device tokens (A3). Citizen and device tokens
 * carry the PESEL, so they are encrypted (JWE, A256GCM) rather than only signed; a device token
 * is honoured only while its device record is active.
 */
import { EncryptJWT, jwtDecrypt } from 'jose';
import { z } from 'zod';
import { HubError } from '../errors.js';
import type { Clock } from '../clock.js';
import type { HubKeys } from './hub-keys.js';
import { signHs256, verifyHs256 } from './hs256.js';

const WIDGET = 'mdok:widget';
const CITIZEN = 'mdok:citizen';
const DEVICE = 'mdok:device';

/** What a widget token grants: one session of one verifier. */
export interface WidgetClaims {
  sessionId: string;
  verifierId: string;
}

/** What a citizen or device token says about its holder. */
export interface CitizenClaims {
  pesel: string;
  /** Present in device tokens only. */
  deviceId?: string;
}

const WidgetPayload = z.object({ sid: z.string(), vid: z.string() });
const CitizenPayload = z.object({ pesel: z.string(), did: z.string().optional() });

/** Mints and checks the hub's tokens. */
export interface TokenService {
  widget(claims: WidgetClaims): Promise<{ token: string; expiresAt: number }>;
  verifyWidget(token: string): Promise<WidgetClaims>;
  citizen(pesel: string): Promise<{ token: string; expiresAt: number }>;
  device(pesel: string, deviceId: string): Promise<string>;
  /** Reads a citizen or device token; `kind` says which were acceptable. */
  verifyCitizen(token: string, kind: 'citizen' | 'device' | 'either'): Promise<CitizenClaims>;
}

/** The token service over the hub's keys and clock. */
export function createTokenService(options: {
  keys: HubKeys;
  clock: Clock;
  widgetTtlMs: number;
  citizenTtlMs: number;
}): TokenService {
  const { keys, clock } = options;
  const seconds = (msValue: number) => Math.floor(msValue / 1000);
  const unauthorized = (cause?: unknown) =>
    new HubError('unauthorized', 'token is missing, invalid or expired', { cause });

  return {
    async widget({ sessionId, verifierId }) {
      const now = clock.now();
      const expiresAt = now + options.widgetTtlMs;
      const token = signHs256(keys.widgetTokenKey, {
        sid: sessionId,
        vid: verifierId,
        aud: WIDGET,
        iat: seconds(now),
        exp: seconds(expiresAt),
      });
      return { token, expiresAt };
    },

    async verifyWidget(token) {
      try {
        const payload = verifyHs256(keys.widgetTokenKey, token, WIDGET, seconds(clock.now()));
        const parsed = WidgetPayload.parse(payload);
        return { sessionId: parsed.sid, verifierId: parsed.vid };
      } catch (error) {
        throw unauthorized(error);
      }
    },

    async citizen(pesel) {
      const now = clock.now();
      const expiresAt = now + options.citizenTtlMs;
      const token = await new EncryptJWT({ pesel })
        .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
        .setAudience(CITIZEN)
        .setIssuedAt(seconds(now))
        .setExpirationTime(seconds(expiresAt))
        .encrypt(keys.citizenTokenKey);
      return { token, expiresAt };
    },

    async device(pesel, deviceId) {
      return new EncryptJWT({ pesel, did: deviceId })
        .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
        .setAudience(DEVICE)
        .setIssuedAt(seconds(clock.now()))
        .encrypt(keys.citizenTokenKey);
    },

    async verifyCitizen(token, kind) {
      const audience =
        kind === 'either' ? [CITIZEN, DEVICE] : kind === 'citizen' ? CITIZEN : DEVICE;
      try {
        const { payload } = await jwtDecrypt(token, keys.citizenTokenKey, {
          audience,
          currentDate: new Date(clock.now()),
        });
        const parsed = CitizenPayload.parse(payload);
        if (payload.aud === DEVICE && !parsed.did) throw new Error('device token without device');
        return parsed.did ? { pesel: parsed.pesel, deviceId: parsed.did } : { pesel: parsed.pesel };
      } catch (error) {
        throw unauthorized(error);
      }
    },
  };
}
