/**
 * The rotating QR code (P1; web-verifier/src/qr.ts): a payload of the hub's shape becomes an
 * SVG with a quiet zone, finder patterns in place, and the smallest version that fits at error
 * correction M.
 */
import { describe, expect, it } from 'vitest';
import { QUIET_ZONE, qrShape, qrShapeCached, qrSvg } from '../../../web-verifier/src/qr.js';

// Shaped like the hub's `mdok1.<pairingId>.<t>.<mac>`, 40 characters long.
const payload = 'mdok1.AbCdEfGhIjKlMnOpQrStUv.17.01234567';

describe('[P1] QR code', () => {
  it('[P1] draws a 40-character payload as an SVG', () => {
    expect(payload).toHaveLength(40);
    const svg = qrSvg(payload, 'Kod QR "test" & <b>');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-label="Kod QR &#34;test&#34; &#38; &#60;b&#62;"');
    // Version 3 (29 modules) holds 42 bytes at level M; plus a 4-module quiet zone each side.
    expect(svg).toContain('viewBox="0 0 37 37"');
    expect(svg).toMatch(/<path d="(M\d+ \d+h\d+v1h-\d+z)+" fill="#000"\/>/);
  });

  it('[P1] has the three finder patterns behind the quiet zone', () => {
    const { size, path } = qrShape(payload);
    const q = QUIET_ZONE;
    const last = size - q - 7;
    // The top row of each 7×7 finder is one run of seven dark modules.
    expect(path).toContain(`M${q} ${q}h7v1h-7z`);
    expect(path).toContain(`M${last} ${q}h7v1h-7z`);
    expect(path).toContain(`M${q} ${last}h7v1h-7z`);
  });

  it('[P1] grows with the payload and differs from second to second', () => {
    expect(qrShape('x'.repeat(100)).size).toBeGreaterThan(qrShape('x'.repeat(40)).size);
    expect(qrShape(`${payload}a`).path).not.toBe(qrShape(`${payload}b`).path);
    expect(qrShapeCached(payload)).toBe(qrShapeCached(payload));
  });
});
