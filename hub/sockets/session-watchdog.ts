/**
 * Reconciles this node's sockets with the session store (X3, and Redis restarts): events
 * published while Redis was unreachable are lost, and a Redis that restarts without persistence
 * loses its sessions. Every few seconds each node checks the sessions its own sockets show and
 * tells the clients what they missed: a changed state is replayed, a vanished session ends with
 * `failed`. One read per watched session per pass; nothing happens while the store is down.
 */
import { isAnsweredYes, isPending, isTerminal, type SessionState } from '../../contracts/index.js';
import type { HubContext } from '../context.js';
import type { Session } from '../sessions/session.js';
import type { CitizenSocket, HubNamespaces, VerifierSocket } from './socket-types.js';

/** What a verifier socket was last told, tracked from its outgoing events. */
interface Shown {
  state?: SessionState;
  /** The socket was sent the presentation (`session:data`). */
  data?: boolean;
}

/**
 * What a citizen socket was shown: requests it may still be deciding on (noted by the notifier as
 * it tells the socket, by the join's ack and by the replay on connect).
 */
const shownRequests = new WeakMap<CitizenSocket, Set<string>>();
const shownStates = new WeakMap<VerifierSocket, Shown>();

/** Starts tracking what a verifier socket is told. */
export function trackVerifierSocket(socket: VerifierSocket): void {
  const shown: Shown = {};
  shownStates.set(socket, shown);
  socket.onAnyOutgoing((event: string, payload: { state?: SessionState }) => {
    if (event === 'session:state') shown.state = payload.state;
    if (event === 'session:data') shown.data = true;
  });
}

/** Marks a request the citizen was shown (by an event, or in the ack of a join by code or QR). */
export function markShown(socket: CitizenSocket, sessionId: string): void {
  const shown = shownRequests.get(socket);
  if (shown) shown.add(sessionId);
  else shownRequests.set(socket, new Set([sessionId]));
}

/** The citizen answered on this socket: nothing more to tell it about that request. */
export function markAnswered(socket: CitizenSocket, sessionId: string): void {
  const shown = shownRequests.get(socket);
  if (!shown?.delete(sessionId) || shown.size > 0) return;
  shownRequests.delete(socket);
}

/** A running watchdog. */
export interface SessionWatchdog {
  /** One pass now (tests). */
  check(): Promise<void>;
  stop(): void;
}

/** Starts the watchdog over this node's sockets of both namespaces. */
export function startSessionWatchdog(
  ctx: HubContext,
  namespaces: HubNamespaces,
  replay: (socket: VerifierSocket, session: Session) => Promise<void>,
  intervalMs: number,
): SessionWatchdog {
  const checkVerifier = async (socket: VerifierSocket): Promise<void> => {
    const { sessionId } = socket.data;
    const session = await ctx.sessions.get(sessionId);
    if (!session) {
      // Told of the end already (the record simply expired since): only let go of the socket.
      const shown = shownStates.get(socket)?.state;
      if (!shown || !isTerminal(shown)) {
        socket.emit('session:ended', { sessionId, reason: 'failed' });
      }
      socket.disconnect(true);
      return;
    }
    const shown = shownStates.get(socket);
    // A delivered session whose data never reached this socket (the node that delivered died
    // between the state and the data, or the event was lost on its way through Redis) gets the
    // data replayed from the sealed presentation while the display window lasts (E1).
    const dataMissing =
      session.state === 'delivered' &&
      !shown?.data &&
      session.displayUntil !== undefined &&
      ctx.clock.now() < session.displayUntil;
    if (shown?.state !== session.state || dataMissing) await replay(socket, session);
  };
  const checkCitizen = async (socket: CitizenSocket): Promise<void> => {
    const shown = shownRequests.get(socket);
    if (!shown) return;
    for (const sessionId of [...shown]) {
      const session = await ctx.sessions.get(sessionId);
      if (session && isPending(session.state)) continue;
      markAnswered(socket, sessionId);
      const answered =
        session !== null && (isAnsweredYes(session.state) || session.state === 'rejected');
      socket.emit('request:withdrawn', {
        sessionId,
        reason: answered ? 'answered' : (session?.endReason ?? 'failed'),
      });
    }
  };
  let running = false;
  const check = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      // A store that does not answer is an outage: wait for it rather than end sessions.
      await ctx.sessions.readKey('watchdog');
      for (const socket of namespaces.verifier.sockets.values()) await checkVerifier(socket);
      for (const socket of namespaces.citizen.sockets.values()) await checkCitizen(socket);
    } catch (error) {
      ctx.logger.debug({ err: error }, 'watchdog pass skipped');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void check(), intervalMs);
  timer.unref();
  return { check, stop: () => clearInterval(timer) };
}
