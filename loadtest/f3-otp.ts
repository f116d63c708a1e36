/**
 * F3 (SMS code, the 2017 flow): the clerk names a citizen by PESEL, the hub texts a one-time code
 * through the console SMS gateway, the load test reads it back from the dev outbox of the same
 * node (`GET /v1/dev/sms?phone=`, as the citizen would read it aloud), the widget submits it with
 * `otp:submit` and receives the signed `session:data`. No phone socket: F3 is for citizens
 * without a smartphone. Closed model by default; `MODEL=open` as in f1-code.ts.
 *
 *   k6 run -e HUB_URL=http://localhost:3000 -e ADMIN_TOKEN=… loadtest/f3-otp.ts
 */
import { verifyByOtp } from './lib/flows.ts';
import { hubApi } from './lib/hub-api.ts';
import { loadConfig } from './lib/k6-config.ts';
import {
  attempt,
  baseThresholds,
  createMs,
  otpToDataMs,
  smsReadMs,
  verificationMs,
  widgetConnectMs,
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
  { [`f3_${config.model}`]: verificationScenario(config, 'verify') },
  baseThresholds(),
);

/** Registers this run's verifiers and enrolls its citizens (the data every VU gets). */
export function setup(): Promise<LoadWorld> {
  // Enrollment is not needed for F3, but the citizens come from the same sample either way.
  return setupWorld(config, { citizens: slotsOf(config), flows: ['otp'] });
}

/** One F3 verification of this VU's citizen. */
export async function verify(world: LoadWorld): Promise<void> {
  const slot = currentSlot();
  const citizen = citizenOf(world, slot);
  const key = keyOf(world, slot);
  const url = world.hubUrls[slot % world.hubUrls.length]!;
  await attempt(
    'F3',
    () =>
      verifyByOtp(runtime, {
        api: hubApi(url, k6Http),
        apiKey: key.apiKey,
        verifierId: key.verifierId,
        origin: world.origin,
        displaySeconds: world.displaySeconds,
        pesel: citizen.pesel,
        phoneNumber: citizen.phone,
        nonce: nonceOf(slot),
      }),
    (t, tags) => {
      createMs.add(t.create, tags);
      widgetConnectMs.add(t.widgetConnect, tags);
      smsReadMs.add(t.sms, tags);
      otpToDataMs.add(t.otpToData, tags);
      verificationMs.add(t.whole, tags);
    },
  );
}

export default verify;

/** Suspends this run's verifiers. */
export function teardown(world: LoadWorld): Promise<void> {
  return teardownWorld(config, world);
}
