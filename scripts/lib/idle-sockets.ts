/**
 * What an idle citizen socket costs a server in memory: open authenticated `/citizen` sockets in
 * steps (1,000, then up to 10,000), hold them until each has answered one heartbeat (the
 * server's ping, every 25 s by default), and after each step let the server settle — full
 * garbage collections in all its threads through its inspector, so that neither garbage nor heap
 * slack left by earlier work (enrolling the devices) blurs the figure — read its RSS from /proc
 * and divide the growth since before the first socket by the sockets held; the same for its live
 * JS heap and external memory. Then one F1 verification runs through one of the held sockets, to
 * prove they are live. The sockets can be spread over several loopback source addresses
 * (127.0.0.x) when one address has too few ephemeral ports.
 *
 * Why the heartbeat: until a socket's next frame arrives, `ws` keeps a slice of the last one it
 * read (the frame mask), and with it that whole read — for a fresh socket, the client's CONNECT
 * packet with its token. That is the handshake's memory, not an idle socket's: a socket held for
 * longer than one ping interval keeps only its last pong. Both servers are measured the same way.
 */
import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { createF1Driver, type Phone, type VerificationTiming } from './f1-driver.js';
import { connectPhones } from './f1-setup.js';
import { connectInspector, type Inspector } from './inspector-client.js';
import { cpuTimeMs, rssKiB } from './proc-cpu.js';
import { createWireMeter, type WireMeter } from './wire-meter.js';

/** The figures at one step. */
export interface IdleStep {
  sockets: number;
  rssKiB: number;
  /** (RSS now − RSS before any socket) / sockets. */
  perSocketKiB: number;
  /** The same for the live JS heap and external memory after a full collection. */
  livePerSocketKiB: number;
  /** Server CPU per handshake of this step's new sockets, ms. */
  handshakeCpuMs: number;
  /** Wall time to open this step's new sockets, s. */
  connectSeconds: number;
  /** Wall time from the last socket opened until every socket had answered a heartbeat, s. */
  heartbeatSeconds: number;
}

/** The whole measurement on one server. */
export interface IdleResult {
  rssBeforeKiB: number;
  liveBeforeKiB: number;
  steps: IdleStep[];
  sourceAddresses: number;
  /** The verification through a held socket, or why it failed. */
  proof: { ok: true; timing: VerificationTiming } | { ok: false; error: string };
}

/** Options of `measureIdleSockets`. */
export interface IdleOptions {
  url: string;
  pid: number;
  /** The server's inspector (it runs with `--inspect`). */
  inspectorUrl: string;
  /** One per socket, at least as many as the last step. */
  deviceTokens: string[];
  apiKey: string;
  /** Socket counts to measure at, ascending. */
  steps: number[];
  /** Wait after each step before reading RSS. */
  settleMs: number;
  /** Hold each step's sockets until every one answered a heartbeat. Default: true. */
  heartbeat?: boolean;
  sourceAddresses: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Longest wait for a heartbeat: the default ping interval (25 s) plus a busy machine's margin. */
const HEARTBEAT_WAIT_MS = 60_000;

/**
 * Resolves once every socket has been pinged by the server since `phones` were opened (the
 * client answers a ping before it tells its listeners); rejects after `HEARTBEAT_WAIT_MS`.
 */
function heartbeatOnce(phones: Phone[]): Promise<void> {
  return new Promise((resolve, reject) => {
    let waiting = phones.length;
    if (waiting === 0) return resolve();
    const timer = setTimeout(
      () => reject(new Error(`${waiting} of ${phones.length} sockets were never pinged`)),
      HEARTBEAT_WAIT_MS,
    );
    for (const { socket } of phones) {
      socket.io.engine.once('ping', () => {
        if (--waiting > 0) return;
        clearTimeout(timer);
        resolve();
      });
    }
  });
}

/** Ports one source address can use towards one server (the ephemeral range, with a margin). */
export function ephemeralPorts(): number {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    return Math.floor(((high ?? 60999) - (low ?? 32768) + 1) * 0.8);
  } catch {
    return 20_000;
  }
}

/**
 * RSS and live memory (main thread's JS heap + external), KiB, after two full collections in
 * every thread `settleMs` apart (the second gives back what the first freed) and once RSS has
 * stopped moving: two reads 500 ms apart within 0.5 %, for at most 5 s.
 */
async function weigh(
  inspector: Inspector,
  pid: number,
  settleMs: number,
): Promise<{ rss: number; live: number }> {
  await inspector.collectGarbage();
  await sleep(settleMs);
  await inspector.collectGarbage();
  const usage = await inspector.memoryUsage();
  let rss = rssKiB(pid);
  for (let i = 0; i < 10; i++) {
    await sleep(500);
    const now = rssKiB(pid);
    const stable = Math.abs(now - rss) <= rss * 0.005;
    rss = now;
    if (stable) break;
  }
  return { rss, live: (usage.heapUsed + usage.external) / 1024 };
}

/** Opens, holds and measures the sockets; closes them all before resolving. */
export async function measureIdleSockets(options: IdleOptions): Promise<IdleResult> {
  const meters: WireMeter[] = Array.from({ length: options.sourceAddresses }, (_, i) =>
    createWireMeter(i === 0 ? undefined : `127.0.0.${i + 1}`),
  );
  const held: Phone[] = [];
  const inspector = await connectInspector(options.inspectorUrl);
  try {
    const before = await weigh(inspector, options.pid, options.settleMs);
    const steps: IdleStep[] = [];
    for (const target of options.steps) {
      const tokens = options.deviceTokens.slice(held.length, target);
      const cpuBefore = cpuTimeMs(options.pid);
      const t0 = performance.now();
      // Round robin over the source addresses, in slices so that each meter opens its share.
      const perAddress = Math.ceil(tokens.length / meters.length);
      const opened = await Promise.allSettled(
        meters.map((meter, i) =>
          connectPhones(
            [options.url],
            tokens.slice(i * perAddress, (i + 1) * perAddress),
            meter,
            Math.max(1, Math.floor(64 / meters.length)),
          ),
        ),
      );
      const connectSeconds = (performance.now() - t0) / 1000;
      for (const o of opened) if (o.status === 'fulfilled') held.push(...o.value);
      const refused = opened.find((o) => o.status === 'rejected');
      if (refused) throw refused.reason;
      const handshakeCpuMs = (cpuTimeMs(options.pid) - cpuBefore) / Math.max(1, tokens.length);
      const t1 = performance.now();
      if (options.heartbeat ?? true) await heartbeatOnce(held);
      const heartbeatSeconds = (performance.now() - t1) / 1000;
      const now = await weigh(inspector, options.pid, options.settleMs);
      steps.push({
        sockets: held.length,
        rssKiB: now.rss,
        perSocketKiB: (now.rss - before.rss) / held.length,
        livePerSocketKiB: (now.live - before.live) / held.length,
        handshakeCpuMs,
        connectSeconds,
        heartbeatSeconds,
      });
    }
    const last = held.slice(-1);
    const driver = createF1Driver(
      { nodeUrls: [options.url], apiKey: options.apiKey, displaySeconds: 1 },
      last,
      meters[0]!,
    );
    const proof = await driver.verifyOnce().then(
      (timing) => ({ ok: true as const, timing }),
      (error: unknown) => ({ ok: false as const, error: (error as Error).message }),
    );
    const notConnected = held.filter((phone) => !phone.socket.connected).length;
    return {
      rssBeforeKiB: before.rss,
      liveBeforeKiB: before.live,
      steps,
      sourceAddresses: meters.length,
      proof:
        proof.ok && notConnected > 0
          ? { ok: false, error: `${notConnected} held sockets were no longer connected` }
          : proof,
    };
  } finally {
    for (const phone of held) phone.socket.close();
    inspector.close();
  }
}
