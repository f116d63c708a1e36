/**
 * Time as the hub sees it. Production uses the wall clock; tests move a clock forward to check
 * windows and QR ages without sleeping.
 */

/** A source of the current time in epoch milliseconds. */
export interface Clock {
  now(): number;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() };
