/**
 * An idle-sockets soak: `SOCKETS` citizen phones connect to `/citizen` and stay open for `HOLD`,
 * answering the hub's Engine.IO pings (every 25 s by default) and nothing else — the load of a
 * population with the app open — then each VU runs one F1 verification through the first socket
 * it holds, to show the hub still serves verifications with that many sockets open. Each VU holds
 * `SOCKETS_PER_VU` sockets (a k6 VU is a whole JavaScript runtime: one per socket would cost the
 * load generator more than the hub). Devices are spread over at most 100 citizens, several per
 * citizen; the verifying sockets belong to distinct citizens.
 *
 *   k6 run -e HUB_URL=http://localhost:3000 -e ADMIN_TOKEN=… -e SOCKETS=2000 -e HOLD=5m \
 *     loadtest/idle-soak.ts
 */
import { check } from 'k6';
import { Counter } from 'k6/metrics';
import { durationMs } from './lib/duration.ts';
import { connectPhone, step, verifyByCode } from './lib/flows.ts';
import { envDuration, envInt, loadConfig } from './lib/k6-config.ts';
import { phoneConnectMs } from './lib/k6-metrics.ts';
import { pause } from './lib/k6-scenario.ts';
import { scenarioScript, type Iteration } from './lib/k6-script.ts';
import { inPool, MAX_DEV_CITIZENS, type LoadWorld } from './lib/provision.ts';
import type { SocketIoClient } from './lib/socketio-client.ts';

const config = loadConfig();
const sockets = envInt('SOCKETS', 1000, 1, 200_000);
const perVu = envInt('SOCKETS_PER_VU', 50, 1, 10_000);
const holdMs = durationMs(envDuration('HOLD', '2m'));
const connectConcurrency = envInt('CONNECT_CONCURRENCY', 10, 1, 1000);
const vus = Math.ceil(sockets / perVu);
const citizens = Math.min(MAX_DEV_CITIZENS, sockets);
if (vus > citizens) {
  throw new Error(
    `${vus} VUs would need ${vus} distinct citizens to verify through (at most ${citizens}): ` +
      `raise SOCKETS_PER_VU to at least ${Math.ceil(sockets / citizens)}`,
  );
}
const flow = 'F1 soak';

/** Sockets that completed the `/citizen` handshake. */
const soakConnected = new Counter('mdok_soak_connected');
/** Sockets that could not connect. */
const soakConnectFailures = new Counter('mdok_soak_connect_failures');
/** Sockets that were connected but had closed by the end of the hold. */
const soakDropped = new Counter('mdok_soak_dropped');
/** Engine.IO pings answered by the held sockets during the hold. */
const heartbeats = new Counter('mdok_heartbeats');

/** Device `d` of the run: citizen `d mod C`, that citizen's device number `d div C`. */
function deviceOf(world: LoadWorld, d: number): string {
  const device =
    world.citizens[d % world.citizens.length]!.devices[Math.floor(d / world.citizens.length)];
  if (!device) throw new Error(`device ${d} was not provisioned`);
  return device.deviceToken;
}

/** Connects device `d` to node `d mod n`; undefined (and counted) when it cannot. */
async function hold(at: Iteration<undefined>, d: number): Promise<SocketIoClient | undefined> {
  const nodes = at.world.hubUrls;
  const started = Date.now();
  try {
    const phone = await connectPhone(at.runtime, nodes[d % nodes.length]!, deviceOf(at.world, d));
    phoneConnectMs.add(Date.now() - started, { flow });
    soakConnected.add(1);
    return phone;
  } catch (error) {
    soakConnectFailures.add(1);
    console.warn(`[vu ${at.slot + 1}] socket ${d} did not connect: ${(error as Error).message}`);
    return undefined;
  }
}

/** Holds the VU's share of the sockets through the hold, then verifies through the first one. */
async function holdThenVerify(at: Iteration<undefined>): Promise<void> {
  // VU v holds devices v, v + vus, v + 2·vus, …: device v's citizen is v, distinct per VU.
  const mine: number[] = [];
  for (let d = at.slot; d < sockets; d += vus) mine.push(d);
  const held = await inPool(mine, connectConcurrency, (d) => hold(at, d));
  const open = held.filter((s): s is SocketIoClient => s !== undefined);

  await pause(holdMs);

  const dropped = open.filter((s) => !s.connected).length;
  soakDropped.add(dropped);
  heartbeats.add(open.reduce((sum, s) => sum + s.heartbeats, 0));
  // A socket held through k pings intervals answered about k pings; one may be in flight.
  const pingsExpected = (s: SocketIoClient) =>
    s.pingInterval > 0 ? Math.max(0, Math.floor(holdMs / s.pingInterval) - 1) : 0;
  check(open, {
    'every socket connected': () => open.length === mine.length,
    'every socket stayed open through the hold': () => dropped === 0,
    "every socket answered the hub's pings": (list) =>
      list.every((s) => s.heartbeats >= pingsExpected(s)),
  });

  const first = held[0];
  await at.verify(async () => {
    const phone = await step('phone connect', async () => {
      if (!first?.connected) throw new Error('the verifying socket is not connected');
      return first;
    });
    return verifyByCode(at.runtime, { ...at.verifier(at.node()), phone });
  });
  await Promise.all(open.map((s) => s.close()));
}

const idleSoak = scenarioScript({
  config,
  flow,
  scenarios: {
    idle_soak: {
      executor: 'per-vu-iterations',
      exec: 'soak',
      vus,
      iterations: 1,
      // The hold plus time to connect, verify and close; past it k6 stops the VU.
      maxDuration: `${Math.ceil(holdMs / 1000) + 300}s`,
    },
  },
  thresholds: { mdok_soak_connect_failures: ['count==0'], mdok_soak_dropped: ['count==0'] },
  needs: { citizens, devicesPerCitizen: Math.ceil(sockets / citizens), flows: ['code'] },
  run: holdThenVerify,
});

/** k6 options: the scenario and the thresholds that encode the targets. */
export const options = idleSoak.options;
/** Registers this run's verifiers and enrolls its citizens and their devices. */
export const setup = idleSoak.setup;
/** This VU's sockets held, then one verification through them. */
export const soak = idleSoak.run;
export default soak;
/** Suspends this run's verifiers. */
export const teardown = idleSoak.teardown;
