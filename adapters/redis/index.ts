/**
 * Redis helpers shared by the Redis adapters and the hub's wiring: the client type, a bound on
 * every command's answer, rejection handling for fire-and-forget calls, and the record store's
 * deployment marker. Named exports only.
 */
export { RedisTimeoutError, boundCommand, withCommandTimeout } from './redis-command-timeout.js';
export type { CommandTimeoutOptions } from './redis-command-timeout.js';
export { createRedisDeploymentMarker } from './redis-deployment-marker.js';
export type { RedisDeploymentMarkerOptions } from './redis-deployment-marker.js';
export { withHandledRejections } from './redis-unawaited-calls.js';
export type { RedisClient } from './redis-types.js';
