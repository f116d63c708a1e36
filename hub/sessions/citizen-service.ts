/**
 * What a citizen can do from their phone: join a session by code or QR (F1, F4; P1–P4), approve
 * (with the match number in F2, P5) or reject, start a peer session to verify someone (F4), and
 * get back the request they were deciding on after a reconnect.
 */
import type { RequestIncomingEvent } from '../../contracts/index.js';
import { HubError } from '../errors.js';
import type { HubContext } from '../context.js';
import { hasActiveDevice, requesterAllowed } from './callers.js';
import { checkCode, sameSecret } from './code-check.js';
import { deliver, failQuietly } from './delivery.js';
import { incomingEvent } from './notifier.js';
import { checkQr, parseQrPayload } from './pairing.js';
import { traitsOf } from './flow-traits.js';
import { keys, loadSession, transition, wrongState } from './session-engine.js';
import type { Session } from './session.js';
import { lockSubject } from './subjects.js';

/** The citizen behind a device socket. */
export interface CitizenActor {
  pesel: string;
  citizenRef: string;
  deviceId: string;
  /** The client's IP (behind trusted proxies: the forwarded one), for the per-IP budget. */
  ip: string;
  /** The socket that acts, spared echoes of its own action. */
  socketId?: string;
}

/** `pairing:join` (F1/F4): finds the session by code or QR and shows the citizen the request. */
export async function joinSession(
  ctx: HubContext,
  actor: CitizenActor,
  by: { code: string } | { qr: string },
): Promise<RequestIncomingEvent> {
  const mine = [
    ['code_device', actor.deviceId],
    ['code_citizen', actor.citizenRef],
    ['code_ip', actor.ip],
  ] as const;
  let session: Session | null = null;
  if ('code' in by) {
    // Typed codes are what a crowd of accounts would guess at: they also spend a cluster-wide
    // budget, past which joining by code pauses for everyone while the QR keeps working.
    const cluster = await ctx.limiter.reserve([['code_cluster', 'all']]).catch((error) => {
      if (!(error instanceof HubError)) throw error;
      throw new HubError('rate_limited', 'joining by typed code is paused; scan the QR code', {
        details: error.details ?? {},
      });
    });
    let guessed = false;
    try {
      await checkCode(ctx, {
        budgets: mine,
        verdict: async () => {
          guessed = true;
          const id = await ctx.sessions.readKey(keys.pairingCode(by.code));
          session = id ? await ctx.sessions.get(id) : null;
          return session !== null;
        },
      });
    } catch (error) {
      // Refused before any code was looked up (the person's own budget was spent): no guess
      // was made, so the cluster-wide budget gets its point back. A wrong code keeps it.
      if (!guessed) await cluster.refund();
      throw error;
    }
    await cluster.refund();
  } else {
    const parsed = parseQrPayload(by.qr);
    const id = parsed ? await ctx.sessions.readKey(keys.pairingId(parsed.pairingId)) : null;
    const found = id ? await ctx.sessions.get(id) : null;
    let check = 'forged' as ReturnType<typeof checkQr>;
    await checkCode(ctx, {
      budgets: found ? [...mine, ['code_session', found.id]] : mine,
      verdict: () => {
        if (!parsed || !found?.qrSecret) return false;
        const { qrMaxAgeSeconds } = ctx.config;
        check = checkQr(parsed, found.qrSecret, found.createdAt, ctx.clock.now(), qrMaxAgeSeconds);
        return check !== 'forged';
      },
    });
    if (check !== 'ok') throw new HubError('expired', 'this QR code is too old; scan it again');
    session = found;
  }
  return joinFound(ctx, actor, session!);
}

async function joinFound(
  ctx: HubContext,
  actor: CitizenActor,
  session: Session,
): Promise<RequestIncomingEvent> {
  if (session.state !== 'awaiting_citizen') throw wrongState(session);
  if (session.peerOwnerRef === actor.citizenRef) {
    throw new HubError('forbidden', 'you cannot verify yourself');
  }
  if (!(await requesterAllowed(ctx, session.verifier))) {
    throw new HubError('gone', 'the verifier is no longer active');
  }
  await lockSubject(ctx, actor.citizenRef, session.id, session.expiresAt - ctx.clock.now());
  let joined: Session;
  try {
    joined = await transition(ctx, session.id, 'join', {
      patch: () => ({ citizenRef: actor.citizenRef, deviceId: actor.deviceId }),
      ...(actor.socketId === undefined ? {} : { actorSocketId: actor.socketId }),
    });
  } catch (error) {
    await ctx.sessions.releaseKey(keys.subject(actor.citizenRef), session.id);
    throw error;
  }
  return incomingEvent(joined);
}

/** Reads a session the citizen is part of; anyone else's is `not_found`. */
async function citizensSession(ctx: HubContext, actor: CitizenActor, id: string): Promise<Session> {
  const session = await loadSession(ctx, id);
  if (session.citizenRef !== actor.citizenRef) throw new HubError('not_found', 'no such request');
  return session;
}

/** A guard for transitions: the session is still this citizen's. */
function stillTheirs(actor: CitizenActor): (current: Session) => void {
  return (current) => {
    if (current.citizenRef !== actor.citizenRef) throw new HubError('not_found', 'no such request');
  };
}

/** `request:approve`: approves and delivers; F2 needs the match number (P5). */
export async function approveRequest(
  ctx: HubContext,
  actor: CitizenActor,
  sessionId: string,
  matchNumber: string | undefined,
): Promise<void> {
  const since = performance.now();
  const session = await citizensSession(ctx, actor, sessionId);
  const traits = traitsOf(session.flow);
  if (traits.approval !== 'phone') {
    throw new HubError('conflict', 'this request is not approved on the phone');
  }
  if (session.state !== 'awaiting_approval') throw wrongState(session);
  if (traits.matchNumber) {
    if (!matchNumber) {
      throw new HubError('invalid_request', 'type the number shown on the verifier’s screen', {
        issues: [{ path: 'matchNumber', message: 'required for push requests' }],
      });
    }
    await checkCode(ctx, {
      budgets: [
        ['code_session', session.id],
        ['code_citizen', actor.citizenRef],
      ],
      verdict: () => sameSecret(matchNumber, session.matchNumber),
      onExhausted: () => failQuietly(ctx, session.id, 'too_many_attempts'),
      noun: 'number',
    });
  }
  const approved = await transition(ctx, sessionId, 'approve', {
    guard: stillTheirs(actor),
    ...(actor.socketId === undefined ? {} : { actorSocketId: actor.socketId }),
  });
  await deliver(ctx, approved, actor.pesel, since);
}

/**
 * `request:reject`: the citizen says no (or changes their mind before approving, S5) — also to
 * an SMS-code request (F3) they see on their phone, which frees their pending slot.
 */
export async function rejectRequest(
  ctx: HubContext,
  actor: CitizenActor,
  sessionId: string,
): Promise<void> {
  const session = await citizensSession(ctx, actor, sessionId);
  if (!traitsOf(session.flow).shownOnPhone) {
    throw new HubError('conflict', 'this request is not decided on the phone');
  }
  await transition(ctx, sessionId, 'reject', {
    guard: stillTheirs(actor),
    ...(actor.socketId === undefined ? {} : { actorSocketId: actor.socketId }),
  });
}

/** The request the citizen still has to decide on, to show again after a reconnect. */
export async function pendingRequest(
  ctx: HubContext,
  citizenRef: string,
): Promise<RequestIncomingEvent | null> {
  const id = await ctx.sessions.readKey(keys.subject(citizenRef));
  const session = id ? await ctx.sessions.get(id) : null;
  if (!session || session.state !== 'awaiting_approval' || session.citizenRef !== citizenRef) {
    return null;
  }
  return traitsOf(session.flow).shownOnPhone ? incomingEvent(session) : null;
}

/**
 * Ends the citizen's pending request when the device it waits on was deactivated (A3): the
 * device that joined (F1/F4), or the last active device (F2). F3 and F5 need no device.
 * Without `deviceId`, every device of the citizen went (the whole service was deactivated).
 */
export async function endPendingAfterDeactivation(
  ctx: HubContext,
  citizenRef: string,
  deviceId?: string,
): Promise<void> {
  const id = await ctx.sessions.readKey(keys.subject(citizenRef));
  const session = id ? await ctx.sessions.get(id) : null;
  if (!session || session.citizenRef !== citizenRef) return;
  const { waitsOn } = traitsOf(session.flow);
  if (waitsOn === null) return;
  if (deviceId !== undefined) {
    if (waitsOn === 'any_device' && (await hasActiveDevice(ctx, citizenRef))) return;
    if (waitsOn === 'joined_device' && session.deviceId !== deviceId) return;
  }
  await failQuietly(ctx, session.id, 'device_deactivated');
}
