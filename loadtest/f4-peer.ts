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
import { verificationScenario } from './lib/k6-script.ts';

const f4 = verificationScenario({
  name: 'f4',
  flow: 'F4',
  // Verifiers are registered (and suspended again) as in every scenario; F4 uses none of them.
  verifierFlows: ['code'],
  // Slot s asks as citizen 2s and is answered by citizen 2s + 1.
  citizensPerSlot: 2,
  verify: (at) =>
    at.phone(at.node(), at.citizen(1), (phone) =>
      verifyPeer(at.runtime, {
        api: at.api(at.node()),
        verifierToken: at.citizen(0).devices[0]!.deviceToken,
        phone,
        displaySeconds: at.world.displaySeconds,
      }),
    ),
});

/** k6 options: the scenario and the thresholds that encode the targets. */
export const options = f4.options;
/** Registers this run's verifiers and enrolls its citizens (the data every VU gets). */
export const setup = f4.setup;
/** One F4 verification between this VU's two citizens. */
export const verify = f4.run;
export default verify;
/** Suspends this run's verifiers. */
export const teardown = f4.teardown;
