/**
 * F4 (citizen to citizen): one citizen opens a peer session from their phone
 * (`POST /v1/citizen/peer-sessions` with their device token) and shows the code on their own
 * widget; a second citizen's phone joins by that code and approves; the first citizen's widget
 * receives the signed `session:data` (name, age over 18, validity only). Each VU uses two
 * citizens of its own, so `VUS` (or `MAX_VUS`) may be at most 50. Closed model by default;
 * `MODEL=open` as in f1-code.ts.
 *
 *   k6 run -e HUB_URL=http://localhost:3000 -e ADMIN_TOKEN=… loadtest/f4-peer.ts
 */
import { verifyPeer } from './lib/flows.ts';
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
  scriptOptions,
  setupWorld,
  slotsOf,
  teardownWorld,
  verificationScenario,
} from './lib/k6-scenario.ts';
import type { LoadWorld } from './lib/provision.ts';

const config = loadConfig({ vus: 10 });
if (slotsOf(config) > 50) throw new Error('F4 uses two citizens per VU: at most 50 VUs');
const runtime = k6Runtime(config.stepTimeoutMs);

/** k6 options: the scenario and the thresholds that encode the targets. */
export const options = scriptOptions(
  { [`f4_${config.model}`]: verificationScenario(config, 'verify') },
  baseThresholds(),
);

/** Registers this run's verifiers and enrolls its citizens (the data every VU gets). */
export function setup(): Promise<LoadWorld> {
  // Slot s verifies with citizen 2s and is answered by citizen 2s + 1.
  return setupWorld(config, { citizens: 2 * slotsOf(config), flows: ['code'] });
}

/** One F4 verification between this VU's two citizens. */
export async function verify(world: LoadWorld): Promise<void> {
  const slot = currentSlot();
  const asking = citizenOf(world, 2 * slot);
  const answering = citizenOf(world, 2 * slot, 1);
  const url = world.hubUrls[slot % world.hubUrls.length]!;
  await attempt(
    'F4',
    () =>
      withPhone(runtime, url, answering.devices[0]!.deviceToken, (phone) =>
        verifyPeer(runtime, {
          api: hubApi(url, k6Http),
          verifierToken: asking.devices[0]!.deviceToken,
          phone,
          displaySeconds: world.displaySeconds,
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
