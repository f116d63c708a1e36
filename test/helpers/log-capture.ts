/**
 * A pino logger whose lines a test can read: to assert what is logged at which level (no stack
 * for garbage input, one error line when records are lost, no personal data).
 */
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

/** One parsed pino line. */
export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

/** A pino logger at `level` whose lines are kept in `lines`. */
export function capturingLogger(level = 'info'): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) {
        if (line.trim()) lines.push(JSON.parse(line) as LogLine);
      }
      done();
    },
  });
  return { logger: pino({ level }, sink), lines };
}
