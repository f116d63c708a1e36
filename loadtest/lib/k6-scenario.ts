/**
 * What the scenario scripts share: k6 options for the closed model (`constant-vus`: capacity)
 * and the open model (`constant-arrival-rate`: latency at a fixed load), the VU's slot (which
 * citizen, API key and node it uses), and `setup()`/`teardown()` over the provisioning code.
 * A slot is the VU's number in the test: a VU runs its iterations one after another, so its
 * citizen never has two requests pending (S4) and every rate per citizen is at most one
 * verification in flight.
 */
import exec from 'k6/execution';
import type { Options, Scenario } from 'k6/options';
import { setTimeout } from 'k6/timers';
import type { LoadConfig } from './k6-config.ts';
import { k6Http } from './k6-runtime.ts';
import {
  provisionWorld,
  retireWorld,
  type LoadCitizen,
  type LoadKey,
  type LoadWorld,
} from './provision.ts';

/** Trend columns of the end-of-test summary (p99 is what the targets speak of). */
const summaryTrendStats = ['avg', 'min', 'med', 'p(90)', 'p(95)', 'p(99)', 'max', 'count'];

/** How many VUs (= citizen slots) a verification scenario of `config` can run at most. */
export function slotsOf(config: LoadConfig): number {
  return config.model === 'open' ? config.maxVus : config.vus;
}

/** The k6 scenario of the closed or open model running `execName`. */
export function modelScenario(config: LoadConfig, execName: string): Scenario {
  if (config.model === 'open') {
    return {
      executor: 'constant-arrival-rate',
      exec: execName,
      rate: config.rate,
      timeUnit: '1s',
      duration: config.duration,
      preAllocatedVUs: Math.min(config.maxVus, Math.max(1, Math.ceil(config.rate))),
      maxVUs: config.maxVus,
      gracefulStop: '30s',
    };
  }
  return {
    executor: 'constant-vus',
    exec: execName,
    vus: config.vus,
    duration: config.duration,
    gracefulStop: '30s',
  };
}

/** Options of a script: its scenarios and thresholds plus the shared settings. */
export function scriptOptions(
  scenarios: Record<string, Scenario>,
  thresholds: Record<string, string[]>,
): Options {
  return {
    scenarios,
    thresholds,
    summaryTrendStats,
    setupTimeout: '5m',
    teardownTimeout: '2m',
  };
}

/** The VU's slot: 0 for the first VU of the test. */
export function currentSlot(): number {
  return exec.vu.idInTest - 1;
}

/** The citizen of `slot` (offset by `offset` slots, for flows with two citizens). */
export function citizenOf(world: LoadWorld, slot: number, offset = 0): LoadCitizen {
  const citizen = world.citizens[slot + offset];
  if (!citizen) {
    throw new Error(
      `VU slot ${slot} has no citizen of its own (${world.citizens.length} provisioned): ` +
        'set VUS / MAX_VUS in the environment rather than --vus on the command line',
    );
  }
  return citizen;
}

/** The API key of `slot` (round robin over every key of every verifier). */
export function keyOf(world: LoadWorld, slot: number): LoadKey {
  return world.keys[slot % world.keys.length]!;
}

/** A fresh nonce for a request (binds the presentation to this iteration, D4). */
export function nonceOf(slot: number): string {
  return `k6-${slot}-${exec.vu.iterationInInstance}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Resolves after `ms` (k6 timers; no-op for ms ≤ 0). */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0) resolve();
    else setTimeout(resolve, ms);
  });
}

/** Options of `setupWorld`. */
export interface WorldNeeds {
  /** Citizens to enroll. */
  citizens: number;
  /** Devices per citizen. Default 1. */
  devicesPerCitizen?: number;
  /** Flows the verifiers may use. */
  flows: string[];
}

/** `setup()`: registers the verifiers and enrolls the citizens this run needs. */
export function setupWorld(config: LoadConfig, needs: WorldNeeds): Promise<LoadWorld> {
  return provisionWorld({
    hubUrls: config.hubUrls,
    adminToken: config.adminToken,
    http: k6Http,
    verifiers: config.verifiers,
    keysPerVerifier: config.keysPerVerifier,
    citizens: needs.citizens,
    devicesPerCitizen: needs.devicesPerCitizen ?? 1,
    origin: config.origin,
    flows: needs.flows,
    displaySeconds: config.displaySeconds,
    label: new Date().toISOString().slice(0, 19),
  });
}

/** `teardown()`: suspends the run's verifiers. */
export function teardownWorld(config: LoadConfig, world: LoadWorld): Promise<void> {
  return retireWorld(world, config.adminToken, k6Http);
}
