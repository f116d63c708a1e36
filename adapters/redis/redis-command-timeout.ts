/**
 * A bound on every Redis command (operations: a frozen Redis must not hang requests). node-redis
 * 5's own `timeout` command option only covers the time a command waits to be *written*: once the
 * bytes are on the socket its timer is removed, so a Redis that accepts the connection but does
 * not answer (stopped with SIGSTOP, stuck in a slow script, a half-open TCP link) keeps every
 * caller waiting for as long as the freeze lasts. This wraps a client so that each command's
 * promise settles within `timeoutMs` either way: with Redis's answer, or with a
 * {@link RedisTimeoutError}. The command itself stays queued in the client; if Redis answers later
 * the reply is matched and dropped (RESP replies come in order), so the connection stays usable
 * and recovers by itself once Redis does.
 *
 * One command in eight can also be timed for a latency metric (`onLatency`): sampling keeps the
 * cost off the other seven, and a p99 over thousands of commands a minute does not need them all.
 *
 * A timed-out write may still be applied when Redis wakes up: callers treat the error like any
 * other store failure (the hub answers `internal` and the compare-and-set keeps state
 * consistent), never as "not written".
 */
import type { RedisClient } from './redis-types.js';

/** A Redis command that did not answer within its bound. */
export class RedisTimeoutError extends Error {
  override readonly name = 'RedisTimeoutError';
  /** The command (method name) that timed out. */
  readonly command: string;
  /** The bound it exceeded, in ms. */
  readonly timeoutMs: number;

  constructor(command: string, timeoutMs: number) {
    super(`Redis did not answer ${command} within ${timeoutMs} ms`);
    this.command = command;
    this.timeoutMs = timeoutMs;
  }
}

/** Options of {@link withCommandTimeout}. */
export interface CommandTimeoutOptions {
  /** Longest wait for any command's answer, in ms. */
  timeoutMs: number;
  /** Told of each timeout (for a log line or a counter). Default: nothing. */
  onTimeout?: (error: RedisTimeoutError) => void;
  /**
   * Told how long one command in every {@link LATENCY_SAMPLE} took, from issue to settling, in
   * seconds (for a latency metric). The others are not timed at all. Default: nothing.
   */
  onLatency?: (seconds: number) => void;
}

/** One command in this many is timed for `onLatency`. */
export const LATENCY_SAMPLE = 8;

/**
 * Methods that manage the connection rather than run a command: their own options bound them
 * (connect timeout, reconnect strategy), and `close()` must be allowed to drain.
 */
const UNBOUNDED = new Set<PropertyKey>([
  'connect',
  'close',
  'destroy',
  'quit',
  'disconnect',
  'duplicate',
  'on',
  'once',
  'off',
  'addListener',
  'removeListener',
  'removeAllListeners',
  'emit',
]);

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** Settles with `promise`, or rejects with a {@link RedisTimeoutError} after `timeoutMs`. */
export function boundCommand<T>(
  promise: PromiseLike<T>,
  command: string,
  options: CommandTimeoutOptions,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      const error = new RedisTimeoutError(command, options.timeoutMs);
      options.onTimeout?.(error);
      reject(error);
    }, options.timeoutMs);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * The same client, with every command bounded by `timeoutMs`. Connection management (`connect`,
 * `close`, `destroy`, listeners) passes through unchanged; so do properties (`isReady`…).
 */
export function withCommandTimeout(
  client: RedisClient,
  options: CommandTimeoutOptions,
): RedisClient {
  const { onLatency } = options;
  let calls = 0;
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (UNBOUNDED.has(property)) return method.bind(target);
      return (...args: unknown[]) => {
        const since = onLatency && ++calls % LATENCY_SAMPLE === 0 ? performance.now() : undefined;
        const result = method.apply(target, args);
        if (!isThenable(result)) return result;
        const bounded = boundCommand(result, String(property), options);
        if (since !== undefined) {
          const observe = () => onLatency!((performance.now() - since) / 1000);
          bounded.then(observe, observe);
        }
        return bounded;
      };
    },
  });
}
