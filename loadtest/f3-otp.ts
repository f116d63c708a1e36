/**
 * F3 (SMS code, the 2017 flow): the clerk names a citizen by PESEL, the hub texts a one-time code
 * through the console SMS gateway, the load test reads it back from the dev outbox of the same
 * node (`GET /v1/dev/sms?phone=`, as the citizen would read it aloud), the widget submits it with
 * `otp:submit` and receives the signed `session:data`. No phone socket: F3 is for citizens
 * without a smartphone (setup still enrolls them: the citizens come from the same sample). Closed
 * model by default; `MODEL=open` as in f1-code.ts.
 *
 *   k6 run -e HUB_URL=http://localhost:3000 -e ADMIN_TOKEN=… loadtest/f3-otp.ts
 */
import { verifyByOtp } from './lib/flows.ts';
import { verificationScenario } from './lib/k6-script.ts';

const f3 = verificationScenario({
  name: 'f3',
  flow: 'F3',
  verifierFlows: ['otp'],
  verify: (at) => {
    const { pesel, phone } = at.citizen();
    return verifyByOtp(at.runtime, { ...at.verifier(at.node()), pesel, phoneNumber: phone });
  },
});

/** k6 options: the scenario and the thresholds that encode the targets. */
export const options = f3.options;
/** Registers this run's verifiers and enrolls its citizens (the data every VU gets). */
export const setup = f3.setup;
/** One F3 verification of this VU's citizen. */
export const verify = f3.run;
export default verify;
/** Suspends this run's verifiers. */
export const teardown = f3.teardown;
