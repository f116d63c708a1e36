/**
 * Pairing secrets of F1/F4 (P1, P2): the rotating QR payload and the 6-digit code.
 * The QR payload is `mdok1.<pairingId>.<t>.<mac>` where `t` is whole seconds since the session
 * was created and `mac` is HMAC-SHA256(session secret, t) truncated to 96 bits. The secret never
 * leaves the hub, so a payload cannot be forged or carried forward in time.
 */
import { createHmac } from 'node:crypto';
import { safeEqual } from '../security/crypto.js';

const PREFIX = 'mdok1';

/** The QR MAC for second `t`. */
function mac(secret: string, t: number): string {
  return createHmac('sha256', Buffer.from(secret, 'base64url'))
    .update(String(t))
    .digest()
    .subarray(0, 12)
    .toString('base64url');
}

/** Whole seconds elapsed since `createdAt`. */
export function elapsedSeconds(createdAt: number, now: number): number {
  return Math.max(0, Math.floor((now - createdAt) / 1000));
}

/** The QR payload for the second `t`. */
export function qrPayload(pairingId: string, secret: string, t: number): string {
  return `${PREFIX}.${pairingId}.${t}.${mac(secret, t)}`;
}

/** The parts of a scanned payload, or null when it is not shaped like one. */
export function parseQrPayload(
  payload: string,
): { pairingId: string; t: number; mac: string } | null {
  const match = /^mdok1\.([A-Za-z0-9_-]{16,64})\.(\d{1,6})\.([A-Za-z0-9_-]{16})$/.exec(payload);
  if (!match) return null;
  return { pairingId: match[1]!, t: Number(match[2]), mac: match[3]! };
}

/** Result of checking a scanned payload against the session's secret and the clock. */
export type QrCheck = 'ok' | 'forged' | 'too_old' | 'from_future';

/** Checks a parsed payload (P1): genuine, at most `maxAgeSeconds` old, not from the future. */
export function checkQr(
  parsed: { t: number; mac: string },
  secret: string,
  createdAt: number,
  now: number,
  maxAgeSeconds: number,
): QrCheck {
  if (!safeEqual(parsed.mac, mac(secret, parsed.t))) return 'forged';
  const current = elapsedSeconds(createdAt, now);
  if (parsed.t > current + 1) return 'from_future';
  if (current - parsed.t > maxAgeSeconds) return 'too_old';
  return 'ok';
}
