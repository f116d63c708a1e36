/**
 * Readable log lines for a developer's terminal (dev mode's default `LOG_FORMAT=pretty`): one
 * line an entry — time, level, message, then the fields as `key=value` — written synchronously
 * to stdout. A stand-in for pino-pretty on the hot path: pino-pretty costs a few hundred µs of
 * the hub's thread per entry under load (measured with `npm run bench`: ~0.45 ms per
 * verification for its two entries), this a few µs. Lines are written once per turn of the
 * event loop (one write for all of that turn's entries); warnings and worse at once, and what is
 * pending when the process exits is flushed. Production logs JSON.
 */

const levels: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO ',
  40: 'WARN ',
  50: 'ERROR',
  60: 'FATAL',
};
const colors: Record<number, string> = { 40: '\x1b[33m', 50: '\x1b[31m', 60: '\x1b[41m' };
const skipped = new Set(['level', 'time', 'msg', 'pid', 'hostname']);

const two = (n: number) => String(n).padStart(2, '0');

/** Local time of day, `HH:MM:SS.mmm`. */
function clock(time: Date): string {
  const ms = String(time.getMilliseconds()).padStart(3, '0');
  return `${two(time.getHours())}:${two(time.getMinutes())}:${two(time.getSeconds())}.${ms}`;
}

function valueText(value: unknown): string {
  if (typeof value === 'string') return /[\s"=]/.test(value) ? JSON.stringify(value) : value;
  if (value !== null && typeof value === 'object') {
    const error = value as { type?: unknown; message?: unknown; stack?: unknown };
    if (typeof error.stack === 'string') return `\n${error.stack}`;
    return JSON.stringify(value);
  }
  return String(value);
}

/** One pino JSON line as one readable line, with its level (a line that is not JSON: level 30). */
function formatEntry(json: string, color: boolean): { line: string; level: number } {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return { line: json.endsWith('\n') ? json : `${json}\n`, level: 30 };
  }
  const level = typeof entry.level === 'number' ? entry.level : 30;
  const time = new Date(typeof entry.time === 'number' ? entry.time : Date.now());
  let line = `[${clock(time)}] ${levels[level] ?? level}`;
  if (color && colors[level]) line = `${colors[level]}${line}\x1b[0m`;
  line += ` ${typeof entry.msg === 'string' ? entry.msg : ''}`;
  for (const key of Object.keys(entry)) {
    if (!skipped.has(key)) line += ` ${key}=${valueText(entry[key])}`;
  }
  return { line: `${line}\n`, level };
}

/** Turns one pino JSON line into one readable line (a line that is not JSON passes as it is). */
export function logLine(json: string, color: boolean): string {
  return formatEntry(json, color).line;
}

/** A pino destination writing readable lines to `out` (stdout). */
export function logLineStream(out: NodeJS.WritableStream = process.stdout): {
  write(json: string): void;
} {
  const color = (out as { isTTY?: boolean }).isTTY === true;
  let pending = '';
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending === '') return;
    const lines = pending;
    pending = '';
    out.write(lines);
  };
  process.once('exit', flush);
  return {
    write(json) {
      const { line, level } = formatEntry(json, color);
      pending += line;
      if (level >= 40) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
  };
}
