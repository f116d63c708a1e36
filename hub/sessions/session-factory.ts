/**
 * Making new sessions: random ids (S2), pairing material for F1/F4 (P1, P2), and inserting the
 * record together with its pairing indexes.
 */
import { PAIRING_CODE_LENGTH, type Flow, type VerificationRequest } from '../../contracts/index.js';
import { HubError } from '../errors.js';
import type { HubContext } from '../context.js';
import { randomDigits, randomId } from '../security/crypto.js';
import { deadlineOf, keys, ttlOf } from './session-engine.js';
import type { RequesterSnapshot, Session } from './session.js';

/** What a new session is made of. */
export interface NewSessionInput {
  flow: Flow;
  verifier: RequesterSnapshot;
  request: VerificationRequest;
  displaySeconds: number;
  nonce?: string | undefined;
  reference?: string | undefined;
  legalBasis?: string | undefined;
}

/** A new session record in `awaiting_citizen`, not yet stored. */
export function newSession(ctx: HubContext, input: NewSessionInput): Session {
  const now = ctx.clock.now();
  const session: Session = {
    id: randomId(18),
    version: 0,
    deadlineAt: null,
    flow: input.flow,
    state: 'awaiting_citizen',
    verifier: input.verifier,
    request: input.request,
    displaySeconds: input.displaySeconds,
    createdAt: now,
    stateAt: now,
    expiresAt: now + ctx.config.maxSessionMs,
  };
  if (input.nonce !== undefined) session.nonce = input.nonce;
  if (input.reference !== undefined) session.reference = input.reference;
  if (input.legalBasis !== undefined) session.legalBasis = input.legalBasis;
  return session;
}

/** Pairing material of F1/F4: QR id and secret (the code is drawn when inserting). */
export function createPairing(): Pick<Session, 'pairingId' | 'qrSecret'> {
  return { pairingId: randomId(16), qrSecret: randomId(32) };
}

const CODE_DRAWS = 20;

/**
 * Stores a new session. For F1/F4 it first draws a pairing code that no live session uses and
 * indexes the code and the QR id for the pairing window.
 */
export async function insertSession(ctx: HubContext, draft: Session): Promise<Session> {
  const now = ctx.clock.now();
  const session: Session = { ...draft };
  session.deadlineAt = deadlineOf(session, ctx);
  if (session.pairingId) {
    const window = (session.deadlineAt ?? now) - now;
    let code: string | null = null;
    for (let i = 0; i < CODE_DRAWS && code === null; i++) {
      const candidate = randomDigits(PAIRING_CODE_LENGTH);
      if (await ctx.sessions.claimKey(keys.pairingCode(candidate), session.id, window)) {
        code = candidate;
      }
    }
    if (code === null) throw new HubError('internal', 'no free pairing code');
    session.pairingCode = code;
    await ctx.sessions.claimKey(keys.pairingId(session.pairingId), session.id, window);
  }
  if (!(await ctx.sessions.insert(session, ttlOf(session, now, ctx)))) {
    throw new HubError('internal', 'session id collision');
  }
  ctx.metrics.sessionStarted(session.flow);
  return session;
}
