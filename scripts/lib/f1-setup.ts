/**
 * Putting an F1 driver together: connecting phones (one socket per device token, a few
 * handshakes at a time, through a byte meter) and, for `npm run bench:cluster`, provisioning a
 * verifier and phones on a hub and handing back a driver over them.
 */
import { createF1Driver, type F1Driver, type Phone } from './f1-driver.js';
import { provisionF1 } from './f1-provision.js';
import { connect } from './socket-client.js';
import { createWireMeter, type WireMeter } from './wire-meter.js';

/** Connects one phone per device token (phone `i` to node `i mod N`), `concurrency` at a time. */
export async function connectPhones(
  nodeUrls: string[],
  deviceTokens: string[],
  meter: WireMeter,
  concurrency = 32,
): Promise<Phone[]> {
  const phones: Phone[] = new Array<Phone>(deviceTokens.length);
  let next = 0;
  const worker = async () => {
    while (next < deviceTokens.length) {
      const i = next++;
      const node = i % nodeUrls.length;
      const socket = await connect(nodeUrls[node]!, '/citizen', deviceTokens[i]!, {
        agent: meter.agent('phone'),
      });
      phones[i] = { socket, node };
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, deviceTokens.length) }, worker));
  } catch (error) {
    for (const phone of phones) phone?.socket.close();
    throw error;
  }
  return phones;
}

/** Options of `prepareF1`. */
export interface F1DriverOptions {
  nodeUrls: string[];
  adminToken: string;
  /** How many phones to enroll and connect: the highest concurrency a run may use. */
  phones: number;
}

/** Provisions a verifier and phones on the hub (node 0) and connects the phones. */
export async function prepareF1(options: F1DriverOptions): Promise<F1Driver> {
  const credentials = await provisionF1(options.nodeUrls[0]!, options.adminToken, options.phones);
  const meter = createWireMeter();
  const phones = await connectPhones(options.nodeUrls, credentials.deviceTokens, meter);
  return createF1Driver(
    { nodeUrls: options.nodeUrls, apiKey: credentials.apiKey, displaySeconds: 60 },
    phones,
    meter,
  );
}
