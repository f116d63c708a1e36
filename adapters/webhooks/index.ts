/**
 * The webhook outbox adapters: the interface every hub node talks to and its implementations
 * (in-memory, Redis). Named exports only, so the public surface is visible here.
 */
export { createMemoryWebhookOutbox } from './memory-webhook-outbox.js';
export { createRedisWebhookOutbox } from './redis-webhook-outbox.js';
export type { RedisWebhookOutboxOptions } from './redis-webhook-outbox.js';
export type { ClaimedDelivery, WebhookDelivery, WebhookOutbox } from './webhook-outbox.js';
