/**
 * Posts queued webhook events (§6 webhooks). Every node polls the shared outbox, claims due
 * events (a lease: one sender at a time cluster-wide), signs each POST afresh with the verifier's
 * current secret(s) (`mdok-signature: t=…,v1=…`, HMAC-SHA256 over `<t>.<body>`), and gives each a
 * time limit. A 2xx answer completes the event; anything else — an error status, a refused
 * connection, a timeout — reschedules it with exponential back-off (base × 2^attempt, capped,
 * with jitter) until the attempts run out, then the event is given up and logged. Redirects are
 * not followed. Each node keeps at most `webhookConcurrencyPerVerifier` POSTs in flight per
 * verifier, so one slow receiver cannot take every sender. Nothing here runs on a request's
 * path: sessions only enqueue (webhook-events.ts).
 */
import {
  WEBHOOK_EVENT_ID_HEADER,
  WEBHOOK_SIGNATURE_HEADER,
  formatWebhookSignature,
} from '../../contracts/index.js';
import type { ClaimedDelivery } from '../../adapters/webhooks/index.js';
import type { HubContext } from '../context.js';
import { signingSecrets, webhookSignature } from './webhook-secrets.js';

/** POSTs one node keeps in flight over all verifiers. */
const MAX_IN_FLIGHT = 64;

/** A running sender. */
export interface WebhookSender {
  /** Runs one pass now and waits for its POSTs (tests). */
  flush(): Promise<void>;
  /** Stops polling and waits for the POSTs in flight. */
  stop(): Promise<void>;
}

/** The delay before attempt `attempts + 1` (after `attempts` failures), with ±20 % jitter. */
export function retryDelayMs(
  config: { webhookRetryBaseMs: number; webhookRetryMaxMs: number },
  attempts: number,
): number {
  const plain = Math.min(
    config.webhookRetryMaxMs,
    config.webhookRetryBaseMs * 2 ** Math.max(0, attempts - 1),
  );
  return Math.round(plain * (0.8 + Math.random() * 0.4));
}

/** Starts polling every `config.webhookPollIntervalMs`. */
export function startWebhookSender(ctx: HubContext): WebhookSender {
  const { config } = ctx;
  const leaseMs = config.webhookTimeoutMs * 2 + 1_000;
  const inFlight = new Set<Promise<void>>();
  const perVerifier = new Map<string, number>();
  let pass: Promise<void> | null = null;
  let stopped = false;

  const post = async (delivery: ClaimedDelivery): Promise<void> => {
    const verifier = await ctx.records.verifiers.get(delivery.verifierId);
    if (!verifier?.webhook) {
      // The verifier removed its webhook (or is gone): nobody is listening any more.
      await ctx.webhooks.complete(delivery.eventId, delivery.lease);
      ctx.logger.info({ eventId: delivery.eventId }, 'webhook dropped: no endpoint');
      return;
    }
    const now = ctx.clock.now();
    const timestamp = Math.floor(now / 1000);
    const signatures = signingSecrets(ctx, verifier.webhook, now).map((secret) =>
      webhookSignature(secret, timestamp, delivery.body),
    );
    let failure: string | null = null;
    try {
      const res = await fetch(verifier.webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'mdok-hub-webhooks/1',
          [WEBHOOK_SIGNATURE_HEADER]: formatWebhookSignature(timestamp, signatures),
          [WEBHOOK_EVENT_ID_HEADER]: delivery.eventId,
        },
        body: delivery.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(config.webhookTimeoutMs),
      });
      await res.body?.cancel().catch(() => {});
      if (res.status < 200 || res.status > 299) failure = `status ${res.status}`;
    } catch (error) {
      failure = (error as Error).name === 'TimeoutError' ? 'timeout' : 'unreachable';
    }
    const attempts = delivery.attempts + 1;
    if (failure === null) {
      await ctx.webhooks.complete(delivery.eventId, delivery.lease);
      ctx.logger.info(
        { eventId: delivery.eventId, verifierId: delivery.verifierId, attempts },
        'webhook delivered',
      );
    } else if (attempts >= config.webhookMaxAttempts) {
      await ctx.webhooks.complete(delivery.eventId, delivery.lease);
      ctx.logger.warn(
        { eventId: delivery.eventId, verifierId: delivery.verifierId, attempts, failure },
        'webhook given up',
      );
    } else {
      const dueAt = ctx.clock.now() + retryDelayMs(config, attempts);
      await ctx.webhooks.reschedule(delivery.eventId, delivery.lease, dueAt, true);
      ctx.logger.info(
        { eventId: delivery.eventId, verifierId: delivery.verifierId, attempts, failure },
        'webhook failed; will retry',
      );
    }
  };

  const start = (delivery: ClaimedDelivery): void => {
    const count = perVerifier.get(delivery.verifierId) ?? 0;
    perVerifier.set(delivery.verifierId, count + 1);
    const running = post(delivery)
      .catch((error: unknown) =>
        ctx.logger.error({ err: error, eventId: delivery.eventId }, 'webhook send failed'),
      )
      .finally(() => {
        inFlight.delete(running);
        const left = (perVerifier.get(delivery.verifierId) ?? 1) - 1;
        if (left > 0) perVerifier.set(delivery.verifierId, left);
        else perVerifier.delete(delivery.verifierId);
      });
    inFlight.add(running);
  };

  const sweep = async (): Promise<void> => {
    const room = MAX_IN_FLIGHT - inFlight.size;
    if (room <= 0 || stopped) return;
    const now = ctx.clock.now();
    for (const delivery of await ctx.webhooks.claimDue(now, room, leaseMs)) {
      if ((perVerifier.get(delivery.verifierId) ?? 0) >= config.webhookConcurrencyPerVerifier) {
        // This node is busy with the verifier: let it (or another node) take the event soon.
        await ctx.webhooks.reschedule(
          delivery.eventId,
          delivery.lease,
          now + config.webhookPollIntervalMs,
          false,
        );
        continue;
      }
      start(delivery);
    }
  };

  const tick = () => {
    if (pass || stopped) return;
    pass = sweep()
      .catch((error: unknown) => ctx.logger.error({ err: error }, 'webhook pass failed'))
      .finally(() => {
        pass = null;
      });
  };
  const timer = setInterval(tick, config.webhookPollIntervalMs);
  timer.unref();

  return {
    async flush() {
      if (pass) await pass;
      await sweep();
      await Promise.all([...inFlight]);
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (pass) await pass;
      await Promise.all([...inFlight]);
    },
  };
}
