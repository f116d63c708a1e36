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
import { durationMs } from './lib/duration.ts';
import { verifyByCode } from './lib/flows.ts';
import { envDuration, envInt, loadConfig } from './lib/k6-config.ts';
import { pause } from './lib/k6-scenario.ts';
import { scenarioScript } from './lib/k6-script.ts';
import { MAX_DEV_CITIZENS } from './lib/provision.ts';

const config = loadConfig();
const burst = envInt('BURST', 50, 1, MAX_DEV_CITIZENS);
const leadMs = durationMs(envDuration('BURST_LEAD', '5s'));
const joinDelayMs = durationMs(envDuration('JOIN_DELAY', '2s'));

/** VUs that reached the create or join instant late (the burst was less sharp than asked). */
const burstLate = new Counter('mdok_burst_late');

/** Waits until `instant` (epoch ms); counts the VU as late when it is already past. */
async function until(instant: number): Promise<void> {
  const wait = instant - Date.now();
  if (wait < 0) burstLate.add(1);
  await pause(wait);
}

const pairingBurst = scenarioScript({
  config,
  flow: 'F1 burst',
  scenarios: {
    pairing_burst: {
      executor: 'per-vu-iterations',
      exec: 'verify',
      vus: burst,
      iterations: 1,
      maxDuration: '5m',
    },
  },
  needs: { citizens: burst, flows: ['code'] },
  // The create and join instants, fixed once every citizen is enrolled.
  plan: () => {
    const createAt = Date.now() + leadMs;
    return { createAt, joinAt: createAt + joinDelayMs };
  },
  // Connect, create at `createAt`, join at `joinAt`.
  run: async (at) => {
    await at.verify(() =>
      at.phone(at.node(), at.citizen(), async (phone) => {
        await until(at.plan.createAt);
        const beforeJoin = () => until(at.plan.joinAt);
        return verifyByCode(at.runtime, { ...at.verifier(at.node()), phone, beforeJoin });
      }),
    );
  },
});

/** k6 options: the scenario and the thresholds that encode the targets. */
export const options = pairingBurst.options;
/** Registers the verifiers, enrolls the citizens and fixes the create and join instants. */
export const setup = pairingBurst.setup;
/** This VU's part of the burst. */
export const verify = pairingBurst.run;
export default verify;
/** Suspends this run's verifiers. */
export const teardown = pairingBurst.teardown;
