/**
 * A pairing burst: `BURST` citizens' phones connect, then at one instant every VU's bank backend
 * creates an F1 session (so `BURST` six-digit codes are live at once, P2) and `JOIN_DELAY` later
 * every phone joins by its code at once, approves, and each widget receives its signed data. One
 * iteration per VU. The instants are fixed in `setup()` (`BURST_LEAD` after it ends), so the
 * VUs need no coordination; a VU that was not ready in time is counted in `mdok_burst_late`.
 *
 *   k6 run -e HUB_URL=http://localhost:3000 -e ADMIN_TOKEN=… -e BURST=100 loadtest/pairing-burst.ts
 */
import { Counter } from 'k6/metrics';
import { verifyByCode } from './lib/flows.ts';
import { hubApi } from './lib/hub-api.ts';
import { durationMs } from './lib/duration.ts';
import { envDuration, envInt, loadConfig } from './lib/k6-config.ts';
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
  pause,
  scriptOptions,
  setupWorld,
  teardownWorld,
} from './lib/k6-scenario.ts';
import { MAX_DEV_CITIZENS, type LoadWorld } from './lib/provision.ts';

const config = loadConfig();
const burst = envInt('BURST', 50, 1, MAX_DEV_CITIZENS);
const leadMs = durationMs(envDuration('BURST_LEAD', '5s'));
const joinDelayMs = durationMs(envDuration('JOIN_DELAY', '2s'));
const runtime = k6Runtime(config.stepTimeoutMs);

/** VUs that reached the create or join instant late (the burst was less sharp than asked). */
const burstLate = new Counter('mdok_burst_late');

/** The setup data: the world and the two instants (epoch ms). */
interface BurstPlan {
  world: LoadWorld;
  createAt: number;
  joinAt: number;
}

/** k6 options: the scenario and the thresholds that encode the targets. */
export const options = scriptOptions(
  {
    pairing_burst: {
      executor: 'per-vu-iterations',
      exec: 'verify',
      vus: burst,
      iterations: 1,
      maxDuration: '5m',
    },
  },
  baseThresholds(),
);

/** Registers the verifiers, enrolls the citizens and fixes the create and join instants. */
export async function setup(): Promise<BurstPlan> {
  const world = await setupWorld(config, { citizens: burst, flows: ['code'] });
  const createAt = Date.now() + leadMs;
  return { world, createAt, joinAt: createAt + joinDelayMs };
}

/** Waits until `instant`; counts the VU as late when it is already past. */
async function until(instant: number): Promise<void> {
  const wait = instant - Date.now();
  if (wait < 0) burstLate.add(1);
  await pause(wait);
}

/** This VU's part of the burst: connect, create at `createAt`, join at `joinAt`. */
export async function verify(plan: BurstPlan): Promise<void> {
  const { world } = plan;
  const slot = currentSlot();
  const citizen = citizenOf(world, slot);
  const key = keyOf(world, slot);
  const url = world.hubUrls[slot % world.hubUrls.length]!;
  await attempt(
    'F1 burst',
    () =>
      withPhone(runtime, url, citizen.devices[0]!.deviceToken, async (phone) => {
        await until(plan.createAt);
        return verifyByCode(runtime, {
          api: hubApi(url, k6Http),
          apiKey: key.apiKey,
          verifierId: key.verifierId,
          origin: world.origin,
          displaySeconds: world.displaySeconds,
          phone,
          nonce: nonceOf(slot),
          beforeJoin: () => until(plan.joinAt),
        });
      }),
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
export function teardown(plan: BurstPlan): Promise<void> {
  return teardownWorld(config, plan.world);
}
