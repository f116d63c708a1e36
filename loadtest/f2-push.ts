/**
 * F2 (push with number matching): the clerk names the citizen by PESEL when creating the
 * session, the request reaches the citizen's connected phone as `request:incoming`, and the
 * phone approves with the 2-digit match number from the create answer (P5); the widget receives
 * the signed `session:data`. Closed model by default; `MODEL=open` as in f1-code.ts.
 *
 *   k6 run -e HUB_URL=http://localhost:3000 -e ADMIN_TOKEN=… loadtest/f2-push.ts
 */
import { verifyByPush } from './lib/flows.ts';
import { verificationScenario } from './lib/k6-script.ts';

const f2 = verificationScenario({
  name: 'f2',
  flow: 'F2',
  verifierFlows: ['push'],
  verify: (at) => {
    const citizen = at.citizen();
    return at.phone(at.node(), citizen, (phone) =>
      verifyByPush(at.runtime, { ...at.verifier(at.node()), phone, pesel: citizen.pesel }),
    );
  },
});

/** k6 options: the scenario and the thresholds that encode the targets. */
export const options = f2.options;
/** Registers this run's verifiers and enrolls its citizens (the data every VU gets). */
export const setup = f2.setup;
/** One F2 verification of this VU's citizen. */
export const verify = f2.run;
export default verify;
/** Suspends this run's verifiers. */
export const teardown = f2.teardown;
