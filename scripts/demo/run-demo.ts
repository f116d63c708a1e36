/**
 * `runDemo`: starts one hub in this process (the embedded default on 127.0.0.1, port 0, seeded
 * demo institutions, throw-away keys, the real clock), plays every flow over real sockets and
 * HTTP as a bank backend, a clerk's widget and a citizen's phone would, checks the audit chain,
 * and closes everything it opened — whether the story ends well or not.
 */
import { randomBytes } from 'node:crypto';
import type { AuditEvent } from '../../adapters/records/index.js';
import type { DevCitizen } from '../../contracts/index.js';
import { createConfig } from '../../hub/config.js';
import { createHub } from '../../hub/create-hub.js';
import { embeddedDeps } from '../../hub/embedded.js';
import { createHubKeys } from '../../hub/security/hub-keys.js';
import { seedDemoVerifiers } from '../../hub/dev/demo-verifiers.js';
import { codeFlow } from './flow-code.js';
import { cancelFlow, rejectFlow } from './flow-endings.js';
import { peerFlow, privilegedFlow } from './flow-peer-privileged.js';
import { otpFlow, pushFlow } from './flow-push-otp.js';
import { actors, createTimeline, type Timeline } from './timeline.js';
import { createApi, DemoFailure, expectStatus, type Client } from './wire.js';
import {
  institutionActors,
  institutionOrigins,
  type Citizen,
  type FlowResult,
  type Handle,
  type Institution,
  type World,
} from './world.js';

/** Options of `runDemo`. */
export interface DemoOptions {
  /** Receives the timeline, one line per call. */
  write: (line: string) => void;
  /** Display window of the F1 session, in seconds (the demo waits for it). Default 3. */
  displaySeconds?: number;
  /** ANSI colours in the output. Default false. */
  colour?: boolean;
}

/** What the demo came to, flow by flow. */
export interface DemoResult {
  flows: Array<{ flow: string; outcome: string }>;
}

/** The hub's public address in the demo: issuer of presentations, origin of the citizen page. */
const PUBLIC_URL = 'https://mdok.example';
const SYNTHETIC_REGISTER_SIZE = 200;

/** The flows in the order they are told. */
const flows: Array<[string, (world: World) => Promise<FlowResult>]> = [
  ['F1 code', codeFlow],
  ['F2 push', pushFlow],
  ['F3 otp', otpFlow],
  ['F4 peer', peerFlow],
  ['F5 privileged', privilegedFlow],
  ['reject', rejectFlow],
  ['cancel', cancelFlow],
];

/** Who plays which part, by index of the sample citizens (see `sample-profiles.ts`). */
const roles: Record<number, string> = {
  0: 'F2 push, cancel',
  1: 'F1 code, reject',
  2: 'F4 peer (seller)',
  3: 'F4 peer (buyer)',
  4: 'F5 privileged',
  8: 'F3 otp (pensioner, no smartphone)',
};

/** Plays the whole demo; throws a `DemoFailure` naming the step that broke. */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const displaySeconds = options.displaySeconds ?? 3;
  const tl = createTimeline(options.write, options.colour ?? false);
  const config = createConfig({ nodeId: 'demo-hub', publicUrl: PUBLIC_URL, reaperIntervalMs: 100 });
  const keys = await createHubKeys({});
  const adminToken = randomBytes(24).toString('base64url');
  const deps = embeddedDeps({ printSms: () => {}, registerSize: SYNTHETIC_REGISTER_SIZE });
  const hub = createHub({ config, keys, adminToken, ...deps });
  const clients: Client[] = [];
  let step = 'starting the hub';
  try {
    intro(tl);
    const seeded = await seedDemoVerifiers(hub.ctx, Object.values(institutionOrigins));
    const { url } = await hub.listen(0, '127.0.0.1');
    const api = createApi(url);
    tl.say(actors.hub, `listening on ${url} (public name ${PUBLIC_URL})`, [
      `node ${config.nodeId}; in-memory stores; synthetic register of ${SYNTHETIC_REGISTER_SIZE} citizens`,
      `presentations signed with a throw-away ES256 key, kid ${keys.signing.kid}`,
    ]);
    const institutions = {} as Record<Handle, Institution>;
    for (const { handle, verifier, apiKey } of seeded) {
      const h = handle as Handle;
      institutions[h] = {
        id: verifier.id,
        name: verifier.name,
        apiKey,
        origin: institutionOrigins[h],
        ...institutionActors(h),
      };
    }
    tl.say(
      actors.admin,
      `seeded ${seeded.length} approved demo institutions; each backend holds its own API key`,
      seeded.map(
        ({ verifier: v }) => `${v.name} (${v.kind}) — flows ${v.flows.join(', ')}; ${v.branch}`,
      ),
    );

    step = 'picking sample citizens';
    const sample = await api<{ citizens: DevCitizen[] }>('GET', '/v1/dev/citizens?limit=10');
    const citizens: Citizen[] = expectStatus(sample, 200, 'GET /v1/dev/citizens').citizens.map(
      (c) => ({ ...c, short: `${c.givenName} ${c.familyName.charAt(0)}.` }),
    );
    tl.say(
      actors.hub,
      'GET /v1/dev/citizens?limit=10 → sample synthetic citizens (dev mode); the cast:',
      Object.entries(roles).map(([i, role]) => {
        const c = citizens[Number(i)];
        return c ? `${c.givenName} ${c.familyName}, PESEL ${c.pesel}, ${c.phone} — ${role}` : '';
      }),
    );
    const world: World = {
      url,
      api,
      tl,
      displaySeconds,
      publicUrl: PUBLIC_URL,
      adminToken,
      institutions,
      citizens,
      seen: new Set(),
      phones: new Map(),
      track(client) {
        clients.push(client);
        return client;
      },
    };

    const results: FlowResult[] = [];
    for (const [name, play] of flows) {
      step = name;
      results.push(await play(world));
    }
    step = 'the audit check';
    await auditCheck(world);
    summary(tl, results);
    return { flows: results.map(({ flow, outcome }) => ({ flow, outcome })) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new DemoFailure(`${step}: ${message}`, { cause: error });
  } finally {
    for (const { socket } of clients) socket.close();
    await hub.close();
    await deps.sessions.close();
    await deps.records.close();
  }
}

function intro(tl: Timeline): void {
  tl.note(tl.paint('mDok Hub — a guided tour of the five verification flows', 'bold'));
  tl.note(
    'All data below is synthetic: people, PESEL and phone numbers, documents and portraits come',
  );
  tl.note('from the hub’s built-in synthetic register. No real person’s data is used.');
  tl.note(
    'One hub runs inside this process with seeded demo institutions and throw-away keys; no API',
  );
  tl.note('key or token is printed. Each line: time since start, who acts, what happened.');
  tl.section('Setup', 'A hub, four approved institutions and a handful of synthetic citizens.');
}

async function auditCheck(world: World): Promise<void> {
  const { tl } = world;
  tl.section(
    'Audit',
    'Every finished session left one event in an append-only, hash-chained log: who, when, which claim names, the outcome — never values or PESELs.',
  );
  const listed = await world.api<{ events: AuditEvent[] }>('GET', '/v1/admin/audit?limit=50', {
    auth: world.adminToken,
  });
  const events = expectStatus(listed, 200, 'GET /v1/admin/audit').events;
  tl.say(
    actors.admin,
    `→ GET /v1/admin/audit ← ${events.length} event(s); “citizen” is a keyed hash, never the PESEL`,
    [...events]
      .sort((a, b) => a.seq - b.seq)
      .map(
        (e) =>
          `#${e.seq} ${e.flow.padEnd(10)} ${e.outcome.padEnd(9)} ${e.verifierName.padEnd(35)} ` +
          `citizen ${e.citizenRef ? `${e.citizenRef.slice(0, 10)}…` : '—'}, ${e.claims.length} claim name(s)`,
      ),
  );
  const answer = await world.api<{ ok: boolean; count: number; brokenAt?: number }>(
    'GET',
    '/v1/admin/audit/verify',
    { auth: world.adminToken },
  );
  const verification = expectStatus(answer, 200, 'GET /v1/admin/audit/verify');
  if (!verification.ok) {
    throw new DemoFailure(`the audit chain is broken at event ${verification.brokenAt}`);
  }
  tl.say(actors.admin, `→ GET /v1/admin/audit/verify ← chain ok, ${verification.count} events`);
}

function summary(tl: Timeline, results: FlowResult[]): void {
  tl.section('Summary', 'What each flow came to.');
  for (const r of results) {
    tl.note(`   ${r.flow.padEnd(14)} ${tl.paint(r.outcome.padEnd(23), 'green')} ${r.summary}`);
  }
  tl.note('');
  tl.note(`Done in ${tl.elapsed().toFixed(1)} s.`);
}
