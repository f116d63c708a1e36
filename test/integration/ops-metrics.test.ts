/**
 * `GET /metrics` (operations, issue 9): one verification of every flow F1–F5 against a hub on a
 * real redis-server, wired as `hub/main.ts` wires one, plus one request refused by a limit; then
 * a scrape over HTTP counts each flow once (started, approve→data, ended), times creation, joins,
 * approvals, register and Redis calls, shows the sockets, the reaper, readiness and the Node
 * process — and carries none of the run's PESELs, phone numbers, names, claim values, session
 * ids or tokens, every label value coming from a closed set. (Who may scrape, and one registry
 * per hub: ops-metrics-access.test.ts.)
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  citizenCommands,
  endReasons,
  errorCodes,
  flows,
  terminalStates,
  verifierCommands,
  type PeerSessionResponse,
  type SessionData,
} from '../../contracts/index.js';
import { limitNames } from '../../hub/limits/limit-table.js';
import { createHubMetrics, socketCaps } from '../../hub/ops/metrics.js';
import { startRedis, type RedisProcess } from '../../scripts/lib/redis-process.js';
import {
  ask,
  expectHttpError,
  idRequest,
  LEGAL_BASIS,
  postSession,
  smsCode,
  useHubs,
  type Enrolled,
} from '../helpers/fixtures.js';
import { collectSecrets, scrapeMetrics, type Scrape } from '../helpers/metrics-scrape.js';
import { startRedisWiredHub } from '../helpers/ops-redis.js';
import type { TestHub } from '../helpers/test-hub.js';

const hubs = useHubs();

/** What the run used that must never reach the metrics. */
const secrets = collectSecrets();

let redis: RedisProcess;
let t: TestHub;
/** Scrapes after the five deliveries, and after their display windows ended. */
let delivered: Scrape;
let ended: Scrape;
const sockets = { verifier: 0, citizen: 0 };

async function enrol(index: number): Promise<Enrolled> {
  const citizen = await hubs.enrol(t, { index });
  secrets.addPerson((await t.register.findPerson({ pesel: citizen.pesel }))!);
  secrets.add(citizen.citizenToken, citizen.deviceToken, citizen.deviceId);
  sockets.citizen++;
  return citizen;
}

async function widgetData(created: { sessionId: string; widgetToken: string }) {
  secrets.add(created.sessionId, created.widgetToken);
  sockets.verifier++;
  const widget = await hubs.widget(t, created.widgetToken);
  return { widget, data: () => widget.next<SessionData>('session:data').then(secrets.addData) };
}

/** One verification of each flow, and a second session the creation limit refuses. */
async function runEveryFlow(): Promise<void> {
  secrets.add(t.adminToken, ...Object.values(t.verifiers).map((v) => v.apiKey));
  // F1 code: the bank's clerk, citizen 0 joins by code and approves; the backend takes the result.
  const f1 = await t.createSession('bank', { flow: 'code', request: idRequest() });
  const f1Widget = await widgetData(f1);
  const c0 = await enrol(0);
  expect((await ask(c0.socket, 'pairing:join', { code: f1.code })).ok).toBe(true);
  expect(await ask(c0.socket, 'request:approve', { sessionId: f1.sessionId })).toEqual({
    ok: true,
  });
  await f1Widget.data();
  const result = await t.api('GET', `/v1/sessions/${f1.sessionId}/result`, {
    auth: t.verifiers.bank.apiKey,
  });
  expect(result.status).toBe(200);
  // F2 push: the office names citizen 1, who approves with the match number.
  const c1 = await enrol(1);
  const f2 = await t.createSession('office', {
    flow: 'push',
    request: idRequest(),
    subject: { pesel: c1.pesel },
  });
  const f2Widget = await widgetData(f2);
  await c1.device.next('request:incoming');
  const approved = { sessionId: f2.sessionId, matchNumber: f2.matchNumber };
  expect(await ask(c1.socket, 'request:approve', approved)).toEqual({ ok: true });
  await f2Widget.data();
  // F3 otp: the post office texts person 2 (no smartphone); the clerk types the code.
  const p2 = t.register.person(2);
  secrets.addPerson(p2);
  const request = idRequest(['given_names', 'family_name', 'document_number']);
  const f3 = await t.createSession('post', { flow: 'otp', request, subject: { pesel: p2.pesel } });
  const f3Widget = await widgetData(f3);
  const otp = { sessionId: f3.sessionId, code: smsCode(t, p2.phone) };
  expect(await ask(f3Widget.widget.socket, 'otp:submit', otp)).toEqual({ ok: true });
  await f3Widget.data();
  // F4 peer: citizen 3 verifies citizen 4.
  const owner = await enrol(3);
  const peer = await t.api<PeerSessionResponse>('POST', '/v1/citizen/peer-sessions', {
    auth: owner.citizenToken,
    json: { request: { ...idRequest(['given_names', 'age_over_18']), purpose: 'Wynajem' } },
  });
  expect(peer.status).toBe(201);
  const f4Widget = await widgetData(peer.body);
  const other = await enrol(4);
  expect((await ask(other.socket, 'pairing:join', { code: peer.body.code })).ok).toBe(true);
  expect(await ask(other.socket, 'request:approve', { sessionId: peer.body.sessionId })).toEqual({
    ok: true,
  });
  await f4Widget.data();
  // F5 privileged: the police look person 5 up.
  const p5 = t.register.person(5);
  secrets.addPerson(p5);
  const f5 = await postSession(t, 'police', {
    flow: 'privileged',
    subject: { pesel: p5.pesel },
    legalBasis: LEGAL_BASIS,
    request: idRequest(['given_names', 'family_name', 'pesel']),
  });
  expect(f5.status).toBe(201);
  await (await widgetData(f5.body)).data();
  // The bank's second session is one more than its limit allows (A7).
  const refused = await postSession(t, 'bank', { flow: 'code', request: idRequest() });
  expectHttpError(refused, 429, 'rate_limited');
  secrets.add(f1.code, f2.code, f3.code);
}

beforeAll(async () => {
  redis = await startRedis();
  const metrics = createHubMetrics();
  ({ hub: t } = await startRedisWiredHub(redis.url, {
    logger: pino({ level: 'silent' }),
    metrics,
    // One session per verifier: the run needs one each, so a second one is refused.
    config: { limits: { session_create: { points: 1, seconds: 600 } } },
  }));
  await runEveryFlow();
  delivered = await scrapeMetrics(t.url);
  await t.advance(601_000);
  ended = await scrapeMetrics(t.url);
}, 60_000);

afterAll(async () => {
  await t?.close();
  await redis?.stop();
});

describe('[operations] GET /metrics after a full F1–F5 run', () => {
  it('answers the text format, open in dev mode without a token', () => {
    expect(delivered.status).toBe(200);
    expect(delivered.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
  });

  it('counts every flow once: started, delivered (approve→data) and ended as expired', () => {
    for (const flow of flows) {
      expect(delivered.value('mdok_sessions_started_total', { flow }), flow).toBe(1);
      expect(delivered.value('mdok_approve_to_data_seconds_count', { flow }), flow).toBe(1);
      expect(delivered.sum('mdok_sessions_ended_total', { flow }), flow).toBe(0);
      const expired = { flow, outcome: 'expired', reason: 'expired' };
      expect(ended.value('mdok_sessions_ended_total', expired), flow).toBe(1);
      expect(ended.sum('mdok_sessions_ended_total', { flow }), flow).toBe(1);
    }
    expect(ended.value('mdok_reaper_moved_total')).toBe(5);
    expect(ended.value('mdok_reaper_backlog')).toBe(0);
  });

  it('[A7] counts the refusal under the limit that refused', () => {
    expect(delivered.value('mdok_rate_limit_refusals_total', { limit: 'session_create' })).toBe(1);
    expect(delivered.sum('mdok_rate_limit_refusals_total')).toBe(1);
    const post = { method: 'POST', route: '/v1/sessions' };
    expect(
      delivered.value('mdok_http_request_duration_seconds_count', { ...post, status: '201' }),
    ).toBe(4);
    expect(
      delivered.value('mdok_http_request_duration_seconds_count', { ...post, status: '429' }),
    ).toBe(1);
  });

  it('times creation, joins, approvals, register and Redis calls', () => {
    const count = (name: string, labels: Record<string, string>) =>
      delivered.value(`mdok_${name}_count`, labels);
    const command = 'socket_command_duration_seconds';
    expect(count(command, { command: 'pairing:join', result: 'ok' })).toBe(2);
    expect(count(command, { command: 'request:approve', result: 'ok' })).toBe(3);
    expect(count(command, { command: 'otp:submit', result: 'ok' })).toBe(1);
    const reads = { operation: 'readDocuments', result: 'ok' };
    expect(count('register_call_duration_seconds', reads)).toBe(5);
    const lookups = { operation: 'findPerson', result: 'ok' };
    expect(count('register_call_duration_seconds', lookups)).toBeGreaterThanOrEqual(3);
    expect(delivered.value('mdok_redis_command_duration_seconds_count')).toBeGreaterThan(10);
    const sum = delivered.value('mdok_approve_to_data_seconds_sum', { flow: 'code' });
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThan(5);
  });

  it('shows the sockets, readiness, work in flight and the Node process', () => {
    for (const [name, open] of Object.entries(sockets)) {
      expect(delivered.value('mdok_sockets_connected', { namespace: `/${name}` }), name).toBe(open);
    }
    expect(delivered.value('mdok_ready')).toBe(1);
    // The scrape itself.
    expect(delivered.value('mdok_in_flight')).toBe(1);
    for (const name of ['process_cpu_user_seconds_total', 'nodejs_eventloop_lag_seconds']) {
      expect(
        delivered.samples.some((s) => s.name === name),
        name,
      ).toBe(true);
    }
  });

  it('[D5] names no PESEL, phone number, name, claim value, session id or token', () => {
    expect(secrets.values.size).toBeGreaterThan(40);
    for (const scrape of [delivered, ended]) {
      expect(secrets.foundIn(scrape.text)).toEqual([]);
    }
  });

  it('takes every label value from a closed set', () => {
    const routes = new Set(t.hub.app.routes.map((r) => r.path));
    const closed = new Set<string>([
      ...flows,
      ...terminalStates,
      ...endReasons,
      ...verifierCommands,
      ...citizenCommands,
      ...errorCodes,
      ...limitNames,
      ...socketCaps,
      ...['ok', 'error', 'findPerson', 'readDocuments', 'sample', '/verifier', '/citizen'],
      ...['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'other'],
    ]);
    const open = ended.samples
      .filter((s) => s.name.startsWith('mdok_'))
      .flatMap((s) => Object.entries(s.labels).map(([label, value]) => ({ label, value })))
      .filter(({ label, value }) => {
        if (label === 'le') return !/^(\+Inf|\d+(\.\d+)?(e-?\d+)?)$/.test(value);
        if (label === 'status') return !/^\d{3}$/.test(value);
        if (label === 'route') return !routes.has(value);
        return !closed.has(value);
      });
    expect(open).toEqual([]);
  });
});
