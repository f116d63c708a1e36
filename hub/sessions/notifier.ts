/**
 * How session changes reach the sockets, kept behind an interface so that the session logic
 * knows nothing of Socket.IO. The implementation emits to rooms; with the Redis adapter the
 * rooms span every node (X2). Also builds the payloads both namespaces send.
 */
import type {
  EndReason,
  RequestIncomingEvent,
  RequestWithdrawnEvent,
  SessionData,
  SessionStateEvent,
} from '../../contracts/index.js';
import { traitsOf } from './flow-traits.js';
import type { Session } from './session.js';

/** Pushes session events to whoever watches them. */
export interface Notifier {
  /** `session:state` to the session's verifier sockets. */
  state(event: SessionStateEvent): void;
  /** `session:data` to the session's verifier sockets. */
  data(sessionId: string, data: SessionData): void;
  /** `session:ended` to the session's verifier sockets. */
  ended(sessionId: string, reason: EndReason): void;
  /** `request:incoming` to every socket of the citizen. */
  incoming(citizenRef: string, event: RequestIncomingEvent): void;
  /** `request:withdrawn` to the citizen's sockets, except the one that acted (if given). */
  withdrawn(citizenRef: string, event: RequestWithdrawnEvent, exceptSocketId?: string): void;
  /** Disconnects every socket of one device of a citizen, or of all their devices (A3). */
  disconnectCitizen(target: { citizenRef: string; deviceId?: string }): void;
  /** Disconnects every verifier socket of a verifier (suspension). */
  disconnectVerifier(verifierId: string): void;
}

/** The `session:state` payload for a session as it is now. */
export function stateEvent(session: Session, now: number): SessionStateEvent {
  const event: SessionStateEvent = {
    sessionId: session.id,
    state: session.state,
    at: new Date(session.stateAt || now).toISOString(),
    flow: session.flow,
  };
  if (session.deadlineAt !== null) event.deadline = new Date(session.deadlineAt).toISOString();
  if (session.matchNumber && session.state === 'awaiting_approval') {
    event.matchNumber = session.matchNumber;
  }
  return event;
}

/** What the citizen is shown before deciding (D1). */
export function incomingEvent(session: Session): RequestIncomingEvent {
  const { origins: _origins, ...verifier } = session.verifier;
  return {
    sessionId: session.id,
    flow: session.flow,
    verifier,
    request: session.request,
    matchRequired: traitsOf(session.flow).matchNumber,
    expiresAt: new Date(session.deadlineAt ?? session.expiresAt).toISOString(),
    displaySeconds: session.displaySeconds,
  };
}
