/**
 * Turning session changes into webhook events (§6 webhooks): `session.delivered` when the data
 * reached the clerk's screen, `session.ended` when the session reached a terminal state. An
 * event holds ids and states only — never a claim value, a PESEL or a code — and its id is
 * derived from the session and the kind of event, so the same change can never be queued twice.
 * Queuing is one write to the outbox; the POST happens later, on whichever node claims it, so no
 * caller ever waits for a verifier's server.
 */
import { isTerminal, type WebhookEvent, type WebhookEventType } from '../../contracts/index.js';
import type { HubContext } from '../context.js';
import { sha256Hex } from '../security/crypto.js';
import type { Session } from '../sessions/session.js';

/** The event id of `type` for a session: stable, so a retried enqueue is a no-op. */
export function webhookEventId(sessionId: string, type: WebhookEventType): string {
  return `evt_${sha256Hex(`${type}:${sessionId}`).slice(0, 32)}`;
}

/** The event a session change makes. */
export function webhookEvent(session: Session, type: WebhookEventType, now: number): WebhookEvent {
  const event: WebhookEvent = {
    id: webhookEventId(session.id, type),
    type,
    createdAt: new Date(now).toISOString(),
    data: {
      sessionId: session.id,
      verifierId: session.verifier.id,
      flow: session.flow,
      state: session.state,
    },
  };
  if (type === 'session.ended' && session.endReason) event.data.reason = session.endReason;
  if (session.reference !== undefined) event.data.reference = session.reference;
  if (type === 'session.delivered' && session.displayUntil) {
    event.data.displayUntil = new Date(session.displayUntil).toISOString();
  }
  return event;
}

/**
 * Queues the event for the session's verifier, if it has a webhook. Citizens verifying citizens
 * (F4) have no backend. Failures are logged, never thrown: a lost event must not undo a session.
 */
export async function queueWebhook(
  ctx: HubContext,
  session: Session,
  type: WebhookEventType,
): Promise<void> {
  if (session.verifier.kind === 'citizen') return;
  if (type === 'session.ended' && !isTerminal(session.state)) return;
  try {
    const verifier = await ctx.records.verifiers.get(session.verifier.id);
    if (!verifier?.webhook) return;
    const now = ctx.clock.now();
    const event = webhookEvent(session, type, now);
    await ctx.webhooks.enqueue(
      { eventId: event.id, verifierId: verifier.id, body: JSON.stringify(event), createdAt: now },
      now,
    );
  } catch (error) {
    ctx.logger.error({ err: error, sessionId: session.id, type }, 'webhook event not queued');
  }
}
