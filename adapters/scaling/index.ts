/**
 * Scaling adapters: what lets hub nodes share events.
 */
export { redisIoAdapter } from './redis-io-adapter.js';
export type { RedisIoAdapterOptions } from './redis-io-adapter.js';
