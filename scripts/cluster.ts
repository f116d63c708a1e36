/**
 * `npm run cluster -- --nodes 3 [--port 3000] [--redis-port N | --redis-url URL]`: a local
 * mDok Hub cluster (X1) for trying and demonstrating scale-out on one machine. Starts a private
 * redis-server (or uses the one at `--redis-url`), generates the secrets every node must share,
 * starts N hub processes on consecutive ports (`hub-a`, `hub-b`, …), forwards their output
 * prefixed by node id, waits until each `/readyz` answers and prints where everything is.
 * Every node gets the same `PUBLIC_URL` (by default hub-a's), as behind a load balancer: a
 * presentation names it as its issuer whichever node signs it, so a widget on one node accepts
 * data that a phone approved on another. hub-a alone seeds the demo verifiers.
 * Ctrl-C (SIGINT/SIGTERM) stops the nodes, then Redis; a node that dies meanwhile is reported.
 * Exits 1 when the cluster cannot be started.
 */
import { redactUrl } from '../hub/redis-deps.js';
import { readCommandLine } from './lib/command-line.js';
import { describeExit } from './lib/managed-child.js';
import {
  newClusterSecrets,
  nodeIdOf,
  startHubCluster,
  type ClusterSecrets,
  type HubProcess,
} from './lib/hub-process.js';
import { takenPorts } from './lib/ports.js';
import { checkRedis, startRedis, type RedisProcess } from './lib/redis-process.js';

const usage = `Usage: npm run cluster -- [options]

  --nodes N          hub nodes to start (1–26; default 3)
  --port P           port of the first node; the others follow (default 3000)
  --host H           address the nodes bind (default 127.0.0.1)
  --public-url URL   every node's PUBLIC_URL (default http://localhost:<port>, hub-a)
  --redis-port N     port of the private redis-server (default: a free one)
  --redis-url URL    use this Redis instead of starting one
  --prefix P         Redis key prefix of the cluster (default mdok:)
  --log-level L      hub LOG_LEVEL (default warn)
  -h, --help         this text`;

/** The command line, checked. */
interface ClusterArgs {
  nodes: number;
  port: number;
  host: string;
  publicUrl: string;
  redisPort?: number;
  redisUrl?: string;
  prefix: string;
  logLevel: string;
}

function fail(message: string): never {
  console.error(`cluster: ${message}`);
  process.exit(1);
}

function parseCommandLine(argv: string[]): ClusterArgs {
  const { values: parsed, int } = readCommandLine('cluster', usage, argv, {
    nodes: { type: 'string', default: '3' },
    port: { type: 'string', default: '3000' },
    host: { type: 'string', default: '127.0.0.1' },
    'public-url': { type: 'string' },
    'redis-port': { type: 'string' },
    'redis-url': { type: 'string' },
    prefix: { type: 'string', default: 'mdok:' },
    'log-level': { type: 'string', default: 'warn' },
  });
  const nodes = int('nodes', parsed.nodes, 1, 26);
  const port = int('port', parsed.port, 1, 65536 - nodes);
  if (parsed['redis-port'] && parsed['redis-url'])
    fail('give --redis-port or --redis-url, not both');
  const publicUrl = parsed['public-url'] ?? `http://localhost:${port}`;
  if (!URL.canParse(publicUrl) || !/^https?:$/.test(new URL(publicUrl).protocol))
    fail(`--public-url must be an http(s) URL, not ${publicUrl}`);
  return {
    nodes,
    port,
    host: parsed.host,
    publicUrl: publicUrl.replace(/\/+$/, ''),
    ...(parsed['redis-port']
      ? { redisPort: int('redis-port', parsed['redis-port'], 1, 65535) }
      : {}),
    ...(parsed['redis-url'] ? { redisUrl: parsed['redis-url'] } : {}),
    prefix: parsed.prefix,
    logLevel: parsed['log-level'],
  };
}

const colour = process.stdout.isTTY === true;
const palette = [36, 35, 33, 32, 34, 31];
function tag(name: string, index: number): string {
  const label = `[${name}]`;
  return colour ? `\x1b[${palette[index % palette.length]}m${label}\x1b[0m` : label;
}
function bold(text: string): string {
  return colour ? `\x1b[1m${text}\x1b[0m` : text;
}

function summary(
  args: ClusterArgs,
  hubs: HubProcess[],
  redisUrl: string,
  redis: RedisProcess | undefined,
  secrets: ClusterSecrets,
  seconds: number,
): string {
  const seeder = hubs.find((hub) => hub.seededDemo());
  const lines = [
    '',
    bold(
      `mDok Hub cluster ready: ${hubs.length} node${hubs.length === 1 ? '' : 's'} in ${seconds.toFixed(1)} s`,
    ),
    ...hubs.map((hub) => `  ${hub.nodeId}  ${hub.url}  (pid ${hub.pid})`),
    `  PUBLIC_URL of every node: ${args.publicUrl} — the issuer of presentations and what QR codes`,
    '    and login redirects name, whichever node serves them (as behind a load balancer)',
    redis
      ? `  Redis  ${redisUrl}  (pid ${redis.pid}; started by this script, no persistence; key prefix ${args.prefix})`
      : `  Redis  ${redactUrl(redisUrl)}  (not started by this script; key prefix ${args.prefix})`,
    `  admin token: ${secrets.adminToken}   (Authorization: Bearer <token> on /v1/admin/…, any node)`,
    '  HUB_SECRET and SIGNING_KEY: generated for this run, the same on every node',
    seeder
      ? `  demo API keys: printed above by ${seeder.nodeId} (its banner, "Demo verifiers"); they work on every node`
      : `  demo API keys: none printed — this Redis (prefix ${args.prefix}) was seeded by an earlier run;` +
        ' create a verifier with the admin API, or use a fresh --prefix',
    '',
    '  Any node serves any request: sessions live in Redis and socket events cross nodes through',
    '  the Redis adapter, so a widget on one node and a phone on another complete a verification.',
  ];
  if (seeder && hubs.length > 1) {
    lines.push(
      `  The demo pages (/demo/bank, /demo/office) work on ${seeder.nodeId} only: it holds the demo keys`,
      `  and the demo verifiers' allow-list names the origin of PUBLIC_URL (${new URL(args.publicUrl).origin}).`,
    );
  }
  lines.push(`  Ctrl-C stops every node and ${redis ? 'Redis' : 'leaves Redis running'}.`, '');
  return lines.join('\n');
}

async function main(): Promise<void> {
  const args = parseCommandLine(process.argv.slice(2));
  const started = Date.now();
  const ports = Array.from({ length: args.nodes }, (_, i) => args.port + i);
  const indexOf = new Map(ports.map((_, i) => [nodeIdOf(i), i]));
  const taken = await takenPorts(ports, args.host);
  if (taken.length > 0)
    fail(`port${taken.length > 1 ? 's' : ''} ${taken.join(', ')} already in use`);
  if (args.redisPort !== undefined && ports.includes(args.redisPort)) {
    fail(`--redis-port ${args.redisPort} is one of the nodes' ports (${ports.join(', ')})`);
  }
  if (args.redisPort !== undefined && (await takenPorts([args.redisPort])).length > 0) {
    fail(`Redis port ${args.redisPort} already in use`);
  }

  const hubs: HubProcess[] = [];
  let redis: RedisProcess | undefined;
  let stopping = false;
  let firstSignalAt = 0;

  const stopAll = async (exitCode: number) => {
    stopping = true;
    const running = hubs.filter((hub) => hub.child.running());
    const what = [
      ...(running.length > 0 ? [`${running.length} node${running.length === 1 ? '' : 's'}`] : []),
      ...(redis?.child.running() ? ['Redis'] : []),
    ];
    if (what.length > 0) console.log(`cluster: stopping ${what.join(' and ')}…`);
    await Promise.all(running.map((hub) => hub.stop()));
    await redis?.stop();
    console.log('cluster: stopped');
    process.exit(exitCode);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (!stopping) {
      firstSignalAt = Date.now();
      console.log(`\ncluster: ${signal}`);
      void stopAll(0);
      return;
    }
    // The terminal and `npm`/`tsx` may each pass on the same Ctrl-C: only a later one forces.
    if (Date.now() - firstSignalAt < 1000) return;
    console.log('cluster: forced stop (SIGKILL)');
    for (const hub of hubs) hub.child.process.kill('SIGKILL');
    redis?.child.process.kill('SIGKILL');
    process.exit(1);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);

  try {
    let redisUrl: string;
    if (args.redisUrl) {
      await checkRedis(args.redisUrl);
      redisUrl = args.redisUrl;
    } else {
      redis = await startRedis({
        ...(args.redisPort === undefined ? {} : { port: args.redisPort }),
        // Its shutdown notices are ours to give.
        onWarning: (line) => {
          if (!stopping) console.log(`${tag('redis', palette.length - 1)} ${line}`);
        },
      });
      redisUrl = redis.url;
      const own = redis;
      void own.child.exited.then((exit) => {
        if (!stopping) {
          console.error(
            `cluster: ✖ redis-server (pid ${own.pid}) died (${describeExit(exit)}); the nodes cannot serve until Redis is back`,
          );
        }
      });
    }
    const secrets = await newClusterSecrets();
    const live = await startHubCluster({
      ports,
      host: args.host,
      redisUrl,
      prefix: args.prefix,
      secrets,
      publicUrl: () => args.publicUrl,
      // hub-a alone seeds: PUBLIC_URL names its origin by default.
      seedingNode: 0,
      logLevel: args.logLevel,
      onStart: (hub) => hubs.push(hub),
      onNodeLine: (nodeId, line) => console.log(`${tag(nodeId, indexOf.get(nodeId) ?? 0)} ${line}`),
    });
    if (stopping) return;
    for (const hub of live) {
      void hub.child.exited.then((exit) => {
        if (stopping) return;
        const alive = hubs.filter((h) => h.child.running());
        console.error(
          `cluster: ✖ ${hub.nodeId} (pid ${hub.pid}) died (${describeExit(exit)}); ` +
            `${alive.length} of ${hubs.length} node${hubs.length === 1 ? '' : 's'} still running`,
        );
        if (alive.length === 0) {
          console.error('cluster: no node left');
          void stopAll(1);
        }
      });
    }
    console.log(summary(args, live, redisUrl, redis, secrets, (Date.now() - started) / 1000));
  } catch (error) {
    if (stopping) return;
    console.error(`cluster: could not start — ${(error as Error).message}`);
    await stopAll(1);
  }
}

await main();
