/**
 * The session-store adapters: the interface every hub node talks to and its implementations
 * (in-memory now; Redis beside it). Named exports only, so the public surface is visible here.
 */
export { createMemorySessionStore } from './memory-session-store.js';
export type { MemorySessionStoreOptions } from './memory-session-store.js';
export type { SessionRecordBase, SessionStore } from './session-store.js';
export { createRedisSessionStore } from './redis-session-store.js';
export type { RedisSessionStoreOptions } from './redis-session-store.js';
