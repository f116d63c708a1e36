/**
 * What the widget knows about its session, and how each thing that happens changes it: a pure
 * reducer, so the rules that matter are testable without a DOM or a socket. P4: the QR and code
 * vanish as soon as the session leaves `awaiting_citizen`. E1: data arrives with a wipe time
 * (the hub's `displayUntil` on the local clock, never more than 600 s away) and, once wiped,
 * the same session's data is never shown again (a reconnect inside the window replays it). While
 * the connection is down, what the screen shows of the session (QR, code, match number) is
 * `stale` until the hub confirms the session's state again.
 */
import type { Flow, SessionState, EndReason } from '../../contracts/sessions.js';
import { isTerminal } from '../../contracts/sessions.js';
import type { SessionDataEvent, SessionEndedEvent } from '../../contracts/events.js';
import type { SessionQrEvent, SessionStateEvent } from '../../contracts/events.js';
import type { WipeReason } from './events.js';
import type { JwsFailure } from './jws.js';

/** Longest display window the hub allows (E1); caps the local wipe time. */
export const MAX_DISPLAY_MS = 600_000;
/** Clock differences below this are noise (latency), not skew. */
export const SKEW_TOLERANCE_MS = 2_000;

/** Where the widget is. */
export type Phase = 'idle' | 'connecting' | 'live' | 'data' | 'wiped' | 'ended' | 'error';

/** The signature check of the data on screen. */
export type SignatureState = 'pending' | 'valid' | 'invalid' | 'unavailable';

/** The data on screen. Dropped as a whole on wipe. */
export interface ShownData {
  sessionId: string;
  claims: SessionDataEvent['claims'];
  presentation: string;
  displayUntil: string;
  /** Local time (ms) at which the card is wiped. */
  wipeAt: number;
  signature: SignatureState;
  signatureProblem: JwsFailure | null;
}

/** The widget's whole state. */
export interface Model {
  phase: Phase;
  online: boolean;
  /** The connection failed or dropped and Socket.IO is retrying. */
  retrying: boolean;
  /**
   * The connection dropped while the session was live: the QR, code and match number on screen
   * may be out of date until the hub's next `session:state` confirms them.
   */
  stale: boolean;
  sessionId: string | null;
  flow: Flow | null;
  state: SessionState | null;
  /** When the state was entered, as the hub said (ISO). */
  stateAt: string | null;
  /** End of the current window on the local clock (ms). */
  deadline: number | null;
  deadlineIso: string | null;
  matchNumber: string | null;
  qr: { payload: string; code: string } | null;
  data: ShownData | null;
  wiped: WipeReason | null;
  endReason: EndReason | null;
  /** A fatal error (refused handshake, no token). */
  error: { code: string; message: string } | null;
  /** Local clock minus hub clock (ms), estimated from live transitions. */
  skewMs: number;
}

/** Things that happen. `now` is the local clock in ms. */
export type Action =
  | { type: 'start' }
  | { type: 'no_token' }
  | { type: 'connected' }
  | { type: 'disconnected' }
  | { type: 'network_error' }
  | { type: 'refused'; error: { code: string; message: string } }
  | { type: 'state'; event: SessionStateEvent; now: number }
  | { type: 'qr'; event: SessionQrEvent }
  | { type: 'data'; event: SessionDataEvent; now: number }
  | { type: 'signature'; sessionId: string; ok: boolean; problem: JwsFailure | null }
  | { type: 'ended'; event: SessionEndedEvent }
  | { type: 'wipe'; reason: WipeReason }
  | { type: 'local_cancel' };

/** The model before anything happened. */
export function initialModel(): Model {
  return {
    phase: 'idle',
    online: false,
    retrying: false,
    stale: false,
    sessionId: null,
    flow: null,
    state: null,
    stateAt: null,
    deadline: null,
    deadlineIso: null,
    matchNumber: null,
    qr: null,
    data: null,
    wiped: null,
    endReason: null,
    error: null,
    skewMs: 0,
  };
}

function wipe(model: Model, reason: WipeReason): Model {
  if (!model.data) return model;
  return { ...model, data: null, qr: null, wiped: reason, phase: 'wiped' };
}

function onState(model: Model, event: SessionStateEvent, now: number): Model {
  if (model.sessionId !== null && event.sessionId !== model.sessionId) return model;
  // A state we saw change live was entered just now on the hub: its `at` tells the skew. The
  // first state after (re)connecting may be old, so it is not used.
  let skewMs = model.skewMs;
  if (model.state !== null && model.state !== event.state) {
    const diff = now - Date.parse(event.at);
    skewMs = Math.abs(diff) > SKEW_TOLERANCE_MS ? diff : 0;
  }
  const terminal = isTerminal(event.state);
  let next: Model = {
    ...model,
    sessionId: event.sessionId,
    flow: event.flow ?? model.flow,
    state: event.state,
    stateAt: event.at,
    deadline: event.deadline && !terminal ? Date.parse(event.deadline) + skewMs : null,
    deadlineIso: event.deadline && !terminal ? event.deadline : null,
    matchNumber:
      event.state === 'awaiting_approval' ? (event.matchNumber ?? model.matchNumber) : null,
    qr: event.state === 'awaiting_citizen' ? model.qr : null,
    stale: false,
    skewMs,
  };
  if (next.phase === 'connecting' || next.phase === 'idle') next.phase = 'live';
  if (terminal) {
    if (next.data) next = wipe(next, event.state === 'expired' ? 'display_ended' : 'session_ended');
    else if (next.phase !== 'wiped' && next.phase !== 'error') next.phase = 'ended';
  }
  return next;
}

function onData(model: Model, event: SessionDataEvent, now: number): Model {
  if (model.sessionId !== null && event.sessionId !== model.sessionId) return model;
  // Wiped once, never again; already shown: a reconnect replay, nothing new.
  if (model.wiped !== null || model.data || model.phase === 'ended' || model.phase === 'error') {
    return model;
  }
  const until = Date.parse(event.displayUntil) + model.skewMs;
  const wipeAt = Math.min(until, now + MAX_DISPLAY_MS);
  return {
    ...model,
    sessionId: event.sessionId,
    phase: wipeAt <= now ? 'wiped' : 'data',
    qr: null,
    matchNumber: null,
    deadline: null,
    deadlineIso: null,
    wiped: wipeAt <= now ? 'display_ended' : null,
    data:
      wipeAt <= now
        ? null
        : {
            sessionId: event.sessionId,
            claims: event.claims,
            presentation: event.presentation,
            displayUntil: event.displayUntil,
            wipeAt,
            signature: 'pending',
            signatureProblem: null,
          },
  };
}

/** The next model. */
export function reduce(model: Model, action: Action): Model {
  switch (action.type) {
    case 'start':
      return { ...initialModel(), phase: 'connecting' };
    case 'no_token':
      return initialModel();
    case 'connected':
      return { ...model, online: true, retrying: false };
    case 'disconnected':
    case 'network_error':
      if (model.phase === 'ended' || model.phase === 'error') return model;
      return { ...model, online: false, retrying: true, stale: model.state !== null };
    case 'refused':
      return {
        ...wipe(model, 'session_ended'),
        online: false,
        phase: 'error',
        error: action.error,
      };
    case 'state':
      return onState(model, action.event, action.now);
    case 'qr':
      if (model.state !== 'awaiting_citizen' && model.state !== null) return model;
      return { ...model, qr: { payload: action.event.payload, code: action.event.code } };
    case 'data':
      return onData(model, action.event, action.now);
    case 'signature':
      if (!model.data || model.data.sessionId !== action.sessionId) return model;
      return {
        ...model,
        data: {
          ...model.data,
          signature: action.ok
            ? 'valid'
            : action.problem === 'unavailable'
              ? 'unavailable'
              : 'invalid',
          signatureProblem: action.problem,
        },
      };
    case 'ended': {
      if (model.sessionId !== null && action.event.sessionId !== model.sessionId) return model;
      const reason = action.event.reason;
      const next = { ...model, endReason: reason, qr: null, deadline: null, deadlineIso: null };
      if (reason === 'delivered') return next;
      if (next.data) return wipe(next, reason === 'expired' ? 'display_ended' : 'session_ended');
      return next.phase === 'wiped' || next.phase === 'error' ? next : { ...next, phase: 'ended' };
    }
    case 'wipe':
      return wipe(model, action.reason);
    case 'local_cancel':
      return {
        ...wipe(model, 'closed'),
        phase: 'ended',
        state: 'cancelled',
        endReason: 'cancelled',
        qr: null,
        matchNumber: null,
        deadline: null,
        deadlineIso: null,
      };
  }
}

/** Whether the clerk can still cancel (S5: before delivery) or close the card. */
export function canCancel(model: Model): boolean {
  if (model.phase === 'data' || model.phase === 'connecting') return true;
  if (model.phase !== 'live') return false;
  return model.state === null || (model.state !== 'delivered' && !isTerminal(model.state));
}
