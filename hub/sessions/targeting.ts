/**
 * Naming the citizen of an F2/F3 session (at creation or with the widget's `subject:push`):
 * pushing the request to their phones (F2) or sending the SMS code (F3), within the limits that
 * keep a verifier from bombing a citizen or holding their pending slot (A7), and without telling
 * the verifier more than its flow needs (A9).
 */
import { OTP_LENGTH, type Subject } from '../../contracts/index.js';
import { HubError } from '../errors.js';
import type { HubContext } from '../context.js';
import { keyedHash, randomDigits, randomId, seal } from '../security/crypto.js';
import { failQuietly } from './delivery.js';
import { traitsOf } from './flow-traits.js';
import { incomingEvent } from './notifier.js';
import { keys, loadSession, transition, wrongState } from './session-engine.js';
import type { Session } from './session.js';
import {
  citizenRefOf,
  findRegistered,
  lockSubject,
  resolveEnrolled,
  subjectRefOf,
} from './subjects.js';

/**
 * Names the citizen of an F2/F3 session: pushes the request to their phones, or sends the SMS
 * code. Each verifier may send one citizen only a few requests (`subject_requests`), all
 * verifiers together only so many messages (`subject_messages`), and look up only so many
 * subjects (`subject_lookups`), so no verifier can bomb a citizen or hold their slot again and
 * again. F3 answers a subject the register does not know exactly like one it knows (a decoy
 * session whose code was never sent), so the flow is no oracle of who is in the register.
 */
export async function targetSubject(
  ctx: HubContext,
  sessionId: string,
  subject: Subject,
): Promise<Session> {
  const session = await loadSession(ctx, sessionId);
  const traits = traitsOf(session.flow);
  if (traits.subject === null || traits.approval === 'none') {
    throw new HubError('conflict', 'only push and otp sessions take a subject');
  }
  if (session.state !== 'awaiting_citizen') throw wrongState(session);
  await ctx.limiter.hit('subject_lookups', session.verifier.id);
  if (traits.subject === 'enrolled') {
    const citizenRef = await resolveEnrolled(ctx, subject);
    await limitRequestsTo(ctx, session, citizenRef);
    await lockSubject(ctx, citizenRef, session.id, session.expiresAt - ctx.clock.now());
    const pushed = await releaseOnError(ctx, citizenRef, session.id, () =>
      transition(ctx, session.id, 'target', { patch: () => ({ citizenRef }) }),
    );
    ctx.notify.incoming(citizenRef, incomingEvent(pushed));
    return pushed;
  }
  const person = await findRegistered(ctx, subject);
  if (!person) {
    await limitRequestsTo(ctx, session, subjectRefOf(ctx, subject));
    return transition(ctx, session.id, 'target', {
      patch: () => ({ otpHash: keyedHash(ctx.keys.codeKey, `${session.id}:${randomId(16)}`) }),
    });
  }
  const citizenRef = citizenRefOf(ctx, person.pesel);
  await limitRequestsTo(ctx, session, citizenRef);
  await lockSubject(ctx, citizenRef, session.id, session.expiresAt - ctx.clock.now());
  const code = randomDigits(OTP_LENGTH);
  const targeted = await releaseOnError(ctx, citizenRef, session.id, () =>
    transition(ctx, session.id, 'target', {
      patch: () => ({
        citizenRef,
        subjectSealed: seal(ctx.keys.sealKey, person.pesel),
        otpHash: keyedHash(ctx.keys.codeKey, `${session.id}:${code}`),
      }),
    }),
  );
  const { name, branch } = session.verifier;
  const minutes = Math.max(1, Math.round(ctx.config.approvalWindowMs / 60_000));
  try {
    await ctx.sms.send(
      person.phone,
      `mDok: kod ${code} dla ${name}${branch ? ` (${branch})` : ''}. Podaj go tylko osobie, ` +
        `która Cię obsługuje. Ważny ${minutes} min. Nie znasz tej sprawy? Odrzuć ją w aplikacji ` +
        `albo zignoruj.`,
    );
  } catch (error) {
    ctx.logger.error({ err: error, sessionId: session.id }, 'SMS gateway refused the code');
    await failQuietly(ctx, session.id, 'failed');
    throw new HubError('internal', 'the SMS could not be sent', { cause: error });
  }
  // An enrolled citizen sees the request on their phone and may refuse it (frees the slot).
  ctx.notify.incoming(citizenRef, incomingEvent(targeted));
  return targeted;
}

/** Counts one request of this verifier to this citizen, and one message to the citizen. */
async function limitRequestsTo(ctx: HubContext, session: Session, citizenRef: string) {
  await ctx.limiter.hit('subject_requests', `${session.verifier.id}:${citizenRef}`);
  await ctx.limiter.hit('subject_messages', citizenRef);
}

/** Runs `step`; if it fails, frees the citizen's pending slot this session had just taken (S4). */
async function releaseOnError<T>(
  ctx: HubContext,
  citizenRef: string,
  sessionId: string,
  step: () => Promise<T>,
): Promise<T> {
  try {
    return await step();
  } catch (error) {
    await ctx.sessions.releaseKey(keys.subject(citizenRef), sessionId);
    throw error;
  }
}
