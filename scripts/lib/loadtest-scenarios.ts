/**
 * The scenarios `npm run loadtest` knows: each name's k6 script in `loadtest/` and the settings
 * the name implies, and the `k6 run` arguments they become.
 */

/** A scenario: its script and the `-e` settings the name implies. */
export interface LoadtestScenario {
  script: string;
  env: string[];
  /** One line for the usage text. */
  what: string;
}

/** The scenarios, by the name given on the command line. */
export const loadtestScenarios: Record<string, LoadtestScenario> = {
  f1: { script: 'f1-code.ts', env: ['MODEL=closed'], what: 'F1 code, closed model (capacity)' },
  'f1-open': {
    script: 'f1-code.ts',
    env: ['MODEL=open'],
    what: 'F1 code, open model (latency at RATE/s)',
  },
  'f1-cross-node': {
    script: 'f1-cross-node.ts',
    env: [],
    what: 'F1 with phone and widget on different nodes (HUB_URLS)',
  },
  f2: { script: 'f2-push.ts', env: [], what: 'F2 push with the match number' },
  f3: { script: 'f3-otp.ts', env: [], what: 'F3 SMS code read from the dev outbox' },
  f4: { script: 'f4-peer.ts', env: [], what: 'F4 citizen to citizen' },
  'pairing-burst': {
    script: 'pairing-burst.ts',
    env: [],
    what: 'BURST sessions created, then joined, at once',
  },
  'idle-soak': {
    script: 'idle-soak.ts',
    env: [],
    what: 'SOCKETS idle phones held for HOLD, then verifications through them',
  },
};

/** The `k6` arguments for `scenario` with the user's extra `k6Args` (run from the repo root). */
export function k6Arguments(scenario: LoadtestScenario, k6Args: string[]): string[] {
  return [
    'run',
    ...scenario.env.flatMap((e) => ['-e', e]),
    ...k6Args,
    `loadtest/${scenario.script}`,
  ];
}
