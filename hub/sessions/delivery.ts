/**
 * Delivery of an approved session (D2, D4, D5, E1): read the register, keep only the requested
 * claims, derive the computed ones, sign the presentation, keep it sealed in the store for the
 * display window only, and push it to the verifier's screen.
 */
import type { EndReason, SessionData } from '../../contracts/index.js';
import { RegisterUnavailableError } from '../../adapters/registers/index.js';
import { HubError } from '../errors.js';
import type { HubContext } from '../context.js';
import { seal } from '../security/crypto.js';
import { requesterAllowed } from './callers.js';
import { presentClaims, registerAsks } from './claims.js';
import { signPresentation } from './presentation.js';
import { keys, transition } from './session-engine.js';
import type { Session } from './session.js';
import { queueWebhook } from '../webhooks/webhook-events.js';

/**
 * Delivers an `approved` session for the citizen `pesel`. On a register outage or a verifier
 * suspended meanwhile, the session fails and the error is rethrown for the caller's ack.
 * `since` (`performance.now()` when the approval arrived) times approve→data for the metrics.
 */
export async function deliver(
  ctx: HubContext,
  approved: Session,
  pesel: string,
  since = performance.now(),
): Promise<Session> {
  if (!(await requesterAllowed(ctx, approved.verifier))) {
    await failQuietly(ctx, approved.id, 'verifier_suspended');
    throw new HubError('forbidden', 'the verifier is no longer active');
  }
  let documents;
  try {
    documents = await ctx.registers.readDocuments(pesel, registerAsks(approved.request));
  } catch (error) {
    await failQuietly(ctx, approved.id, 'register_unavailable');
    if (error instanceof RegisterUnavailableError) {
      throw new HubError('register_unavailable', 'the register is not available; try again later', {
        cause: error,
      });
    }
    throw error;
  }
  const now = ctx.clock.now();
  const displayUntil = Math.min(now + approved.displaySeconds * 1000, approved.expiresAt);
  if (displayUntil <= now) {
    await failQuietly(ctx, approved.id, 'timed_out');
    throw new HubError('expired', 'the session reached its time limit before delivery');
  }
  const claims = presentClaims(approved.request, documents, pesel, now);
  const presentation = await signPresentation(ctx.keys.signing, {
    issuer: ctx.config.publicUrl,
    verifierId: approved.verifier.id,
    sessionId: approved.id,
    nonce: approved.nonce,
    claims,
    issuedAt: now,
    displayUntil,
  });
  const data: SessionData = {
    sessionId: approved.id,
    presentation,
    claims,
    displayUntil: new Date(displayUntil).toISOString(),
  };
  const blobKey = keys.presentation(approved.id);
  await ctx.sessions.putBlob(
    blobKey,
    seal(ctx.keys.sealKey, JSON.stringify(data)),
    displayUntil - now,
  );
  let delivered: Session;
  try {
    delivered = await transition(ctx, approved.id, 'deliver', { patch: () => ({ displayUntil }) });
  } catch (error) {
    await ctx.sessions.deleteBlob(blobKey);
    throw error;
  }
  ctx.notify.data(approved.id, data);
  ctx.metrics.dataSent(approved.flow, since);
  // After the clerk's screen has the data: the backend's event never delays it.
  await queueWebhook(ctx, delivered, 'session.delivered');
  return delivered;
}

/** Ends a session as failed, ignoring the race where it already ended another way. */
export async function failQuietly(
  ctx: HubContext,
  sessionId: string,
  reason: EndReason,
): Promise<void> {
  try {
    await transition(ctx, sessionId, 'fail', { reason });
  } catch (error) {
    if (!(error instanceof HubError)) throw error;
  }
}
