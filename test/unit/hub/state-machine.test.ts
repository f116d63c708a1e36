/**
 * The pure session state machine (S1): every allowed transition and every forbidden one.
 */
import { describe, expect, it } from 'vitest';
import { SessionState, isTerminal, type SessionState as State } from '../../../contracts/index.js';
import {
  SessionAction,
  allowedTransitions,
  isCancellable,
  nextState,
  type SessionAction as Action,
} from '../../../hub/sessions/state-machine.js';

const states = Object.values(SessionState) as State[];
const actions = Object.values(SessionAction) as Action[];

const expected: Record<string, State> = {
  'awaiting_citizen/join': 'awaiting_approval',
  'awaiting_citizen/target': 'awaiting_approval',
  'awaiting_citizen/cancel': 'cancelled',
  'awaiting_citizen/timeOut': 'timed_out',
  'awaiting_citizen/fail': 'failed',
  'awaiting_approval/approve': 'approved',
  'awaiting_approval/reject': 'rejected',
  'awaiting_approval/cancel': 'cancelled',
  'awaiting_approval/timeOut': 'timed_out',
  'awaiting_approval/fail': 'failed',
  'approved/deliver': 'delivered',
  'approved/cancel': 'cancelled',
  'approved/fail': 'failed',
  'approved/timeOut': 'failed',
  'delivered/expire': 'expired',
};

describe('[S1] session state machine', () => {
  for (const state of states) {
    for (const action of actions) {
      const key = `${state}/${action}`;
      const to = expected[key] ?? null;
      it(`[S1] ${state} --${action}--> ${to ?? 'refused'}`, () => {
        expect(nextState(state, action)).toBe(to);
      });
    }
  }

  it('[S1] the table lists exactly the expected transitions', () => {
    const listed = Object.fromEntries(allowedTransitions().map(([f, a, t]) => [`${f}/${a}`, t]));
    expect(listed).toEqual(expected);
  });

  it('[S1] terminal states allow nothing', () => {
    for (const state of states.filter(isTerminal)) {
      for (const action of actions) expect(nextState(state, action)).toBeNull();
    }
  });

  it('[S5] cancel is possible exactly before delivered', () => {
    expect(states.filter(isCancellable).sort()).toEqual(
      ['approved', 'awaiting_approval', 'awaiting_citizen'].sort(),
    );
  });

  it('[S1] the happy path reaches expired', () => {
    let state: State = 'awaiting_citizen';
    for (const action of ['join', 'approve', 'deliver', 'expire'] as Action[]) {
      state = nextState(state, action)!;
    }
    expect(state).toBe('expired');
  });
});
