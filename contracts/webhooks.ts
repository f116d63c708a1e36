/**
 * Webhooks (PRODUCT §6): the hub tells a verifier's backend that one of its sessions was
 * delivered or ended, so the backend need not trust its page or poll. An event carries ids and
 * states only, never a claim value. Each POST is signed with HMAC-SHA256 under the verifier's
 * webhook secret over `<timestamp>.<body>` and carries the signature in one header
 * (`mdok-signature: t=<unix seconds>,v1=<hex>[,v1=<hex>]`; two `v1` while a rotated secret's
 * overlap lasts). Receivers refuse a timestamp outside the replay window and deduplicate by the
 * event id: a retried event keeps its id. The format lives here, shared by hub and clients;
 * computing the HMAC needs `node:crypto` and lives with them.
 */
import { z } from 'zod';
import { EndReasonSchema, FlowSchema, SessionStateSchema } from './sessions.js';

/** The events a webhook receives. */
export const webhookEventTypes = ['session.delivered', 'session.ended'] as const;
/** One kind of webhook event. */
export type WebhookEventType = (typeof webhookEventTypes)[number];
/** Webhook event type schema. */
export const WebhookEventTypeSchema = z.enum(webhookEventTypes);

/** The header with the timestamp and signature(s). */
export const WEBHOOK_SIGNATURE_HEADER = 'mdok-signature';
/** The header repeating the event id (for logging and deduplication before parsing the body). */
export const WEBHOOK_EVENT_ID_HEADER = 'mdok-event-id';
/**
 * The replay window: a receiver refuses a signature whose timestamp is further than this from
 * its own clock. Every retry is signed afresh, so an honest delivery is never older.
 */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** What a webhook event says: ids and states, never a claim value. */
export const WebhookEventData = z.strictObject({
  sessionId: z.string(),
  verifierId: z.string(),
  flow: FlowSchema,
  state: SessionStateSchema,
  /** Why it ended (`session.ended`). */
  reason: EndReasonSchema.optional(),
  /** The verifier's own `reference`, when the session was created with one. */
  reference: z.string().optional(),
  /** E1: end of the display window (`session.delivered`). */
  displayUntil: z.string().optional(),
});
/** What a webhook event says. */
export type WebhookEventData = z.infer<typeof WebhookEventData>;

/** The body of a webhook POST. */
export const WebhookEvent = z.strictObject({
  /** Unique per event and kept across retries: deduplicate on it. */
  id: z.string().min(1).max(64),
  type: WebhookEventTypeSchema,
  /** When the event happened (ISO). */
  createdAt: z.string(),
  data: WebhookEventData,
});
/** The body of a webhook POST. */
export type WebhookEvent = z.infer<typeof WebhookEvent>;

/** The string the HMAC is computed over. */
export function webhookSignedPayload(timestamp: number, body: string): string {
  return `${timestamp}.${body}`;
}

/** The signature header for a timestamp and one or more hex HMACs. */
export function formatWebhookSignature(timestamp: number, signatures: readonly string[]): string {
  return [`t=${timestamp}`, ...signatures.map((s) => `v1=${s}`)].join(',');
}

/** A parsed signature header, or null when it is not one. */
export function parseWebhookSignature(
  header: string,
): { timestamp: number; signatures: string[] } | null {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value, ...rest] = part.trim().split('=');
    if (rest.length > 0 || value === undefined) return null;
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  return timestamp === null || signatures.length === 0 ? null : { timestamp, signatures };
}
