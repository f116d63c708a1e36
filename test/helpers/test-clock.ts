/**
 * A clock that runs with real time but can be moved forward, so tests can age QR codes and end
 * windows without sleeping.
 */
import type { Clock } from '../../hub/clock.js';

/** A movable clock. */
export interface TestClock extends Clock {
  /** Moves the clock forward by `ms`. */
  advance(ms: number): void;
}

/** A clock at real time plus an offset that `advance` grows. */
export function createTestClock(): TestClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance: (ms) => {
      offset += ms;
    },
  };
}
