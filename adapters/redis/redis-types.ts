/**
 * The Redis client type the Redis adapters take (STYLE: adapters are given their clients, never
 * create them). One alias so the session store, the record store and the hub's wiring agree on
 * the type of a plain `createClient()` client of node-redis.
 */
import type { createClient } from 'redis';

/** A node-redis client as returned by `createClient()`. */
export type RedisClient = ReturnType<typeof createClient>;
