/**
 * The rotating QR code (P1) as vector data: qrcode-generator (a small, long-kept library by
 * Kazuhiko Arase) encodes the payload with error correction M; the dark modules become one SVG
 * path so that the element can render it with a Lit `svg` template (no HTML strings, no canvas)
 * and it stays sharp at any size. A quiet zone of 4 modules is included, as the standard asks.
 */
import qrcode from 'qrcode-generator';

/** Modules of white border around the code (ISO/IEC 18004 quiet zone). */
export const QUIET_ZONE = 4;

/** A QR code ready to draw: the side of the square in modules and the path of the dark ones. */
export interface QrShape {
  /** Side of the whole square in modules, quiet zone included. */
  size: number;
  /** SVG path data, one `h1v1h-1z` square (merged along rows) per run of dark modules. */
  path: string;
}

/** Encodes a payload (byte mode, EC level M, smallest version that fits). */
export function qrShape(payload: string): QrShape {
  const qr = qrcode(0, 'M');
  qr.addData(payload, 'Byte');
  qr.make();
  const count = qr.getModuleCount();
  const parts: string[] = [];
  for (let row = 0; row < count; row++) {
    let col = 0;
    while (col < count) {
      if (!qr.isDark(row, col)) {
        col++;
        continue;
      }
      let run = 1;
      while (col + run < count && qr.isDark(row, col + run)) run++;
      parts.push(`M${col + QUIET_ZONE} ${row + QUIET_ZONE}h${run}v1h-${run}z`);
      col += run;
    }
  }
  return { size: count + 2 * QUIET_ZONE, path: parts.join('') };
}

let last: { payload: string; shape: QrShape } | null = null;

/** `qrShape` remembering the last payload: the element re-renders more often than it rotates. */
export function qrShapeCached(payload: string): QrShape {
  if (last?.payload !== payload) last = { payload, shape: qrShape(payload) };
  return last.shape;
}

/** The QR code as a standalone SVG document string (for tests, previews and host pages). */
export function qrSvg(payload: string, label = 'QR'): string {
  const { size, path } = qrShape(payload);
  const escaped = label.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" ` +
    `shape-rendering="crispEdges" role="img" aria-label="${escaped}">` +
    `<rect width="${size}" height="${size}" fill="#fff"/>` +
    `<path d="${path}" fill="#000"/></svg>`
  );
}
