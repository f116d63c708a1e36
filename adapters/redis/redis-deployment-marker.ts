/**
 * The deployment marker of the Redis record store (see records/deployment-marker.ts): one key, written once when a cluster first starts on an empty record
 * store and never deleted by the hub, so its disappearance tells that the store lost its data
 * (a Redis restarted without persistence, a FLUSHALL, a failover to an empty replica). Every node
 * remembers the marker it found or wrote at start; while it is gone or different, the node is not
 * ready (see hub/ops/readiness.ts) instead of answering 401 to API keys and device tokens that
 * vanished with the data. The value is an opaque random id and the time it was written.
 */
import { randomBytes } from 'node:crypto';
import type { DeploymentMarker } from '../records/deployment-marker.js';
import type { RedisClient } from './redis-types.js';

/** Options of {@link createRedisDeploymentMarker}. */
export interface RedisDeploymentMarkerOptions {
  /** A connected client; the marker never connects or closes it. */
  client: RedisClient;
  /** Prefix of the record store's keys; the marker is `{prefix}deployment`. Default `mdok:`. */
  prefix?: string;
  /** ISO time for a new marker. Default: now. */
  now?: () => string;
}

/** The deployment marker of a Redis record store. */
export function createRedisDeploymentMarker(
  options: RedisDeploymentMarkerOptions,
): DeploymentMarker {
  const key = `${options.prefix ?? 'mdok:'}deployment`;
  const now = options.now ?? (() => new Date().toISOString());
  return {
    async claim() {
      const candidate = `${now()} ${randomBytes(12).toString('base64url')}`;
      // SET NX GET answers the old value when there was one (Redis ≥ 7.0), in one round trip.
      const previous = await options.client.set(key, candidate, { condition: 'NX', GET: true });
      return previous === null || previous === undefined
        ? { value: candidate, created: true }
        : { value: String(previous), created: false };
    },
    async read() {
      return options.client.get(key);
    },
  };
}
