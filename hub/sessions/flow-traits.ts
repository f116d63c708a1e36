/**
 * What each flow (PRODUCT F1–F5) is, as data: the one place that knows how flows differ, so
 * that services ask a trait instead of branching on flow names. Beside the state machine, which
 * knows how states follow each other.
 */
import type { Flow } from '../../contracts/index.js';

/** How one flow behaves. */
export interface FlowTraits {
  /** F1/F4: a pairing code and a rotating QR on the verifier's screen; the citizen joins. */
  pairing: boolean;
  /**
   * How the verifier names the citizen (at creation or with `subject:push`): an enrolled
   * citizen whose phones get the request (F2), anyone in the register (F3 SMS, F5), or not at
   * all (the citizen joins).
   */
  subject: 'enrolled' | 'registered' | null;
  /** Who says yes: the citizen on the phone, the clerk with the citizen's SMS code, or nobody. */
  approval: 'phone' | 'sms_code' | 'none';
  /** F2: approving needs the number on the verifier's screen (P5). */
  matchNumber: boolean;
  /**
   * The citizen's enrolled phones show the pending request and may refuse it (F3 too: a
   * citizen can see and refuse an SMS-code request meant for them, which frees their slot).
   */
  shownOnPhone: boolean;
  /** Which device the pending request waits on, for deactivation (A3); null: none. */
  waitsOn: 'joined_device' | 'any_device' | null;
  /** F4: the verifier is a citizen, limited to the peer claims. */
  peer: boolean;
}

/** The traits of every flow. */
export const flowTraits = {
  code: {
    pairing: true,
    subject: null,
    approval: 'phone',
    matchNumber: false,
    shownOnPhone: true,
    waitsOn: 'joined_device',
    peer: false,
  },
  push: {
    pairing: false,
    subject: 'enrolled',
    approval: 'phone',
    matchNumber: true,
    shownOnPhone: true,
    waitsOn: 'any_device',
    peer: false,
  },
  otp: {
    pairing: false,
    subject: 'registered',
    approval: 'sms_code',
    matchNumber: false,
    shownOnPhone: true,
    waitsOn: null,
    peer: false,
  },
  peer: {
    pairing: true,
    subject: null,
    approval: 'phone',
    matchNumber: false,
    shownOnPhone: true,
    waitsOn: 'joined_device',
    peer: true,
  },
  privileged: {
    pairing: false,
    subject: 'registered',
    approval: 'none',
    matchNumber: false,
    shownOnPhone: false,
    waitsOn: null,
    peer: false,
  },
} as const satisfies Record<Flow, FlowTraits>;

/** The traits of `flow`. */
export function traitsOf(flow: Flow): FlowTraits {
  return flowTraits[flow];
}
