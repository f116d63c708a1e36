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

/**
 * Digits of the pairing code a citizen types (P2). Eight, not the six of PRODUCT's first
 * draft: with 10,000 live sessions a guess at six digits hits one in 100; at eight, one in
 * 10,000 — the guess budgets in docs/SECURITY.md need that margin.
 */
export const PAIRING_CODE_LENGTH = 8;

/** Digits of the SMS code the clerk types in F3. */
export const OTP_LENGTH = 6;

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

/** Every S1 state, in lifecycle order. */
export const sessionStates = Object.values(SessionState) as [SessionState, ...SessionState[]];

/** States after which nothing more happens to a session. */
export const terminalStates = [
  'expired',
  'rejected',
  'cancelled',
  'timed_out',
  'failed',
] as const satisfies readonly SessionState[];
/** A state after which nothing more happens. */
export type TerminalState = (typeof terminalStates)[number];

/** States in which the request still waits for the citizen (joining, deciding). */
export const pendingStates = [
  'awaiting_citizen',
  'awaiting_approval',
] as const satisfies readonly SessionState[];
/** A state in which the request still waits for the citizen. */
export type PendingState = (typeof pendingStates)[number];

/** Whether a state is terminal. */
export function isTerminal(state: SessionState): state is TerminalState {
  return (terminalStates as readonly SessionState[]).includes(state);
}

/** Whether the request still waits for the citizen (S3 pairing and approval windows). */
export function isPending(state: SessionState): state is PendingState {
  return (pendingStates as readonly SessionState[]).includes(state);
}

/** Whether the citizen has answered yes (approved, delivered, or its display window ended). */
export function isAnsweredYes(state: SessionState): boolean {
  return state === 'approved' || state === 'delivered' || state === 'expired';
}

/**
 * Why a session ended, sent in `session:ended` and `request:withdrawn`. `answered` tells a
 * citizen's other devices that one of them already approved or rejected the request.
 */
export const endReasons = [
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
] as const;
/** Why a session ended. */
export type EndReason = (typeof endReasons)[number];
/** End reason schema. */
export const EndReasonSchema = z.enum(endReasons);

/** Every flow, as a list. */
export const flows = Object.values(Flow) as [Flow, ...Flow[]];
