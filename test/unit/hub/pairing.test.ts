/**
 * QR rotation and checking (P1): a new payload every second, MACs that cannot be forged, and
 * payloads older than the limit refused.
 */
import { describe, expect, it } from 'vitest';
import {
  checkQr,
  elapsedSeconds,
  parseQrPayload,
  qrPayload,
} from '../../../hub/sessions/pairing.js';
import { randomId } from '../../../hub/security/crypto.js';

const secret = randomId(32);
const pairingId = randomId(16);
const createdAt = 1_700_000_000_000;

describe('[P1] QR payload rotation', () => {
  it('[P1] rotates every second and each second has its own payload', () => {
    const payloads = new Set([0, 1, 2, 3, 4].map((t) => qrPayload(pairingId, secret, t)));
    expect(payloads.size).toBe(5);
    expect(elapsedSeconds(createdAt, createdAt + 999)).toBe(0);
    expect(elapsedSeconds(createdAt, createdAt + 1000)).toBe(1);
  });

  it('[P1] a fresh payload is accepted', () => {
    const parsed = parseQrPayload(qrPayload(pairingId, secret, 3))!;
    expect(parsed).toMatchObject({ pairingId, t: 3 });
    expect(checkQr(parsed, secret, createdAt, createdAt + 3_500, 5)).toBe('ok');
  });

  it('[P1] a payload older than 5 s is refused', () => {
    const parsed = parseQrPayload(qrPayload(pairingId, secret, 3))!;
    expect(checkQr(parsed, secret, createdAt, createdAt + 8_999, 5)).toBe('ok');
    expect(checkQr(parsed, secret, createdAt, createdAt + 9_000, 5)).toBe('too_old');
  });

  it('[P1] a payload from the future or with another secret is refused', () => {
    const parsed = parseQrPayload(qrPayload(pairingId, secret, 10))!;
    expect(checkQr(parsed, secret, createdAt, createdAt + 1_000, 5)).toBe('from_future');
    expect(checkQr(parsed, randomId(32), createdAt, createdAt + 10_000, 5)).toBe('forged');
  });

  it('[P1] a payload with a changed second keeps no valid MAC', () => {
    const [prefix, id, , mac] = qrPayload(pairingId, secret, 7).split('.');
    const moved = parseQrPayload(`${prefix}.${id}.9.${mac}`)!;
    expect(checkQr(moved, secret, createdAt, createdAt + 9_000, 5)).toBe('forged');
  });

  it('[P1] garbage does not parse', () => {
    for (const junk of ['', 'mdok1', 'mdok1.x.1.y', 'http://evil', `mdok1.${pairingId}.-1.abc`]) {
      expect(parseQrPayload(junk)).toBeNull();
    }
  });
});
