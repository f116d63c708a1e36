/**
 * A client whose calls of the named methods never leave an unhandled rejection behind. For
 * callers that fire and forget, above all the Socket.IO Redis adapter, which subscribes and
 * unsubscribes without awaiting: when Redis is unreachable (or its client is destroyed during a
 * shutdown) each of those calls would surface as a process-level `unhandledRejection`. The
 * promise still rejects for a caller that does await it; the rejection is also reported to
 * `onError`.
 */
import type { RedisClient } from './redis-types.js';

/** The same client, with the named methods' rejections handled and reported. */
export function withHandledRejections(
  client: RedisClient,
  methods: readonly string[],
  onError: (error: unknown, method: string) => void,
): RedisClient {
  const guarded = new Set<PropertyKey>(methods);
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (!guarded.has(property)) return method.bind(target);
      return (...args: unknown[]) => {
        const result = method.apply(target, args);
        if (result instanceof Promise) {
          result.catch((error: unknown) => onError(error, String(property)));
        }
        return result;
      };
    },
  });
}
