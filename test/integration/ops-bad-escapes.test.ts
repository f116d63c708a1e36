/**
 * A malformed percent-escape in a path (V2) is the caller's garbage, not a fault of the hub:
 * the front ends' paths (`/citizen/…`, `/widget/…`) and the API's answer 404 in the V2 shape,
 * and the only log line is the `info` access line — no error level, no stack trace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '../../contracts/index.js';
import { capturingLogger, type LogLine } from '../helpers/log-capture.js';
import { startTestHub, type TestHub } from '../helpers/test-hub.js';

let t: TestHub;
let lines: LogLine[];

beforeAll(async () => {
  const captured = capturingLogger('trace');
  lines = captured.lines;
  t = await startTestHub({ deps: { logger: captured.logger } });
});
afterAll(async () => {
  await t.close();
});

describe('[V2] malformed percent-escapes in paths', () => {
  it.each([
    '/citizen/%',
    '/citizen/%E0%A4%A',
    '/citizen/app/%zz',
    '/widget/%',
    '/widget/mdok-verify%E0.js',
    '/demo/%ff',
    '/v1/sessions/%',
    '/%',
  ])('%s answers 404 not_found and logs no error', async (path) => {
    const before = lines.length;
    const res = await t.api('GET', path, { auth: t.verifiers.bank.apiKey });
    expect(res.status).toBe(404);
    expect(ErrorBody.parse(res.body).error.code).toBe('not_found');
    const logged = lines.slice(before);
    expect(logged.filter((l) => l.level > 30)).toEqual([]);
    expect(JSON.stringify(logged)).not.toMatch(/stack|URIError/);
    expect(logged.some((l) => l.msg === 'http' && l.status === 404)).toBe(true);
  });

  it('well-formed escapes still reach their routes', async () => {
    const res = await t.api('GET', '/v1/dev/citizens?limit=%32');
    expect(res.status).toBe(200);
    const widget = await t.api('GET', '/widget/no%2Dsuch.js');
    expect(widget.status).toBe(404);
  });
});
