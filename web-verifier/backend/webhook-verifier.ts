/**
 * Checking a webhook POST on the verifier's backend (§6 webhooks): the `mdok-signature` header
 * must carry a timestamp within the replay window of this machine's clock and at least one `v1`
 * HMAC-SHA256 (over `<timestamp>.<raw body>`, under one of the given secrets — two while a
 * rotation overlaps) that matches, compared in constant time; only then is the body parsed as a
 * `WebhookEvent`. Verify the *raw* body, byte for byte, before any JSON parsing.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  WEBHOOK_TOLERANCE_SECONDS,
  WebhookEvent,
  parseWebhookSignature,
  webhookSignedPayload,
} from '../../contracts/index.js';

/** Why a webhook POST was refused. */
export class WebhookVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookVerificationError';
  }
}

/** What a webhook POST is checked with. */
export interface WebhookCheck {
  /** The raw request body, exactly as received. */
  body: string | Uint8Array;
  /** The `mdok-signature` header. */
  signature: string | null | undefined;
  /** The webhook secret(s) (`whsec_…`); give the old and the new one while rotating. */
  secrets: string | readonly string[];
  /** Seconds of difference from this clock accepted. Default 300 (the contract's). */
  toleranceSeconds?: number;
  /** This machine's time, epoch ms. Default `Date.now()`. */
  now?: number;
}

/** Checks the signature and answers the parsed event; throws `WebhookVerificationError`. */
export function verifyWebhook(check: WebhookCheck): WebhookEvent {
  const body =
    typeof check.body === 'string' ? check.body : Buffer.from(check.body).toString('utf8');
  const parsed = check.signature ? parseWebhookSignature(check.signature) : null;
  if (!parsed) throw new WebhookVerificationError('no valid mdok-signature header');
  const now = Math.floor((check.now ?? Date.now()) / 1000);
  const tolerance = check.toleranceSeconds ?? WEBHOOK_TOLERANCE_SECONDS;
  if (Math.abs(now - parsed.timestamp) > tolerance) {
    throw new WebhookVerificationError('the signature timestamp is outside the replay window');
  }
  const secrets = typeof check.secrets === 'string' ? [check.secrets] : check.secrets;
  const payload = webhookSignedPayload(parsed.timestamp, body);
  const matches = secrets.some((secret) => {
    const expected = createHmac('sha256', secret).update(payload).digest();
    return parsed.signatures.some((candidate) => {
      const given = Buffer.from(candidate, 'hex');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
  });
  if (!matches) throw new WebhookVerificationError('no signature matches the secret');
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new WebhookVerificationError('the body is not JSON');
  }
  const event = WebhookEvent.safeParse(json);
  if (!event.success) throw new WebhookVerificationError('the body is not a webhook event');
  return event.data;
}
