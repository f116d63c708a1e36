/**
 * Webhook endpoints and secrets (§6 webhooks): which URLs a verifier may register (`https://`;
 * plain `http://` only to the loopback interface, and only in dev mode, for local development and
 * tests), minting a secret (shown once, kept sealed under a key derived from `HUB_SECRET`), and
 * the secrets that sign a POST now — the current one, and after a rotation the previous one too
 * until its overlap ends, so a receiver can switch secrets without losing an event.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { WebhookRecord } from '../../adapters/records/index.js';
import { webhookSignedPayload } from '../../contracts/index.js';
import { HubError } from '../errors.js';
import type { HubContext } from '../context.js';
import { seal, unseal } from '../security/crypto.js';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Refuses a URL the hub will not post to (`invalid_request`). */
export function assertWebhookUrl(ctx: HubContext, url: string): void {
  const parsed = new URL(url);
  if (parsed.protocol === 'https:') return;
  if (parsed.protocol === 'http:' && ctx.config.devMode && LOOPBACK_HOSTS.has(parsed.hostname)) {
    return;
  }
  throw new HubError('invalid_request', 'a webhook URL must be https://', {
    issues: [
      {
        path: 'webhook.url',
        message: 'https:// only (http://127.0.0.1 and http://localhost in dev mode)',
      },
    ],
  });
}

/** A fresh webhook secret: `whsec_` and 32 random bytes, base64url. */
export function mintWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** The record of a new webhook (or of a rotation, when `previous` is given). */
export function webhookRecord(
  ctx: HubContext,
  url: string,
  secret: string,
  previous?: WebhookRecord,
): WebhookRecord {
  const now = ctx.clock.now();
  const record: WebhookRecord = {
    url,
    secretSealed: seal(ctx.keys.sealKey, secret),
    secretCreatedAt: new Date(now).toISOString(),
  };
  if (previous && ctx.config.webhookSecretOverlapMs > 0) {
    record.previousSecretSealed = previous.secretSealed;
    record.previousSecretUntil = new Date(now + ctx.config.webhookSecretOverlapMs).toISOString();
  }
  return record;
}

/** The secrets that sign a POST at `now`: the current one first. */
export function signingSecrets(ctx: HubContext, webhook: WebhookRecord, now: number): string[] {
  const secrets = [unseal(ctx.keys.sealKey, webhook.secretSealed)];
  if (
    webhook.previousSecretSealed &&
    webhook.previousSecretUntil &&
    Date.parse(webhook.previousSecretUntil) > now
  ) {
    secrets.push(unseal(ctx.keys.sealKey, webhook.previousSecretSealed));
  }
  return secrets;
}

/** HMAC-SHA256 of `<timestamp>.<body>` under `secret`, hex. */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(webhookSignedPayload(timestamp, body)).digest('hex');
}
