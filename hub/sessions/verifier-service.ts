/**
 * What a verifier can do to its sessions, from its backend (HTTP) or its widget (socket):
 * create (F1, F2, F3, F5), read the state, find its sessions by its reference, cancel (S5),
 * fetch the result once (E2, E3: the signed outcome, and raw claims only with `retain: true`),
 * submit the SMS code (F3) and name the citizen (F2/F3 `subject:push`).
 */
import type {
  CreateSessionBody,
  CreateSessionResponse,
  SessionData,
  SessionStatusResponse,
  Subject,
  SessionListResponse,
  SessionResult,
} from '../../contracts/index.js';
import type { VerifierRecord } from '../../adapters/records/index.js';
import { HubError } from '../errors.js';
import type { HubContext } from '../context.js';
import { keyedHash, randomDigits, seal, unseal } from '../security/crypto.js';
import { policyViolations } from './claims.js';
import { checkCode, sameSecret } from './code-check.js';
import { targetSubject } from './targeting.js';
import { deliver, failQuietly } from './delivery.js';
import { traitsOf } from './flow-traits.js';
import { outcomeDocuments, signOutcome } from './presentation.js';
import { createPairing, insertSession, newSession } from './session-factory.js';
import { keys, loadSession, mutate, transition, wrongState } from './session-engine.js';
import type { RequesterSnapshot, Session } from './session.js';
import { citizenRefOf, resolveRegistered } from './subjects.js';
import { isCancellable } from './state-machine.js';

/** The snapshot of a verifier institution the session keeps (D1). */
export function snapshotOf(verifier: VerifierRecord): RequesterSnapshot {
  return {
    id: verifier.id,
    name: verifier.name,
    kind: verifier.kind,
    ...(verifier.branch === undefined ? {} : { branch: verifier.branch }),
    verified: verifier.status === 'active',
    origins: verifier.origins,
  };
}

/** Checks the request against the verifier's registration (D3) and returns the display window. */
function authorise(verifier: VerifierRecord, body: CreateSessionBody): number {
  if (!verifier.flows.includes(body.flow)) {
    throw new HubError('forbidden', `this verifier may not use the ${body.flow} flow`);
  }
  const issues = policyViolations(body.request, verifier.claims);
  if (issues.length > 0) {
    throw new HubError('forbidden', 'the request asks for claims this verifier may not ask for', {
      issues,
    });
  }
  if (body.request.retain && !verifier.retain) {
    throw new HubError('forbidden', 'this verifier may not retain data');
  }
  const displaySeconds = body.displaySeconds ?? verifier.displaySeconds;
  if (displaySeconds > verifier.displaySeconds) {
    throw new HubError(
      'forbidden',
      `display window above this verifier's ${verifier.displaySeconds} s`,
    );
  }
  return displaySeconds;
}

/** `POST /v1/sessions`. */
export async function createSession(
  ctx: HubContext,
  verifier: VerifierRecord,
  body: CreateSessionBody,
): Promise<CreateSessionResponse> {
  const displaySeconds = authorise(verifier, body);
  await ctx.limiter.hit('session_create', verifier.id);
  const traits = traitsOf(body.flow);
  if (traits.approval === 'none') await ctx.limiter.hit('privileged', verifier.id);
  let session = newSession(ctx, {
    flow: body.flow,
    verifier: snapshotOf(verifier),
    request: body.request,
    displaySeconds,
    nonce: body.nonce,
    reference: body.reference,
    legalBasis: body.legalBasis,
  });
  if (traits.pairing) session = { ...session, ...createPairing() };
  if (traits.matchNumber) session.matchNumber = randomDigits(2);

  if (body.reference !== undefined) await indexReference(ctx, session, body.reference);
  if (traits.approval === 'none') {
    session = await startPrivileged(ctx, session, body.subject!);
  } else {
    session = await insertSession(ctx, session);
    if (body.subject) {
      try {
        session = await targetSubject(ctx, session.id, body.subject);
      } catch (error) {
        // The backend gets an error and no session id: end the session rather than orphan it.
        await failQuietly(ctx, session.id, 'failed');
        throw error;
      }
    }
  }
  const { token } = await ctx.tokens.widget({ sessionId: session.id, verifierId: verifier.id });
  const response: CreateSessionResponse = {
    sessionId: session.id,
    state: session.state,
    expiresAt: new Date(session.deadlineAt ?? session.expiresAt).toISOString(),
    widgetToken: token,
  };
  if (session.pairingCode) response.code = session.pairingCode;
  if (session.matchNumber) response.matchNumber = session.matchNumber;
  return response;
}

/** The keyed hash a verifier's reference is stored and found by (never the reference). */
function referenceHash(ctx: HubContext, verifierId: string, reference: string): string {
  return keyedHash(ctx.keys.refKey, `session-reference:${verifierId}:${reference}`);
}

/**
 * Lets `GET /v1/sessions?reference=…` find the session for as long as its state is kept: the
 * hard cap plus the retention of ended sessions.
 */
async function indexReference(ctx: HubContext, session: Session, reference: string) {
  await ctx.records.references.add({
    sessionId: session.id,
    verifierId: session.verifier.id,
    referenceHash: referenceHash(ctx, session.verifier.id, reference),
    createdAt: new Date(session.createdAt).toISOString(),
    expiresAt: new Date(session.expiresAt + ctx.config.endedRetentionMs).toISOString(),
  });
}

/** `GET /v1/sessions?reference=…`: the verifier's own sessions with that reference, newest first. */
export async function sessionsByReference(
  ctx: HubContext,
  verifierId: string,
  reference: string,
  limit: number,
): Promise<SessionListResponse> {
  const entries = await ctx.records.references.find({
    verifierId,
    referenceHash: referenceHash(ctx, verifierId, reference),
    now: new Date(ctx.clock.now()).toISOString(),
    limit,
  });
  const sessions: SessionStatusResponse[] = [];
  for (const entry of entries) {
    try {
      sessions.push(await sessionStatus(ctx, verifierId, entry.sessionId));
    } catch (error) {
      // Its state is gone already (or it never got past creation): nothing to show.
      if (!(error instanceof HubError) || error.code !== 'not_found') throw error;
    }
  }
  return { sessions };
}

/** F5 (A6): no approval; the register is read at once and the session delivered. */
async function startPrivileged(
  ctx: HubContext,
  draft: Session,
  subject: Subject,
): Promise<Session> {
  const person = await resolveRegistered(ctx, subject);
  const session: Session = {
    ...draft,
    state: 'approved',
    citizenRef: citizenRefOf(ctx, person.pesel),
    subjectSealed: seal(ctx.keys.sealKey, person.pesel),
  };
  const stored = await insertSession(ctx, session);
  ctx.logger.info({ sessionId: stored.id, verifierId: stored.verifier.id }, 'privileged lookup');
  return deliver(ctx, stored, person.pesel);
}

/** Reads a session and checks that it belongs to `verifierId` (others see `not_found`). */
async function ownSession(
  ctx: HubContext,
  verifierId: string,
  sessionId: string,
): Promise<Session> {
  const session = await loadSession(ctx, sessionId);
  if (session.verifier.id !== verifierId) throw new HubError('not_found', 'no such session');
  return session;
}

/** `GET /v1/sessions/:id`: state only, never claims. */
export async function sessionStatus(
  ctx: HubContext,
  verifierId: string,
  sessionId: string,
): Promise<SessionStatusResponse> {
  const s = await ownSession(ctx, verifierId, sessionId);
  const status: SessionStatusResponse = {
    sessionId: s.id,
    flow: s.flow,
    state: s.state,
    createdAt: new Date(s.createdAt).toISOString(),
    expiresAt: new Date(s.deadlineAt ?? s.stateAt).toISOString(),
  };
  if (s.displayUntil) status.displayUntil = new Date(s.displayUntil).toISOString();
  if (s.endReason && s.state !== 'approved') status.endReason = s.endReason;
  if (s.reference) status.reference = s.reference;
  return status;
}

/** Cancel by the verifier (S5), from `DELETE /v1/sessions/:id` or `session:cancel`. */
export async function cancelSession(
  ctx: HubContext,
  verifierId: string,
  sessionId: string,
): Promise<Session> {
  const session = await ownSession(ctx, verifierId, sessionId);
  if (!isCancellable(session.state)) throw wrongState(session);
  return transition(ctx, sessionId, 'cancel');
}

/**
 * `GET /v1/sessions/:id/result`, once, inside the display window (E2, E3): always the signed
 * outcome (statuses and derived claims); the presentation with the raw claims only when the
 * request had `retain: true` — which the citizen was shown and approved, and which only a
 * verifier permitted to retain may ask for.
 */
export async function takeResult(
  ctx: HubContext,
  verifierId: string,
  sessionId: string,
): Promise<SessionResult> {
  const session = await ownSession(ctx, verifierId, sessionId);
  const now = ctx.clock.now();
  if (session.state === 'expired' || (session.displayUntil && now >= session.displayUntil)) {
    throw new HubError('expired', 'the display window is over');
  }
  if (session.state !== 'delivered') throw wrongState(session);
  await mutate(ctx, sessionId, (current) => {
    if (current.resultFetched) throw new HubError('gone', 'the result was already fetched');
    if (current.state !== 'delivered') throw wrongState(current);
    return { ...current, resultFetched: true };
  });
  const sealed = await ctx.sessions.getBlob(keys.presentation(sessionId));
  if (!sealed) throw new HubError('expired', 'the display window is over');
  const data = JSON.parse(unseal(ctx.keys.sealKey, sealed)) as SessionData;
  const retained = session.request.retain;
  const documents = outcomeDocuments(data.claims);
  const outcome = await signOutcome(ctx.keys.signing, {
    issuer: ctx.config.publicUrl,
    verifierId,
    sessionId,
    nonce: session.nonce,
    reference: session.reference,
    retained,
    documents,
    issuedAt: now,
    expiresAt: Date.parse(data.displayUntil),
  });
  const result: SessionResult = {
    sessionId,
    displayUntil: data.displayUntil,
    retained,
    outcome,
    documents,
  };
  if (retained) {
    result.presentation = data.presentation;
    result.claims = data.claims;
  }
  return result;
}

/** The presentation to replay to a verifier socket inside the display window, or null. */
export async function currentData(ctx: HubContext, session: Session): Promise<SessionData | null> {
  if (session.state !== 'delivered' || !session.displayUntil) return null;
  if (ctx.clock.now() >= session.displayUntil) return null;
  const sealed = await ctx.sessions.getBlob(keys.presentation(session.id));
  return sealed ? (JSON.parse(unseal(ctx.keys.sealKey, sealed)) as SessionData) : null;
}

/** `subject:push` from the widget (F2/F3). */
export async function pushSubject(
  ctx: HubContext,
  verifierId: string,
  sessionId: string,
  subject: Subject,
): Promise<void> {
  await ownSession(ctx, verifierId, sessionId);
  await targetSubject(ctx, sessionId, subject);
}

/**
 * `otp:submit` from the widget (F3): the code the citizen read out approves the request. Wrong
 * codes count against this session and this verifier — never against the citizen, whose own
 * joins and approvals must not be locked by a clerk's typing (or by a hostile verifier).
 */
export async function submitOtp(
  ctx: HubContext,
  verifierId: string,
  sessionId: string,
  code: string,
): Promise<void> {
  const since = performance.now();
  const session = await ownSession(ctx, verifierId, sessionId);
  if (traitsOf(session.flow).approval !== 'sms_code') {
    throw new HubError('conflict', 'not an otp session');
  }
  if (session.state !== 'awaiting_approval' || !session.otpHash) throw wrongState(session);
  await checkCode(ctx, {
    budgets: [
      ['code_session', session.id],
      ['otp_verifier', verifierId],
    ],
    verdict: () =>
      sameSecret(keyedHash(ctx.keys.codeKey, `${session.id}:${code}`), session.otpHash),
    onExhausted: () => failQuietly(ctx, session.id, 'too_many_attempts'),
  });
  const approved = await transition(ctx, session.id, 'approve', {
    guard: (current) => {
      if (current.otpHash !== session.otpHash) throw wrongState(current);
    },
  });
  await deliver(ctx, approved, unseal(ctx.keys.sealKey, session.subjectSealed!), since);
}
