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
import { verificationScenario } from './lib/k6-script.ts';

const crossNode = verificationScenario({
  name: 'f1_cross_node',
  flow: 'F1 cross-node',
  verifierFlows: ['code'],
  minNodes: 2,
  latencyTarget: true,
  // The phone on the slot's node, the widget and the backend calls on the next one.
  verify: (at) =>
    at.phone(at.node(), at.citizen(), (phone) =>
      verifyByCode(at.runtime, { ...at.verifier(at.node(1)), phone }),
    ),
});

/** k6 options: the scenario and the thresholds that encode the targets. */
export const options = crossNode.options;
/** Registers this run's verifiers and enrolls its citizens (the data every VU gets). */
export const setup = crossNode.setup;
/** One F1 verification with the phone on node `slot` and the widget on node `slot + 1`. */
export const verify = crossNode.run;
export default verify;
/** Suspends this run's verifiers. */
export const teardown = crossNode.teardown;
