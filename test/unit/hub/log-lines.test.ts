/**
 * Dev-mode log lines (hub/log-lines.ts): one readable line per pino entry, every field kept,
 * errors with their stack, and anything that is not a JSON entry passed through as it is.
 */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { logLine, logLineStream } from '../../../hub/log-lines.js';

/** The JSON line pino writes for one entry. */
function pinoLine(log: (logger: pino.Logger) => void): string {
  let written = '';
  log(pino({ base: undefined }, { write: (line: string) => void (written += line) }));
  return written;
}

describe('dev-mode log lines', () => {
  it('one line: time, level, message, then every field as key=value', () => {
    const json = pinoLine((l) => l.info({ route: '/v1/sessions', status: 201, ms: 4.3 }, 'http'));
    const line = logLine(json, false);
    expect(line).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO {2}http /);
    expect(line.endsWith('http route=/v1/sessions status=201 ms=4.3\n')).toBe(true);
  });

  it('quotes values with spaces, shows objects as JSON and errors with their stack', () => {
    const json = pinoLine((l) =>
      l.error({ reason: 'two words', detail: { a: 1 }, err: new Error('boom') }, 'failed'),
    );
    const line = logLine(json, false);
    expect(line).toContain('ERROR failed reason="two words" detail={"a":1} err=\nError: boom');
    expect(logLine(json, true).startsWith('\x1b[31m[')).toBe(true);
  });

  it('passes a line that is not a JSON entry through unchanged', () => {
    expect(logLine('mDok Hub listening', false)).toBe('mDok Hub listening\n');
  });

  it('writes a turn’s entries at once, and a warning without waiting', async () => {
    const out = new PassThrough();
    const writes: string[] = [];
    out.on('data', (chunk: Buffer) => writes.push(chunk.toString()));
    const logger = pino({ base: undefined }, logLineStream(out));
    logger.info('one');
    logger.info('two');
    expect(writes).toEqual([]);
    logger.warn('three');
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes.join('')).toMatch(/one\n.*two\n.*three\n$/s);
    logger.info('four');
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes.at(-1)).toMatch(/INFO {2}four\n$/);
  });
});
