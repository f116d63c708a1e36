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
import { verificationScenario } from './lib/k6-script.ts';

const f1 = verificationScenario({
  name: 'f1',
  flow: 'F1',
  verifierFlows: ['code'],
  // The target: at half capacity, approve→data stays within 10 ms for 99 % of verifications.
  latencyTarget: true,
  // Phone, widget and backend calls all on the slot's node.
  verify: (at) =>
    at.phone(at.node(), at.citizen(), (phone) =>
      verifyByCode(at.runtime, { ...at.verifier(at.node()), phone }),
    ),
});

/** k6 options: the scenario and the thresholds that encode the targets. */
export const options = f1.options;
/** Registers this run's verifiers and enrolls its citizens (the data every VU gets). */
export const setup = f1.setup;
/** One F1 verification by this VU's citizen. */
export const verify = f1.run;
export default verify;
/** Suspends this run's verifiers. */
export const teardown = f1.teardown;
