/**
 * What a hub does when MongoDB is not there (records in MongoDB, sessions elsewhere):
 * - at start, `hub/main.ts` refuses to start and says why (real process, real driver, a port
 *   nothing listens on — no MongoDB server is needed to show a refusal);
 * - while running, with the real driver and no server: requests that need a record answer
 *   `internal` in the V2 shape, probes tell the difference, nothing crashes;
 * - an outage in the middle of the day and the recovery after it, through the scripted driver
 *   double (not a server: test/helpers/scripted-mongo-double.ts) whose every call fails while it
 *   is "down": a delivered session is not affected, and the hub serves records again by itself.
 * That the real driver reconnects to a real server that comes back is the driver's, and is not
 * run here (README, "MongoDB").
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionData, SessionResult } from '../../contracts/index.js';
import { createMongoRecordStore, ensureMongoRecordSchema } from '../../adapters/records/index.js';
import { mongoClientOptions } from '../../hub/mongo-deps.js';
import { ask, expectHttpError, historyOf, idRequest, useHubs } from '../helpers/fixtures.js';
import { freePort } from '../helpers/redis-server.js';
import { createScriptedMongoDouble } from '../helpers/scripted-mongo-double.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const hubs = useHubs();
const clients: MongoClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
});

/** A connection string to a loopback port nothing listens on, failing fast. */
async function nowhere(credentials = ''): Promise<string> {
  const port = await freePort();
  return `mongodb://${credentials}127.0.0.1:${port}/?serverSelectionTimeoutMS=300&connectTimeoutMS=300`;
}

describe('MongoDB unreachable', () => {
  it('[X4] at start: the hub refuses to start, says why, and keeps the password out', async () => {
    const url = await nowhere('hub:s3cret-pw@');
    const child = spawn(process.execPath, ['--import', 'tsx', 'hub/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        PORT: '0',
        MONGODB_URL: url,
        LOG_FORMAT: 'json',
        LOG_LEVEL: 'fatal',
        REGISTER_SIZE: '10',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(output).toContain('mDok Hub does not start: MongoDB at mongodb://hub:***@127.0.0.1:');
    expect(output).toContain('(database mdok) cannot be used for records');
    expect(output).not.toContain('s3cret-pw');
    expect(output).not.toContain('listening on port');
  });

  it('[V2][X1] while running (real driver, no server): records answer internal, nothing crashes', async () => {
    const url = await nowhere();
    const client = new MongoClient(url, mongoClientOptions(url, 'mdok-test'));
    clients.push(client);
    const records = createMongoRecordStore({ db: client.db('mdok') });
    // Nothing can be seeded without records: the hub runs with none.
    const t = await hubs.start({ deps: { records }, seeded: [] });
    const listed = await t.api('GET', '/v1/admin/verifiers', { auth: t.adminToken });
    expectHttpError(listed, 500, 'internal');
    expect(listed.body).toEqual({
      error: { code: 'internal', message: expect.stringMatching(/^internal error \(request /) },
    });
    // What needs no record still works: the login stand-in reads only the register.
    const [person] = await t.register.sample(1);
    const login = await t.api('POST', '/v1/citizen/login', { json: { pesel: person!.pesel } });
    expect(login.status).toBe(200);
    expectHttpError(await t.api('GET', '/readyz'), 503, 'internal');
    expect((await t.api('GET', '/healthz')).status).toBe(200);
  });
});

describe('MongoDB outage and recovery (scripted driver double, not a server)', () => {
  it('[E2][H3][X1] a delivered session is not affected; records come back by themselves', async () => {
    const double = createScriptedMongoDouble();
    await ensureMongoRecordSchema(double.db);
    const t = await hubs.start({ deps: { records: createMongoRecordStore({ db: double.db }) } });
    const citizen = await hubs.enrol(t, { index: 0 });
    const created = await t.createSession('bank', {
      flow: 'push',
      request: idRequest(),
      subject: { pesel: citizen.pesel },
    });
    const widget = await hubs.widget(t, created.widgetToken);
    await citizen.device.next('request:incoming');
    const approved = await ask(citizen.socket, 'request:approve', {
      sessionId: created.sessionId,
      matchNumber: created.matchNumber,
    });
    expect(approved).toEqual({ ok: true });
    const shown = await widget.next<SessionData>('session:data');

    double.down = true;
    // What needs a record answers internal, in the V2 shape…
    expectHttpError(
      await t.api('GET', '/v1/citizen/history', { auth: citizen.citizenToken }),
      500,
      'internal',
    );
    expectHttpError(
      await t.api(
        'GET',
        '/v1/admin/reports/verifications?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z',
        { auth: t.adminToken },
      ),
      500,
      'internal',
    );
    // …while the delivered session stays delivered and its widget stays connected.
    expect((await t.hub.ctx.sessions.get(created.sessionId))?.state).toBe('delivered');
    expect(widget.socket.connected).toBe(true);
    expect(widget.all('session:ended')).toEqual([]);

    double.down = false;
    const status = await t.api<{ state: string }>('GET', `/v1/sessions/${created.sessionId}`, {
      auth: t.verifiers.bank.apiKey,
    });
    expect(status.body.state).toBe('delivered');
    const result = await t.api<SessionResult>('GET', `/v1/sessions/${created.sessionId}/result`, {
      auth: t.verifiers.bank.apiKey,
    });
    expect(result.body).toMatchObject({
      sessionId: shown.sessionId,
      displayUntil: shown.displayUntil,
    });
    const history = await historyOf(t, citizen.citizenToken);
    expect(history.map((entry) => [entry.sessionId, entry.outcome])).toEqual([
      [created.sessionId, 'delivered'],
    ]);
    const next = await t.createSession('bank', { flow: 'code', request: idRequest() });
    expect(next.code).toMatch(/^\d{8}$/);
  });
});
