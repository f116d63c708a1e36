/**
 * F1 across nodes (X2), for `npm run cluster`: every slot's phone is on one node and its widget
 * (and the bank's backend calls) on the next one of `HUB_URLS`, so each verification's join,
 * approval and data cross nodes through Redis. Closed model by default; `MODEL=open` as in
 * f1-code.ts.
 *
 *   k6 run -e HUB_URLS=http://127.0.0.1:3000,http://127.0.0.1:3001 -e ADMIN_TOKEN=… \
 *     loadtest/f1-cross-node.ts
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
if (config.hubUrls.length < 2) {
  throw new Error('f1-cross-node needs at least two nodes in HUB_URLS (comma-separated)');
}
const runtime = k6Runtime(config.stepTimeoutMs);
const scenarioName = config.model === 'open' ? 'f1_cross_node_open' : 'f1_cross_node_closed';

/** k6 options: the scenario and the thresholds that encode the targets. */
export const options = scriptOptions(
  { [scenarioName]: verificationScenario(config, 'verify') },
  config.model === 'open'
    ? {
        ...baseThresholds(),
        mdok_approve_to_data_ms: [`p(99)<=${config.approveP99Ms}`],
        dropped_iterations: ['count==0'],
      }
    : baseThresholds(),
);

/** Registers this run's verifiers and enrolls its citizens (the data every VU gets). */
export function setup(): Promise<LoadWorld> {
  return setupWorld(config, { citizens: slotsOf(config), flows: ['code'] });
}

/** One F1 verification with the phone on node `slot` and the widget on node `slot + 1`. */
export async function verify(world: LoadWorld): Promise<void> {
  const slot = currentSlot();
  const citizen = citizenOf(world, slot);
  const key = keyOf(world, slot);
  const nodes = world.hubUrls;
  const phoneUrl = nodes[slot % nodes.length]!;
  const widgetUrl = nodes[(slot + 1) % nodes.length]!;
  await attempt(
    'F1 cross-node',
    () =>
      withPhone(runtime, phoneUrl, citizen.devices[0]!.deviceToken, (phone) =>
        verifyByCode(runtime, {
          api: hubApi(widgetUrl, k6Http),
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
