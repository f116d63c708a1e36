/**
 * The in-memory webhook outbox, the embedded default (PRODUCT X4): one process, the same
 * contract as the Redis outbox. Every method runs to completion without awaiting, which is what
 * makes a claim atomic here.
 */
import { randomBytes } from 'node:crypto';
import type { ClaimedDelivery, WebhookDelivery, WebhookOutbox } from './webhook-outbox.js';

interface Entry {
  delivery: WebhookDelivery;
  dueAt: number;
  lease: string | null;
}

/** Creates the in-memory webhook outbox. */
export function createMemoryWebhookOutbox(): WebhookOutbox {
  const entries = new Map<string, Entry>();
  const held = (eventId: string, lease: string): Entry | undefined => {
    const entry = entries.get(eventId);
    return entry?.lease === lease ? entry : undefined;
  };
  return {
    async enqueue(delivery, dueAt) {
      if (entries.has(delivery.eventId)) return false;
      entries.set(delivery.eventId, { delivery: { ...delivery, attempts: 0 }, dueAt, lease: null });
      return true;
    },
    async claimDue(now, limit, leaseMs) {
      const due = [...entries.values()]
        .filter((entry) => entry.dueAt <= now)
        .sort((a, b) => a.dueAt - b.dueAt || (a.delivery.eventId < b.delivery.eventId ? -1 : 1))
        .slice(0, Math.max(0, limit));
      return due.map((entry): ClaimedDelivery => {
        entry.lease = randomBytes(12).toString('base64url');
        entry.dueAt = now + leaseMs;
        return { ...entry.delivery, lease: entry.lease };
      });
    },
    async complete(eventId, lease) {
      if (!held(eventId, lease)) return false;
      entries.delete(eventId);
      return true;
    },
    async reschedule(eventId, lease, dueAt, countAttempt) {
      const entry = held(eventId, lease);
      if (!entry) return false;
      if (countAttempt) entry.delivery.attempts += 1;
      entry.lease = null;
      entry.dueAt = dueAt;
      return true;
    },
    async size() {
      return entries.size;
    },
    async close() {},
  };
}
