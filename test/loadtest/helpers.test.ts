/**
 * The load generator's small pure helpers, which k6 runs without Node's `Buffer` or a
 * `TextDecoder`: base64url and UTF-8 decoding of a presentation (checked against Node's own),
 * the presentation binding check (D4), and k6 duration strings; and `loadtest/hub.env`, the
 * limits a hub is started with for a load test, kept in the hub's own syntax.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { limitEnvName, limitNames, parseLimitRule } from '../../hub/limits/limit-table.js';
import { durationMs } from '../../loadtest/lib/duration.ts';
import {
  base64UrlToBytes,
  presentationProblem,
  utf8Decode,
} from '../../loadtest/lib/presentation.ts';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jws = (header: unknown, payload: unknown) => `${b64url(header)}.${b64url(payload)}.c2ln`;

describe('presentation decoding', () => {
  it('decodes base64url and UTF-8 exactly as Node does', () => {
    const samples = ['', 'a', 'ab', 'abc', 'Żółć gęślą jaźń', 'emoji 🪪 ok', '\u0000\u007f\u0080'];
    for (const text of samples) {
      const encoded = Buffer.from(text).toString('base64url');
      expect(base64UrlToBytes(encoded)).toEqual([...Buffer.from(text)]);
      expect(utf8Decode(base64UrlToBytes(encoded))).toBe(text);
    }
    expect(() => base64UrlToBytes('a+b/')).toThrow('not base64url');
  });

  it('[D4] accepts an ES256 JWS bound to the session, verifier and nonce, and names what is wrong otherwise', () => {
    const header = { alg: 'ES256', typ: 'mdok-presentation+jwt', kid: 'k' };
    const payload = {
      sid: 's1',
      aud: 'v_1',
      nonce: 'n1',
      iss: 'http://hub',
      claims: { a: 'Łukasz' },
    };
    const binding = { sessionId: 's1', audience: 'v_1', nonce: 'n1' };
    expect(presentationProblem(jws(header, payload), binding)).toBeUndefined();
    expect(presentationProblem(jws({ ...header, alg: 'HS256' }, payload), binding)).toMatch(
      /ES256/,
    );
    expect(presentationProblem(jws(header, { ...payload, sid: 's2' }), binding)).toMatch(/session/);
    expect(presentationProblem(jws(header, { ...payload, aud: 'v_2' }), binding)).toMatch(
      /verifier/,
    );
    expect(presentationProblem(jws(header, { ...payload, nonce: 'x' }), binding)).toMatch(/nonce/);
    expect(presentationProblem('a.b', binding)).toMatch(/compact JWS/);
    expect(presentationProblem('e30.!!.c2ln', binding)).toMatch(/base64url/);
    // F4: no audience or nonce to compare.
    expect(
      presentationProblem(jws(header, { sid: 's1', aud: 'citizen:x' }), { sessionId: 's1' }),
    ).toBeUndefined();
  });
});

describe('k6 durations', () => {
  it('reads the forms k6 accepts', () => {
    expect(durationMs('500ms')).toBe(500);
    expect(durationMs('30s')).toBe(30_000);
    expect(durationMs('1.5s')).toBe(1500);
    expect(durationMs('2m')).toBe(120_000);
    expect(durationMs('1h30m')).toBe(5_400_000);
    expect(durationMs('1m30s')).toBe(90_000);
    expect(durationMs(' 0s ')).toBe(0);
  });

  it('refuses anything else', () => {
    for (const bad of ['', '30', 'm', '2 m', '1d', '5sec', '-1s']) {
      expect(() => durationMs(bad), bad).toThrow(/not a duration/);
    }
  });
});

describe('loadtest/hub.env', () => {
  it('[A7] lifts only limits the hub knows, in its LIMIT_<NAME>=points/duration syntax', () => {
    const text = readFileSync(new URL('../../loadtest/hub.env', import.meta.url), 'utf8');
    const lines = text.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
    const known = new Map(limitNames.map((name) => [limitEnvName(name), name]));
    const lifted = lines.map((line) => {
      const [variable, value] = line.split('=');
      expect(known.has(variable!), variable).toBe(true);
      expect(parseLimitRule(value!).points, line).toBeGreaterThanOrEqual(1_000_000);
      return known.get(variable!);
    });
    // The ones a load test cannot reach stay as they are (loadtest/README.md says which).
    expect(lifted.sort()).toEqual(
      [
        'activations',
        'api_key',
        'citizen',
        'code_ip',
        'ip',
        'ip_handshake',
        'peer_sessions',
        'session_create',
        'subject_lookups',
        'subject_messages',
        'subject_requests',
      ].sort(),
    );
  });
});
