/**
 * The session state machine of S1, as pure data and functions: which action moves which state
 * where. The service applies a transition only through the store's compare-and-set, so two
 * nodes can never both make one.
 */
import type { SessionState } from '../../contracts/index.js';

/** Things that happen to a session. */
export const SessionAction = {
  /** F1/F4: a citizen joined with the code or QR. */
  join: 'join',
  /** F2/F3: the subject was identified and the request pushed / SMS sent. */
  target: 'target',
  approve: 'approve',
  deliver: 'deliver',
  reject: 'reject',
  cancel: 'cancel',
  timeOut: 'timeOut',
  fail: 'fail',
  expire: 'expire',
} as const;
/** A thing that happens to a session. */
export type SessionAction = (typeof SessionAction)[keyof typeof SessionAction];

const table: Readonly<Record<SessionState, Partial<Record<SessionAction, SessionState>>>> = {
  awaiting_citizen: {
    join: 'awaiting_approval',
    target: 'awaiting_approval',
    cancel: 'cancelled',
    timeOut: 'timed_out',
    fail: 'failed',
  },
  awaiting_approval: {
    approve: 'approved',
    reject: 'rejected',
    cancel: 'cancelled',
    timeOut: 'timed_out',
    fail: 'failed',
  },
  approved: { deliver: 'delivered', cancel: 'cancelled', fail: 'failed', timeOut: 'failed' },
  delivered: { expire: 'expired' },
  expired: {},
  rejected: {},
  cancelled: {},
  timed_out: {},
  failed: {},
};

/** The state `action` leads to from `state`, or null when the action is not allowed there. */
export function nextState(state: SessionState, action: SessionAction): SessionState | null {
  return table[state][action] ?? null;
}

/** Every (state, action) pair that is allowed, for tests and docs. */
export function allowedTransitions(): Array<[SessionState, SessionAction, SessionState]> {
  return Object.entries(table).flatMap(([from, actions]) =>
    Object.entries(actions).map(
      ([action, to]) => [from, action, to] as [SessionState, SessionAction, SessionState],
    ),
  );
}

/** States in which the verifier may still cancel (S5: any time before `delivered`). */
export function isCancellable(state: SessionState): boolean {
  return nextState(state, 'cancel') !== null;
}
