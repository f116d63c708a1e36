/**
 * The one builder the scenario scripts are declared with. A script names only what is its own —
 * its k6 scenario, thresholds beyond the shared ones, what setup enrolls, its flow tag and what
 * one iteration does — and re-exports the pieces this answers (`options`, `setup`, the function
 * its scenario's `exec` names, `default`, `teardown`): k6 looks for them among the exports of the
 * script file itself. `verificationScenario` declares F1–F4 over it: the closed or open model
 * from `MODEL`, one citizen (F4: two) per VU slot, and F1's latency target in the open model.
 */
import type { Options, Scenario } from 'k6/options';
import type { FlowRuntime, VerifierSide } from './flows.ts';
import { hubApi, type HubApi } from './hub-api.ts';
import { loadConfig, type LoadConfig } from './k6-config.ts';
import { attempt, baseThresholds, withPhone, type StepTimings } from './k6-metrics.ts';
import { k6Http, k6Runtime } from './k6-runtime.ts';
import {
  citizenOf,
  currentSlot,
  keyOf,
  modelScenario,
  nonceOf,
  scriptOptions,
  setupWorld,
  slotsOf,
  teardownWorld,
  type WorldNeeds,
} from './k6-scenario.ts';
import { MAX_DEV_CITIZENS, type LoadCitizen, type LoadWorld } from './provision.ts';
import type { SocketIoClient } from './socketio-client.ts';

/** The setup data k6 hands every VU: the provisioned world and what else setup fixed. */
export interface SetupData<P> {
  world: LoadWorld;
  plan: P;
}

/** What a scenario script exports, under the names k6 looks for. */
export interface ScriptPieces<P> {
  /** `options`: the scenario, the thresholds and the shared settings. */
  options: Options;
  /** `setup`: registers the verifiers and enrolls the citizens, then fixes the plan. */
  setup: () => Promise<SetupData<P>>;
  /** The function the scenario's `exec` names (and the default export): one VU iteration. */
  run: (data: SetupData<P>) => Promise<void>;
  /** `teardown`: suspends the run's verifiers. */
  teardown: (data: SetupData<P>) => Promise<void>;
}

/** What one iteration of a VU works with. */
export interface Iteration<P> {
  world: LoadWorld;
  plan: P;
  /** The VU's slot: which citizen(s), API key and node it uses (see k6-scenario.ts). */
  slot: number;
  runtime: FlowRuntime;
  /** The slot's node, or the one `shift` places after it in the node list. */
  node(shift?: number): string;
  /** The slot's citizen `k` (F4: 0 asks, 1 answers). */
  citizen(k?: number): LoadCitizen;
  /** The hub's HTTP API on node `url`. */
  api(url: string): HubApi;
  /** The slot's bank backend calling node `url`: its API key, origin, window and a fresh nonce. */
  verifier(url: string): VerifierSide & { nonce: string };
  /** Connects `citizen`'s first device to node `url` as a phone, runs `body`, closes it. */
  phone<T>(
    url: string,
    citizen: LoadCitizen,
    body: (phone: SocketIoClient) => Promise<T>,
  ): Promise<T>;
  /** Runs one verification and records it under the script's flow; never throws. */
  verify<T extends StepTimings>(run: () => Promise<T>): Promise<T | undefined>;
}

/** A scenario script's own parts. */
export interface ScriptSpec<P> {
  config: LoadConfig;
  /** The `flow` tag of its metrics and the name of its check (`F1`, `F1 burst`…). */
  flow: string;
  /** Its k6 scenario by name; `exec` names the function the script exports as `run`. */
  scenarios: Record<string, Scenario>;
  /** Thresholds besides the shared ones (no failed check, every verification delivered). */
  thresholds?: Record<string, string[]>;
  /** What setup enrolls. */
  needs: WorldNeeds;
  /** Citizens per VU slot: `citizen(k)` is citizen `citizensPerSlot × slot + k`. Default 1. */
  citizensPerSlot?: number;
  /** What setup fixes once the world is enrolled (the burst's instants). */
  plan?: () => P;
  /** One iteration of a VU. */
  run(at: Iteration<P>): Promise<void>;
}

/** The iteration the current VU runs on `data`. */
function iterationOf<P>(
  spec: ScriptSpec<P>,
  runtime: FlowRuntime,
  data: SetupData<P>,
): Iteration<P> {
  const { world, plan } = data;
  const slot = currentSlot();
  const perSlot = spec.citizensPerSlot ?? 1;
  const tags = { flow: spec.flow };
  const api = (url: string) => hubApi(url, k6Http);
  return {
    world,
    plan,
    slot,
    runtime,
    node: (shift = 0) => world.hubUrls[(slot + shift) % world.hubUrls.length]!,
    citizen: (k = 0) => citizenOf(world, perSlot * slot, k),
    api,
    verifier: (url) => {
      const key = keyOf(world, slot);
      return {
        api: api(url),
        apiKey: key.apiKey,
        verifierId: key.verifierId,
        origin: world.origin,
        displaySeconds: world.displaySeconds,
        nonce: nonceOf(slot),
      };
    },
    phone: (url, citizen, body) =>
      withPhone(runtime, url, citizen.devices[0]!.deviceToken, tags, body),
    verify: (run) => attempt(spec.flow, run),
  };
}

/** The exports of a scenario script declared by `spec`. */
export function scenarioScript<P = undefined>(spec: ScriptSpec<P>): ScriptPieces<P> {
  const { config } = spec;
  const runtime = k6Runtime(config.stepTimeoutMs);
  return {
    options: scriptOptions(spec.scenarios, { ...baseThresholds(), ...spec.thresholds }),
    setup: async () => {
      const world = await setupWorld(config, spec.needs);
      return { world, plan: spec.plan ? spec.plan() : (undefined as P) };
    },
    run: (data) => spec.run(iterationOf(spec, runtime, data)),
    teardown: (data) => teardownWorld(config, data.world),
  };
}

/** An F1–F4 script's own parts. */
export interface VerificationSpec<T extends StepTimings> {
  /** The k6 scenario's name, before `_closed` or `_open`. */
  name: string;
  /** The `flow` tag and check name. */
  flow: string;
  /** The flows the verifiers are registered for. */
  verifierFlows: string[];
  /** Citizens per VU slot. Default 1. */
  citizensPerSlot?: number;
  /** Nodes `HUB_URLS` must name at least. Default 1. */
  minNodes?: number;
  /** F1's target in the open model: approve→data p99 ≤ `APPROVE_P99_MS`, no dropped iteration. */
  latencyTarget?: boolean;
  /** One verification by the slot's citizen(s). */
  verify(at: Iteration<undefined>): Promise<T>;
}

/**
 * An F1–F4 script: `VUS` VUs back to back (closed model) or `RATE` verifications a second on up
 * to `MAX_VUS` VUs (open model), each VU slot with citizens, an API key and a node of its own.
 * Its `exec` function is `verify`. Settings that cannot work fail here, in the init context.
 */
export function verificationScenario<T extends StepTimings>(
  spec: VerificationSpec<T>,
): ScriptPieces<undefined> {
  const config = loadConfig();
  const perSlot = spec.citizensPerSlot ?? 1;
  const minNodes = spec.minNodes ?? 1;
  if (config.hubUrls.length < minNodes) {
    throw new Error(`${spec.flow} needs at least ${minNodes} nodes in HUB_URLS (comma-separated)`);
  }
  if (slotsOf(config) * perSlot > MAX_DEV_CITIZENS) {
    const most = Math.floor(MAX_DEV_CITIZENS / perSlot);
    throw new Error(`${spec.flow} uses ${perSlot} citizens per VU: at most ${most} VUs`);
  }
  const latency: Record<string, string[]> =
    spec.latencyTarget && config.model === 'open'
      ? {
          mdok_approve_to_data_ms: [`p(99)<=${config.approveP99Ms}`],
          // Iterations k6 could not start for want of a free VU: the hub fell behind the rate.
          dropped_iterations: ['count==0'],
        }
      : {};
  return scenarioScript({
    config,
    flow: spec.flow,
    scenarios: { [`${spec.name}_${config.model}`]: modelScenario(config, 'verify') },
    thresholds: latency,
    needs: { citizens: slotsOf(config) * perSlot, flows: spec.verifierFlows },
    citizensPerSlot: perSlot,
    run: async (at) => {
      await at.verify(() => spec.verify(at));
    },
  });
}
