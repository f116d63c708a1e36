/**
 * The operator scripts as an operator runs them: `scripts/cluster.ts` and
 * `scripts/bench-cluster.ts` as child processes on free ports, over real HTTP; the cluster is
 * stopped with SIGINT and every process it started must be gone.
 */
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/lib/hub-process.js';
import { startChild, type ManagedChild } from '../../scripts/lib/managed-child.js';
import { freePortRun } from '../../scripts/lib/ports.js';

/** A script running as a child process, its output collected line by line. */
interface Run {
  child: ManagedChild;
  stdout(): string;
  stderr(): string;
  /** Resolves once a stdout line contains `text`, or once the script has exited. */
  printed(text: string): Promise<void>;
}

const running: Run[] = [];
const startedPids: number[] = [];

async function runScript(script: string, args: string[]): Promise<Run> {
  const lines = { stdout: [] as string[], stderr: [] as string[] };
  const watchers = new Set<(line: string) => void>();
  const child = await startChild({
    name: script,
    command: process.execPath,
    args: ['--import', 'tsx', script, ...args],
    cwd: repoRoot,
    onLine: (line, stream) => {
      lines[stream].push(line);
      if (stream === 'stdout') for (const watch of watchers) watch(line);
    },
  });
  const run = {
    child,
    stdout: () => lines.stdout.join('\n'),
    stderr: () => lines.stderr.join('\n'),
    printed: (text: string) =>
      lines.stdout.some((line) => line.includes(text))
        ? Promise.resolve()
        : Promise.race([
            new Promise<void>((resolve) =>
              watchers.add((line) => line.includes(text) && resolve()),
            ),
            child.exited.then(() => {}),
          ]),
  };
  running.push(run);
  return run;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

afterEach(async () => {
  for (const run of running.splice(0)) {
    if (run.child.running()) {
      run.child.process.kill('SIGKILL');
      await run.child.exited;
    }
  }
  for (const pid of startedPids.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
});

async function http<T>(
  method: string,
  url: string,
  auth?: string,
  json?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(url, {
    method,
    headers: {
      ...(auth ? { authorization: `Bearer ${auth}` } : {}),
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
  return { status: res.status, body: (await res.json()) as T };
}

describe('npm run cluster', () => {
  it('[X1] starts 2 nodes on one Redis; a session made on node 1 is seen on node 2; SIGINT stops every process', async () => {
    const port = await freePortRun(2);
    const run = await runScript('scripts/cluster.ts', ['--nodes', '2', '--port', String(port)]);
    // Starting hub processes takes a while on a busy machine: the script allows 30 s each.
    await run.printed('Ctrl-C stops every node');
    const out = run.stdout();
    expect(out, run.stderr()).toContain('mDok Hub cluster ready: 2 nodes');

    const nodes = [...out.matchAll(/^ {2}(hub-[a-z]) {2}(\S+) {2}\(pid (\d+)\)$/gm)].map((m) => ({
      nodeId: m[1]!,
      url: `http://127.0.0.1:${new URL(m[2]!).port}`,
      pid: Number(m[3]),
    }));
    const redisPid = Number(/^ {2}Redis {2}\S+ {2}\(pid (\d+);/m.exec(out)?.[1]);
    const adminToken = /admin token: (\S+)/.exec(out)?.[1];
    // hub-a alone seeds the demo verifiers; its banner, forwarded with its prefix, has the keys.
    const bankKey = /^\[hub-a\] +bank +.*\n\[hub-a\] +flows: [^;]+; API key: (mdok_\S+)$/m.exec(
      out,
    )?.[1];
    expect(out).not.toMatch(/^\[hub-b\] +Demo verifiers/m);
    expect(nodes.map((n) => n.nodeId)).toEqual(['hub-a', 'hub-b']);
    expect(nodes.map((n) => n.url)).toEqual([
      `http://127.0.0.1:${port}`,
      `http://127.0.0.1:${port + 1}`,
    ]);
    expect(redisPid).toBeGreaterThan(0);
    expect(adminToken).toBeDefined();
    expect(bankKey).toBeDefined();
    const pids = [redisPid, ...nodes.map((n) => n.pid)];
    startedPids.push(...pids);
    expect(pids.every(alive)).toBe(true);

    const [a, b] = nodes as [(typeof nodes)[0], (typeof nodes)[0]];
    // One PUBLIC_URL for every node, as behind a load balancer: a presentation signed on any
    // node names the issuer a widget on any other expects.
    const publicUrl = `http://localhost:${port}`;
    expect(out).toContain(`PUBLIC_URL of every node: ${publicUrl}`);
    for (const node of nodes) {
      const health = await http<{ status: string; node: string }>('GET', `${node.url}/healthz`);
      expect(health).toEqual({ status: 200, body: { status: 'ok', node: node.nodeId } });
      const api = await http<{ servers: { url: string }[] }>('GET', `${node.url}/openapi.json`);
      expect(api.body.servers).toEqual([{ url: publicUrl }]);
    }
    // One ADMIN_TOKEN for the cluster.
    const created = await http<{ verifierId: string }>(
      'POST',
      `${b.url}/v1/admin/verifiers`,
      adminToken,
      {
        name: 'Cluster check',
        kind: 'post',
        claims: { id_card: ['given_names'] },
        flows: ['code'],
      },
    );
    expect(created.status).toBe(201);

    const session = await http<{ sessionId: string }>('POST', `${a.url}/v1/sessions`, bankKey, {
      flow: 'code',
      request: {
        documents: [{ type: 'id_card', claims: ['given_names', 'age_over_18'] }],
        purpose: 'cluster check',
      },
    });
    expect(session.status).toBe(201);
    const seen = await http<{ sessionId: string; state: string }>(
      'GET',
      `${b.url}/v1/sessions/${session.body.sessionId}`,
      bankKey,
    );
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({
      sessionId: session.body.sessionId,
      state: 'awaiting_citizen',
    });

    run.child.process.kill('SIGINT');
    const exit = await run.child.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(run.stdout()).toContain('cluster: stopped');
    expect(pids.filter(alive)).toEqual([]);
  }, 60_000);

  it('refuses to start, exit 1, when a node port is taken', async () => {
    const port = await freePortRun(2);
    const blocker = createServer().listen(port + 1, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    try {
      const run = await runScript('scripts/cluster.ts', ['--nodes', '2', '--port', String(port)]);
      const exit = await run.child.exited;
      expect(exit.code).toBe(1);
      expect(run.stderr()).toContain(`port ${port + 1} already in use`);
    } finally {
      blocker.close();
    }
  }, 30_000);
});

describe('npm run bench:cluster', () => {
  it('[X2] a tiny run finishes and prints the report with 1-node and 2-node rows', async () => {
    const run = await runScript('scripts/bench-cluster.ts', [
      '--count',
      '5',
      '--warmup',
      '2',
      '--concurrency',
      '2',
      '--latency-count',
      '2',
      '--echo-count',
      '200',
      '--timeout',
      '90',
    ]);
    const exit = await run.child.exited;
    expect(exit, run.stderr()).toEqual({ code: 0, signal: null });
    const out = run.stdout();
    expect(out).toContain('## mDok Hub cluster benchmark');
    expect(out).toMatch(/^\| 1 node, 2 in flight +\| +5 \|/m);
    expect(out).toMatch(/^\| 2 nodes, 2 in flight +\| +5 \|/m);
    expect(out).toContain('**2 nodes / 1 node**, 2 in flight');
    expect(out).toContain('server CPU µs/round trip');
  }, 100_000);
});
