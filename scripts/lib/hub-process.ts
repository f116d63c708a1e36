/**
 * Hub nodes as child processes: `node --import tsx hub/main.ts`, so the child's PID is the process
 * that runs the hub (`npx tsx` would put a wrapper process in between, and its CPU time and PID
 * would be the wrong ones). Each node gets the cluster's shared secrets and Redis, its own
 * `NODE_ID`, port and `PUBLIC_URL`, and JSON logs; `startHubCluster` starts several at once and
 * waits until every `/readyz` answers.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { newSigningJwkJson } from '../../hub/security/hub-keys.js';
import { describeExit, lastLines, startChild, type ManagedChild } from './managed-child.js';

/** The repository root: where `hub/main.ts` and `node_modules/tsx` are. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Node's flags for a hub process, as `npm start` passes them (package.json; a test keeps the two
 * equal). A larger young generation (32 MiB semi-spaces instead of 16): the hot path allocates
 * short-lived objects by the verification, and fewer scavenges promote fewer of them — measured
 * with `npm run bench` (BENCHMARKS.md).
 */
export const hubNodeFlags = ['--max-semi-space-size=32'];
const exitWithParent = new URL('./exit-with-parent.ts', import.meta.url).href;

/** What every node of one cluster must share. */
export interface ClusterSecrets {
  /** `HUB_SECRET`: tokens and citizen references (≥ 32 chars). */
  hubSecret: string;
  /** `SIGNING_KEY`: ES256 private JWK (JSON) that signs presentations. */
  signingKey: string;
  /** `ADMIN_TOKEN`: the administrator's bearer token. */
  adminToken: string;
}

/** Fresh secrets for a cluster, as `npm run keygen` makes them. */
export async function newClusterSecrets(): Promise<ClusterSecrets> {
  return {
    hubSecret: randomBytes(32).toString('base64url'),
    signingKey: await newSigningJwkJson(),
    adminToken: randomBytes(24).toString('base64url'),
  };
}

/** `hub-a`, `hub-b`, … for node 0, 1, … */
export function nodeIdOf(index: number): string {
  return `hub-${String.fromCharCode(97 + index)}`;
}

/** Options of one hub node. */
export interface HubOptions {
  nodeId: string;
  port: number;
  /** `HOST` to bind. Default `127.0.0.1`. */
  host?: string;
  /** `PUBLIC_URL`. Default `http://localhost:<port>`. */
  publicUrl?: string;
  redisUrl: string;
  /** `REDIS_PREFIX`. Default `mdok:`. */
  prefix?: string;
  secrets: ClusterSecrets;
  /** `LOG_LEVEL`. Default `warn`. */
  logLevel?: string;
  /** More environment for the node (e.g. `DEV_MODE`, `SEED_DEMO`). */
  env?: Record<string, string>;
  /** Sees every output line of the node. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

/** A hub node running as a child process. */
export interface HubProcess {
  nodeId: string;
  port: number;
  publicUrl: string;
  /** Where this machine reaches it (loopback). */
  url: string;
  pid: number;
  child: ManagedChild;
  /** Whether its banner listed the demo verifiers (it is the node that seeded them). */
  seededDemo(): boolean;
  /** Resolves once `/readyz` answers 200; rejects if the node exits or `timeoutMs` passes. */
  waitReady(timeoutMs?: number): Promise<void>;
  /** Resolves once its start-up banner has been read (or after `timeoutMs`). */
  bannerRead(timeoutMs?: number): Promise<void>;
  /** Stops it as Ctrl-C would (SIGTERM; SIGKILL after 5 s). */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts one hub node (does not wait for it to be ready). */
export async function startHub(options: HubOptions): Promise<HubProcess> {
  const host = options.host ?? '127.0.0.1';
  const publicUrl = options.publicUrl ?? `http://localhost:${options.port}`;
  const probeHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `http://${probeHost.includes(':') ? `[${probeHost}]` : probeHost}:${options.port}`;
  let banner = false;
  let seeded = false;
  const child = await startChild({
    name: options.nodeId,
    command: process.execPath,
    args: [...hubNodeFlags, '--import', 'tsx', '--import', exitWithParent, 'hub/main.ts'],
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(options.port),
      HOST: host,
      PUBLIC_URL: publicUrl,
      NODE_ID: options.nodeId,
      HUB_SECRET: options.secrets.hubSecret,
      SIGNING_KEY: options.secrets.signingKey,
      ADMIN_TOKEN: options.secrets.adminToken,
      REDIS_URL: options.redisUrl,
      REDIS_PREFIX: options.prefix ?? 'mdok:',
      LOG_FORMAT: 'json',
      LOG_LEVEL: options.logLevel ?? 'warn',
      ...options.env,
    },
    onLine: (line, stream) => {
      if (line.includes(' listening on port ')) banner = true;
      if (line.includes('Demo verifiers (API keys')) seeded = true;
      options.onLine?.(line, stream);
    },
  });
  return {
    nodeId: options.nodeId,
    port: options.port,
    publicUrl,
    url,
    pid: child.pid,
    child,
    seededDemo: () => seeded,
    async waitReady(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (!child.running()) {
          const exit = await child.exited;
          throw new Error(
            `${options.nodeId} exited (${describeExit(exit)}) before it was ready:\n${lastLines(child)}`,
          );
        }
        try {
          const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) });
          await res.arrayBuffer();
          if (res.status === 200) return;
        } catch {
          // Not listening yet.
        }
        if (Date.now() > deadline) {
          throw new Error(
            `${options.nodeId} was not ready within ${timeoutMs / 1000} s:\n${lastLines(child)}`,
          );
        }
        await sleep(100);
      }
    },
    async bannerRead(timeoutMs = 2000) {
      const deadline = Date.now() + timeoutMs;
      while (!banner && child.running() && Date.now() < deadline) await sleep(20);
    },
    async stop() {
      await child.stop(5000);
    },
  };
}

/** Options of `startHubCluster`: those of `startHub` less what differs per node. */
export interface HubClusterOptions extends Omit<HubOptions, 'nodeId' | 'port' | 'publicUrl'> {
  /** One port per node. */
  ports: number[];
  /** `PUBLIC_URL` of the node on `port`. Default `http://localhost:<port>`. */
  publicUrl?: (port: number) => string;
  /** The only node that may seed the demo verifiers: the others get `SEED_DEMO=false`. */
  seedingNode?: number;
  /** Sees every output line of every node. */
  onNodeLine?: (nodeId: string, line: string, stream: 'stdout' | 'stderr') => void;
  /** How long to wait for every `/readyz`. Default 30 s. */
  readyTimeoutMs?: number;
  /** Called as each node's process starts (before it is ready), e.g. to track it for Ctrl-C. */
  onStart?: (hub: HubProcess) => void;
}

/**
 * Starts one node per port, all at once, and waits until every one is ready; if any fails, stops
 * those already started and rejects with what went wrong.
 */
export async function startHubCluster(options: HubClusterOptions): Promise<HubProcess[]> {
  const { ports, publicUrl, seedingNode, onNodeLine, readyTimeoutMs, onStart, ...shared } = options;
  const started = await Promise.allSettled(
    ports.map((port, i) => {
      const nodeId = nodeIdOf(i);
      return startHub({
        ...shared,
        nodeId,
        port,
        ...(publicUrl ? { publicUrl: publicUrl(port) } : {}),
        ...(seedingNode !== undefined && i !== seedingNode
          ? { env: { ...shared.env, SEED_DEMO: 'false' } }
          : {}),
        onLine: (line, stream) => onNodeLine?.(nodeId, line, stream),
      }).then((hub) => {
        onStart?.(hub);
        return hub;
      });
    }),
  );
  const hubs = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  try {
    const failedStart = started.find((s) => s.status === 'rejected');
    if (failedStart) throw failedStart.reason;
    const ready = await Promise.allSettled(hubs.map((hub) => hub.waitReady(readyTimeoutMs)));
    const notReady = ready.find((r) => r.status === 'rejected');
    if (notReady) throw notReady.reason;
    await Promise.all(hubs.map((hub) => hub.bannerRead()));
    return hubs;
  } catch (error) {
    await Promise.all(hubs.map((hub) => hub.stop()));
    throw error;
  }
}
