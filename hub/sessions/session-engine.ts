/**
 * The one way a session changes: read, decide, compare-and-set, then tell everyone (S1). Also
 * owns what follows a transition — deadlines and time-to-live (S3), freeing the pairing code and
 * the citizen's pending slot (P2, S4), the audit event (H1), and the events both sides get (S5).
 */
import { isTerminal, type EndReason, type SessionState } from '../../contracts/index.js';
import { HubError } from '../errors.js';
import type { HubContext } from '../context.js';
import { claimNames } from './claims.js';
import { stateEvent } from './notifier.js';
import type { Session } from './session.js';
import { nextState, type SessionAction } from './state-machine.js';
import { queueWebhook } from '../webhooks/webhook-events.js';

/** Store keys of a session's short-lived indexes. */
export const keys = {
  pairingCode: (code: string) => `pairing:code:${code}`,
  pairingId: (id: string) => `pairing:qr:${id}`,
  subject: (citizenRef: string) => `subject:${citizenRef}`,
  presentation: (sessionId: string) => `presentation:${sessionId}`,
  attemptsOfSession: (sessionId: string) => `attempts:session:${sessionId}`,
  attemptsOfCitizen: (citizenRef: string) => `attempts:citizen:${citizenRef}`,
} as const;

const MAX_CAS_RETRIES = 8;

/** When a session in its (new) state must be looked at again, or null when never. */
export function deadlineOf(session: Session, ctx: HubContext): number | null {
  const { config } = ctx;
  switch (session.state) {
    case 'awaiting_citizen':
      return Math.min(session.createdAt + config.pairingWindowMs, session.expiresAt);
    case 'awaiting_approval':
      return Math.min(session.stateAt + config.approvalWindowMs, session.expiresAt);
    case 'approved':
      return Math.min(session.stateAt + config.deliveryTimeoutMs, session.expiresAt);
    case 'delivered':
      return session.displayUntil ?? session.stateAt;
    default:
      return null;
  }
}

/** How long the store keeps the record: its next deadline (or now) plus the retention. */
export function ttlOf(session: Session, now: number, ctx: HubContext): number {
  const until = Math.max(session.deadlineAt ?? now, session.expiresAt, now);
  return until - now + ctx.config.endedRetentionMs;
}

/** The error for acting on a session in a state that does not allow it. */
export function wrongState(session: Session): HubError {
  if (session.state === 'expired') return new HubError('expired', 'the session has expired');
  if (isTerminal(session.state) || session.state === 'delivered') {
    return new HubError('gone', `the session has ended (${session.state})`);
  }
  return new HubError('conflict', `the session is ${session.state}`);
}

/** Reads a session or throws `not_found`. */
export async function loadSession(ctx: HubContext, id: string): Promise<Session> {
  const session = await ctx.sessions.get(id);
  if (!session) throw new HubError('not_found', 'no such session');
  return session;
}

/**
 * Applies `change` to the current session with compare-and-set, retrying on lost races.
 * `change` sees the fresh record each time and returns the next one (or throws).
 */
export async function mutate(
  ctx: HubContext,
  id: string,
  change: (session: Session) => Session,
): Promise<{ before: Session; after: Session }> {
  for (let attempt = 0; attempt < MAX_CAS_RETRIES; attempt++) {
    const before = await loadSession(ctx, id);
    const now = ctx.clock.now();
    const changed = change(before);
    const after: Session = { ...changed, version: before.version + 1 };
    after.deadlineAt = deadlineOf(after, ctx);
    if (await ctx.sessions.compareAndSet(after, before.version, ttlOf(after, now, ctx))) {
      return { before, after };
    }
  }
  throw new HubError('conflict', 'the session changed concurrently; try again');
}

/** Options of one transition. */
export interface TransitionOptions {
  /** Extra checks on the fresh record; throw a HubError to refuse. */
  guard?: (session: Session) => void;
  /** Fields to set along with the new state. */
  patch?: (session: Session) => Partial<Session>;
  /** Why the session ends, for failed sessions and notifications. */
  reason?: EndReason;
  /** The citizen socket that caused it (spared the `request:withdrawn` echo). */
  actorSocketId?: string;
}

/** Moves a session by `action` (S1) and runs everything that follows. */
export async function transition(
  ctx: HubContext,
  id: string,
  action: SessionAction,
  options: TransitionOptions = {},
): Promise<Session> {
  const { before, after } = await mutate(ctx, id, (session) => {
    options.guard?.(session);
    const to = nextState(session.state, action);
    if (!to) throw wrongState(session);
    // Windows hold at the moment of acting, not only when the reaper next looks (S3).
    const late = session.deadlineAt !== null && ctx.clock.now() >= session.deadlineAt;
    if (late && (action === 'join' || action === 'target' || action === 'approve')) {
      throw new HubError('expired', 'the time for this step is over');
    }
    const next: Session = {
      ...session,
      ...options.patch?.(session),
      state: to,
      stateAt: ctx.clock.now(),
    };
    const reason = options.reason ?? defaultReason(to);
    if (reason) next.endReason = reason;
    return next;
  });
  await afterTransition(ctx, before, after, options);
  return after;
}

function defaultReason(state: SessionState): EndReason | undefined {
  switch (state) {
    case 'delivered':
    case 'expired':
    case 'rejected':
    case 'cancelled':
    case 'timed_out':
    case 'failed':
      return state;
    default:
      return undefined;
  }
}

async function afterTransition(
  ctx: HubContext,
  before: Session,
  after: Session,
  options: TransitionOptions,
): Promise<void> {
  const now = ctx.clock.now();
  const ended = isTerminal(after.state);
  // Both sides hear first: nothing below may keep them waiting (S5).
  ctx.notify.state(stateEvent(after, now));
  if (after.state === 'approved' && after.citizenRef && options.actorSocketId) {
    // The citizen's other devices drop the request another device just answered.
    ctx.notify.withdrawn(
      after.citizenRef,
      { sessionId: after.id, reason: 'answered' },
      options.actorSocketId,
    );
  }
  const reason = (after.endReason ?? after.state) as EndReason;
  if (ended) {
    ctx.notify.ended(after.id, reason);
    ctx.metrics.sessionEnded(after.flow, after.state, reason);
    if (after.citizenRef && before.state !== 'delivered') {
      const citizenReason: EndReason = after.state === 'rejected' ? 'answered' : reason;
      ctx.notify.withdrawn(
        after.citizenRef,
        { sessionId: after.id, reason: citizenReason },
        options.actorSocketId,
      );
    }
    ctx.logger.info(
      { sessionId: after.id, flow: after.flow, state: after.state, reason },
      'session ended',
    );
  }
  // Housekeeping: indexes expire by themselves if a store is down now; the audit event is the
  // one thing that must not vanish silently, so its failure is logged loudly.
  const steps: Array<[string, () => Promise<unknown>]> = [];
  if (before.state === 'awaiting_citizen' && after.state !== 'awaiting_citizen') {
    steps.push(['release pairing', () => releasePairing(ctx, after)]);
  }
  if (after.state === 'delivered' || (ended && before.state !== 'delivered')) {
    const citizenRef = after.citizenRef;
    if (citizenRef) {
      steps.push([
        'release subject',
        () => ctx.sessions.releaseKey(keys.subject(citizenRef), after.id),
      ]);
    }
    steps.push(['audit', () => writeAudit(ctx, after, now)]);
  }
  if (after.state === 'expired') {
    steps.push(['wipe presentation', () => ctx.sessions.deleteBlob(keys.presentation(after.id))]);
  }
  if (ended) steps.push(['webhook', () => queueWebhook(ctx, after, 'session.ended')]);
  for (const [what, step] of steps) {
    try {
      await step();
    } catch (error) {
      ctx.logger.error({ err: error, sessionId: after.id, step: what }, `${what} failed`);
    }
  }
}

async function releasePairing(ctx: HubContext, session: Session): Promise<void> {
  if (session.pairingCode) {
    await ctx.sessions.releaseKey(keys.pairingCode(session.pairingCode), session.id);
  }
  if (session.pairingId)
    await ctx.sessions.releaseKey(keys.pairingId(session.pairingId), session.id);
}

async function writeAudit(ctx: HubContext, session: Session, now: number): Promise<void> {
  const { verifier } = session;
  await ctx.records.audit.append({
    at: new Date(now).toISOString(),
    sessionId: session.id,
    verifierId: verifier.id,
    // A peer (F4) is a citizen: their name is personal data and stays out of the log; the
    // history shows such a requester by kind.
    verifierName: verifier.kind === 'citizen' ? '' : verifier.name,
    verifierKind: verifier.kind,
    ...(verifier.branch === undefined ? {} : { verifierBranch: verifier.branch }),
    flow: session.flow,
    ...(session.citizenRef === undefined ? {} : { citizenRef: session.citizenRef }),
    claims: claimNames(session.request),
    outcome: session.state,
    node: ctx.config.nodeId,
    ...(session.legalBasis === undefined ? {} : { legalBasis: session.legalBasis }),
  });
}
