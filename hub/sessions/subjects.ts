/**
 * Who a request is about: citizen references (keyed hash of the PESEL, never the PESEL itself,
 * H1), finding an enrolled citizen (F2) or a registered one (F3, F5), and the one-pending-
 * request-per-citizen slot (S4).
 */
import { isPending, type Subject } from '../../contracts/index.js';
import { RegisterUnavailableError, type RegisterPerson } from '../../adapters/registers/index.js';
import { HubError } from '../errors.js';
import type { HubContext } from '../context.js';
import { keyedHash } from '../security/crypto.js';
import { hasActiveDevice } from './callers.js';
import { keys } from './session-engine.js';

/** The citizen reference for a PESEL. */
export function citizenRefOf(ctx: HubContext, pesel: string): string {
  return keyedHash(ctx.keys.refKey, `pesel:${pesel}`);
}

/** The keyed hash under which an enrolled phone number is found. */
export function phoneHashOf(ctx: HubContext, phone: string): string {
  return keyedHash(ctx.keys.refKey, `phone:${phone}`);
}

/** F2: the reference of an enrolled citizen with at least one active device. */
export async function resolveEnrolled(ctx: HubContext, subject: Subject): Promise<string> {
  const enrollment =
    'pesel' in subject
      ? await ctx.records.citizens.getEnrollment(citizenRefOf(ctx, subject.pesel))
      : await ctx.records.citizens.findByPhoneHash(phoneHashOf(ctx, subject.phone));
  if (enrollment && (await hasActiveDevice(ctx, enrollment.citizenRef))) {
    return enrollment.citizenRef;
  }
  throw new HubError('subject_not_enrolled', 'the citizen has not activated the service');
}

/** A reference for whatever identifier a verifier typed (a PESEL's is its citizen reference). */
export function subjectRefOf(ctx: HubContext, subject: Subject): string {
  return 'pesel' in subject ? citizenRefOf(ctx, subject.pesel) : phoneHashOf(ctx, subject.phone);
}

/** F3/F5: the person as the register knows them, or null. */
export async function findRegistered(
  ctx: HubContext,
  subject: Subject,
): Promise<RegisterPerson | null> {
  try {
    return await ctx.registers.findPerson(subject);
  } catch (error) {
    if (error instanceof RegisterUnavailableError) {
      throw new HubError('register_unavailable', 'the register is not available', { cause: error });
    }
    throw error;
  }
}

/** F5: the person as the register knows them; `not_found` otherwise (SPEC A9). */
export async function resolveRegistered(
  ctx: HubContext,
  subject: Subject,
): Promise<RegisterPerson> {
  const person = await findRegistered(ctx, subject);
  if (!person) throw new HubError('not_found', 'no such citizen in the register');
  return person;
}

/**
 * Takes the citizen's pending-request slot for `sessionId` (S4). A slot still held by a session
 * that has already ended (a node died before freeing it) is reclaimed.
 */
export async function lockSubject(
  ctx: HubContext,
  citizenRef: string,
  sessionId: string,
  ttlMs: number,
): Promise<void> {
  const key = keys.subject(citizenRef);
  for (let attempt = 0; attempt < 2; attempt++) {
    if (await ctx.sessions.claimKey(key, sessionId, ttlMs)) return;
    const holder = await ctx.sessions.readKey(key);
    if (holder === sessionId) return;
    if (holder === null) continue;
    const held = await ctx.sessions.get(holder);
    if (held && (isPending(held.state) || held.state === 'approved')) break;
    await ctx.sessions.releaseKey(key, holder);
  }
  throw new HubError('subject_busy', 'the citizen already has a pending request');
}
