/**
 * Reads the signed presentation of `session:data` (D4) without verifying its signature: a load
 * generator checks that what reached the widget is a compact ES256 JWS bound to this session,
 * verifier and nonce, and leaves the (costly) ECDSA check to the integration tests, which verify
 * it against the hub's JWKS. Pure: base64url and UTF-8 are decoded here, since k6 has neither
 * `Buffer` nor `TextDecoder`.
 */

/** The parts of a presentation a load test checks. */
export interface PresentationView {
  header: { alg?: unknown; typ?: unknown; kid?: unknown };
  payload: { sid?: unknown; aud?: unknown; nonce?: unknown; iss?: unknown; exp?: unknown };
}

/** What the presentation must be bound to. */
export interface PresentationBinding {
  sessionId: string;
  /** The verifier id (`aud`); omit to skip (F4's audience is derived from the citizen). */
  audience?: string;
  nonce?: string;
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const valueOf: Record<string, number> = Object.fromEntries(
  alphabet.split('').map((c, i) => [c, i]),
);

/** Decodes base64url (no padding) to bytes; throws on a character outside the alphabet. */
export function base64UrlToBytes(text: string): number[] {
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const c of text.replace(/=+$/, '')) {
    const v = valueOf[c];
    if (v === undefined) throw new Error('not base64url');
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return bytes;
}

/** Decodes UTF-8 bytes (the JWS payload carries Polish names). */
export function utf8Decode(bytes: number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    let code: number;
    let extra: number;
    if (b < 0x80) [code, extra] = [b, 0];
    else if (b >= 0xf0) [code, extra] = [b & 0x07, 3];
    else if (b >= 0xe0) [code, extra] = [b & 0x0f, 2];
    else [code, extra] = [b & 0x1f, 1];
    for (let k = 1; k <= extra; k++) code = (code << 6) | ((bytes[i + k] ?? 0) & 0x3f);
    out += String.fromCodePoint(code);
    i += extra + 1;
  }
  return out;
}

/** Splits and decodes a compact JWS; throws when it is not one. */
export function readPresentation(jws: string): PresentationView {
  const parts = jws.split('.');
  if (parts.length !== 3 || parts.some((p) => p.length === 0)) {
    throw new Error('the presentation is not a compact JWS');
  }
  const decode = (part: string) => JSON.parse(utf8Decode(base64UrlToBytes(part))) as unknown;
  const header = decode(parts[0]!);
  const payload = decode(parts[1]!);
  if (typeof header !== 'object' || header === null || typeof payload !== 'object' || !payload) {
    throw new Error('the presentation header or payload is not a JSON object');
  }
  return {
    header: header as PresentationView['header'],
    payload: payload as PresentationView['payload'],
  };
}

/**
 * Why the presentation is not an ES256 JWS bound to `binding`, or undefined when it is. The
 * reasons name fields, never their values.
 */
export function presentationProblem(jws: string, binding: PresentationBinding): string | undefined {
  let view: PresentationView;
  try {
    view = readPresentation(jws);
  } catch (error) {
    return (error as Error).message;
  }
  if (view.header.alg !== 'ES256') return 'the presentation is not signed with ES256';
  if (view.payload.sid !== binding.sessionId) return 'the presentation names another session';
  if (binding.audience !== undefined && view.payload.aud !== binding.audience) {
    return 'the presentation is for another verifier';
  }
  if (binding.nonce !== undefined && view.payload.nonce !== binding.nonce) {
    return 'the presentation carries another nonce';
  }
  return undefined;
}
