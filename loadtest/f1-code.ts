/**
 * F1 (code), the default flow, end to end on one node: the bank's backend creates the session,
 * the clerk's widget connects to `/verifier`, the citizen's phone connects to `/citizen`, joins
 * by code and approves, and the widget receives the signed `session:data`.
 *
 * `MODEL=closed` (default): `VUS` VUs verify back to back for `DURATION` — capacity, read as
 * `mdok_verifications` per second. `MODEL=open`: `RATE` verifications start per second whatever
 * the hub's latency (constant-arrival-rate, up to `MAX_VUS` in flight) — latency at a fixed load;
 * run it at half the closed model's capacity, where approve→data p99 must stay ≤ 10 ms.
 *
 *   k6 run -e HUB_URL=http://localhost:3000 -e ADMIN_TOKEN=… loadtest/f1-code.ts
 *   k6 run -e MODEL=open -e RATE=40 -e ADMIN_TOKEN=… loadtest/f1-code.ts
 */
import { verifyByCode } from './lib/flows.ts';
import { hubApi } from './lib/hub-api.ts';
import { loadConfig } from './lib/k6-config.ts';
import {
  approveToDataMs,
  attempt,
  baseThresholds,
  createMs,
  joinAckMs,
  verificationMs,
  widgetConnectMs,
  withPhone,
} from './lib/k6-metrics.ts';
import { k6Http, k6Runtime } from './lib/k6-runtime.ts';
import {
  citizenOf,
  currentSlot,
  keyOf,
  nonceOf,
  scriptOptions,
  setupWorld,
  slotsOf,
  teardownWorld,
  verificationScenario,
} from './lib/k6-scenario.ts';
import type { LoadWorld } from './lib/provision.ts';

const config = loadConfig({ vus: 10 });
const runtime = k6Runtime(config.stepTimeoutMs);
const scenarioName = config.model === 'open' ? 'f1_open' : 'f1_closed';

/** k6 options: the scenario and the thresholds that encode the targets. */
export const options = scriptOptions(
  { [scenarioName]: verificationScenario(config, 'verify') },
  config.model === 'open'
    ? {
        ...baseThresholds(),
        // The target: at half capacity, approve→data stays within 10 ms for 99 % of verifications.
        mdok_approve_to_data_ms: [`p(99)<=${config.approveP99Ms}`],
        // Iterations k6 could not start for want of a free VU mean the hub fell behind the rate.
        dropped_iterations: ['count==0'],
      }
    : baseThresholds(),
);

/** Registers this run's verifiers and enrolls its citizens (the data every VU gets). */
export function setup(): Promise<LoadWorld> {
  return setupWorld(config, { citizens: slotsOf(config), flows: ['code'] });
}

/** One F1 verification by this VU's citizen, everything on the slot's node. */
export async function verify(world: LoadWorld): Promise<void> {
  const slot = currentSlot();
  const citizen = citizenOf(world, slot);
  const key = keyOf(world, slot);
  const url = world.hubUrls[slot % world.hubUrls.length]!;
  await attempt(
    'F1',
    () =>
      withPhone(runtime, url, citizen.devices[0]!.deviceToken, (phone) =>
        verifyByCode(runtime, {
          api: hubApi(url, k6Http),
          apiKey: key.apiKey,
          verifierId: key.verifierId,
          origin: world.origin,
          displaySeconds: world.displaySeconds,
          phone,
          nonce: nonceOf(slot),
        }),
      ),
    (t, tags) => {
      createMs.add(t.create, tags);
      widgetConnectMs.add(t.widgetConnect, tags);
      joinAckMs.add(t.join, tags);
      approveToDataMs.add(t.approveToData, tags);
      verificationMs.add(t.whole, tags);
    },
  );
}

export default verify;

/** Suspends this run's verifiers. */
export function teardown(world: LoadWorld): Promise<void> {
  return teardownWorld(config, world);
}
