/**
 * F2 (push with number matching): the clerk names the citizen by PESEL when creating the
 * session, the request reaches the citizen's connected phone as `request:incoming`, and the
 * phone approves with the 2-digit match number from the create answer (P5); the widget receives
 * the signed `session:data`. Closed model by default; `MODEL=open` as in f1-code.ts.
 *
 *   k6 run -e HUB_URL=http://localhost:3000 -e ADMIN_TOKEN=… loadtest/f2-push.ts
 */
import { verifyByPush } from './lib/flows.ts';
import { hubApi } from './lib/hub-api.ts';
import { loadConfig } from './lib/k6-config.ts';
import {
  approveToDataMs,
  attempt,
  baseThresholds,
  createMs,
  pushMs,
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

/** k6 options: the scenario and the thresholds that encode the targets. */
export const options = scriptOptions(
  { [`f2_${config.model}`]: verificationScenario(config, 'verify') },
  baseThresholds(),
);

/** Registers this run's verifiers and enrolls its citizens (the data every VU gets). */
export function setup(): Promise<LoadWorld> {
  return setupWorld(config, { citizens: slotsOf(config), flows: ['push'] });
}

/** One F2 verification of this VU's citizen. */
export async function verify(world: LoadWorld): Promise<void> {
  const slot = currentSlot();
  const citizen = citizenOf(world, slot);
  const key = keyOf(world, slot);
  const url = world.hubUrls[slot % world.hubUrls.length]!;
  await attempt(
    'F2',
    () =>
      withPhone(runtime, url, citizen.devices[0]!.deviceToken, (phone) =>
        verifyByPush(runtime, {
          api: hubApi(url, k6Http),
          apiKey: key.apiKey,
          verifierId: key.verifierId,
          origin: world.origin,
          displaySeconds: world.displaySeconds,
          phone,
          pesel: citizen.pesel,
          nonce: nonceOf(slot),
        }),
      ),
    (t, tags) => {
      createMs.add(t.create, tags);
      pushMs.add(t.push, tags);
      widgetConnectMs.add(t.widgetConnect, tags);
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
