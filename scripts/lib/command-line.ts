/**
 * The command line of an operator script: node's `parseArgs`, plus what every script wants on
 * top of it — `-h`/`--help` prints the usage and exits 0; an unknown option or a bad value
 * prints the problem and the usage and exits 1; whole-number options are checked against a range.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** The options part of a `parseArgs` configuration. */
type Options = NonNullable<ParseArgsConfig['options']>;

/** The `--help` option every script has. */
const help = { help: { type: 'boolean', short: 'h' } } as const;

/** What `parseArgs` makes of `options` (and `--help`). */
type Values<T extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: T & typeof help }>
>['values'];

/** A parsed command line. */
export interface CommandLine<T extends Options> {
  values: Values<T>;
  /** Ends the script: `<script>: <message>`, the usage, exit code 1. */
  fail(message: string): never;
  /** `value` of option `--name` as a whole number from `min` to `max`; fails otherwise. */
  int(name: string, value: string, min: number, max: number): number;
}

/** Parses `argv` for `script` (the name its messages start with); see the file comment. */
export function readCommandLine<const T extends Options>(
  script: string,
  usage: string,
  argv: string[],
  options: T,
): CommandLine<T> {
  const fail = (message: string): never => {
    console.error(`${script}: ${message}\n\n${usage}`);
    process.exit(1);
  };
  let values: Values<T>;
  try {
    values = parseArgs({ args: argv, options: { ...options, ...help } }).values as Values<T>;
  } catch (error) {
    return fail((error as Error).message);
  }
  if ((values as { help?: boolean }).help) {
    console.log(usage);
    process.exit(0);
  }
  return {
    values,
    fail,
    int(name, value, min, max) {
      const n = Number(value);
      if (!Number.isInteger(n) || n < min || n > max) fail(`--${name} must be ${min}–${max}`);
      return n;
    },
  };
}
