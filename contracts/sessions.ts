/**
 * Session vocabulary shared by hub and web: flows, states, end reasons (PRODUCT F1–F5, S1).
 */
import { z } from 'zod';

/** The verification flows (PRODUCT §3). */
export const Flow = {
  code: 'code',
  push: 'push',
  otp: 'otp',
  peer: 'peer',
  privileged: 'privileged',
} as const;
/** One of the verification flows. */
export type Flow = (typeof Flow)[keyof typeof Flow];
/** Flow schema. */
export const FlowSchema = z.enum(Flow);

/** The session states of S1. */
export const SessionState = {
  awaiting_citizen: 'awaiting_citizen',
  awaiting_approval: 'awaiting_approval',
  approved: 'approved',
  delivered: 'delivered',
  expired: 'expired',
  rejected: 'rejected',
  cancelled: 'cancelled',
  timed_out: 'timed_out',
  failed: 'failed',
} as const;
/** One of the S1 states. */
export type SessionState = (typeof SessionState)[keyof typeof SessionState];
/** Session state schema. */
export const SessionStateSchema = z.enum(SessionState);

/** States after which nothing more happens to a session. */
export const terminalStates: readonly SessionState[] = [
  'expired',
  'rejected',
  'cancelled',
  'timed_out',
  'failed',
];

/** Whether a state is terminal. */
export function isTerminal(state: SessionState): boolean {
  return terminalStates.includes(state);
}

/**
 * Why a session ended, sent in `session:ended` and `request:withdrawn`. `answered` tells a
 * citizen's other devices that one of them already approved or rejected the request.
 */
export const EndReasonSchema = z.enum([
  'delivered',
  'expired',
  'rejected',
  'cancelled',
  'timed_out',
  'failed',
  'too_many_attempts',
  'register_unavailable',
  'device_deactivated',
  'verifier_suspended',
  'answered',
]);
/** Why a session ended. */
export type EndReason = z.infer<typeof EndReasonSchema>;
