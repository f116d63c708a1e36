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
import { connectPhone, step, verifyByCode } from './lib/flows.ts';
import { hubApi } from './lib/hub-api.ts';
import { durationMs } from './lib/duration.ts';
import { envDuration, envInt, loadConfig } from './lib/k6-config.ts';
import {
  approveToDataMs,
  attempt,
  baseThresholds,
  createMs,
  joinAckMs,
  phoneConnectMs,
  verificationMs,
  widgetConnectMs,
} from './lib/k6-metrics.ts';
import { k6Http, k6Runtime } from './lib/k6-runtime.ts';
import {
  currentSlot,
  keyOf,
  nonceOf,
  pause,
  scriptOptions,
  setupWorld,
  teardownWorld,
} from './lib/k6-scenario.ts';
import { inPool, MAX_DEV_CITIZENS, type LoadWorld } from './lib/provision.ts';
import type { SocketIoClient } from './lib/socketio-client.ts';

const config = loadConfig();
const sockets = envInt('SOCKETS', 1000, 1, 200_000);
const perVu = envInt('SOCKETS_PER_VU', 50, 1, 10_000);
const hold = envDuration('HOLD', '2m');
const holdMs = durationMs(hold);
const connectConcurrency = envInt('CONNECT_CONCURRENCY', 10, 1, 1000);
const vus = Math.ceil(sockets / perVu);
const citizens = Math.min(MAX_DEV_CITIZENS, sockets);
if (vus > citizens) {
  throw new Error(
    `${vus} VUs would need ${vus} distinct citizens to verify through (at most ${citizens}): ` +
      `raise SOCKETS_PER_VU to at least ${Math.ceil(sockets / citizens)}`,
  );
}
const runtime = k6Runtime(config.stepTimeoutMs);

/** Sockets that completed the `/citizen` handshake. */
const soakConnected = new Counter('mdok_soak_connected');
/** Sockets that could not connect. */
const soakConnectFailures = new Counter('mdok_soak_connect_failures');
/** Sockets that were connected but had closed by the end of the hold. */
const soakDropped = new Counter('mdok_soak_dropped');
/** Engine.IO pings answered by the held sockets during the hold. */
const heartbeats = new Counter('mdok_heartbeats');

/** k6 options: the scenario and the thresholds that encode the targets. */
export const options = scriptOptions(
  {
    idle_soak: {
      executor: 'per-vu-iterations',
      exec: 'soak',
      vus,
      iterations: 1,
      // The hold plus time to connect, verify and close; past it k6 stops the VU.
      maxDuration: `${Math.ceil(holdMs / 1000) + 300}s`,
    },
  },
  {
    ...baseThresholds(),
    mdok_soak_connect_failures: ['count==0'],
    mdok_soak_dropped: ['count==0'],
  },
);

/** Registers this run's verifiers and enrolls its citizens (the data every VU gets). */
export function setup(): Promise<LoadWorld> {
  return setupWorld(config, {
    citizens,
    devicesPerCitizen: Math.ceil(sockets / citizens),
    flows: ['code'],
  });
}

/** Device `d` of the run: citizen `d mod C`, that citizen's device number `d div C`. */
function deviceOf(world: LoadWorld, d: number): { citizen: number; token: string } {
  const c = d % world.citizens.length;
  const device = world.citizens[c]!.devices[Math.floor(d / world.citizens.length)];
  if (!device) throw new Error(`device ${d} was not provisioned`);
  return { citizen: c, token: device.deviceToken };
}

/** Holds this VU's share of the sockets, then verifies through the first one. */
export async function soak(world: LoadWorld): Promise<void> {
  const v = currentSlot();
  const nodes = world.hubUrls;
  // VU v holds devices v, v + vus, v + 2·vus, …: device v's citizen is v, distinct per VU.
  const mine: number[] = [];
  for (let d = v; d < sockets; d += vus) mine.push(d);
  const held = await inPool(mine, connectConcurrency, async (d) => {
    const started = Date.now();
    try {
      const phone = await connectPhone(runtime, nodes[d % nodes.length]!, deviceOf(world, d).token);
      phoneConnectMs.add(Date.now() - started, { flow: 'soak' });
      soakConnected.add(1);
      return phone;
    } catch (error) {
      soakConnectFailures.add(1);
      console.warn(`[vu ${v + 1}] socket ${d} did not connect: ${(error as Error).message}`);
      return undefined;
    }
  });
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
  const key = keyOf(world, v);
  const url = nodes[v % nodes.length]!;
  await attempt(
    'F1 soak',
    async () => {
      const phone = await step('phone connect', async () => {
        if (!first?.connected) throw new Error('the verifying socket is not connected');
        return first;
      });
      return verifyByCode(runtime, {
        api: hubApi(url, k6Http),
        apiKey: key.apiKey,
        verifierId: key.verifierId,
        origin: world.origin,
        displaySeconds: world.displaySeconds,
        phone,
        nonce: nonceOf(v),
      });
    },
    (t, tags) => {
      createMs.add(t.create, tags);
      widgetConnectMs.add(t.widgetConnect, tags);
      joinAckMs.add(t.join, tags);
      approveToDataMs.add(t.approveToData, tags);
      verificationMs.add(t.whole, tags);
    },
  );
  await Promise.all(open.map((s) => s.close()));
}

export default soak;

/** Suspends this run's verifiers. */
export function teardown(world: LoadWorld): Promise<void> {
  return teardownWorld(config, world);
}
