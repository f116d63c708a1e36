/**
 * Socket garbage (V1, V2, V3): every client → server command of `/verifier` and `/citizen` gets
 * payloads its schema refuses and acks them `invalid_request` in the one shape; unknown events
 * are refused; commands without an ack callback harm nothing; a frame over the size limit drops
 * only its own connection; handshakes with missing or wrong tokens get `unauthorized`. Through
 * all of it the hub keeps serving, and a full F1 verification still works at the end.
 */
import { io } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ErrorObject,
  type Ack,
  type ConnectErrorData,
  type CreateSessionResponse,
  type RequestIncomingEvent,
  type SessionData,
  type SessionQrEvent,
  type SessionStatusResponse,
} from '../../contracts/index.js';
import { ask, type CitizenClient, type VerifierClient } from '../helpers/clients.js';
import { startTestHub, type TestCitizen, type TestHub } from '../helpers/test-hub.js';
import { waitFor } from '../helpers/wait.js';

const AckError = z.strictObject({ ok: z.literal(false), error: ErrorObject });

const idCardRequest = {
  documents: [{ type: 'id_card', claims: ['given_names', 'family_name', 'age_over_18'] }],
  purpose: 'Otwarcie rachunku',
};

let t: TestHub;
let created: CreateSessionResponse;
let verifier: VerifierClient;
let citizen: TestCitizen;
/** Raw sockets opened by this file (the harness closes the ones it opened). */
const opened: { close(): unknown }[] = [];

beforeEach(async () => {
  // These tests pour garbage down one socket on purpose: the socket's event rate (tested in
  // limits.test.ts) is raised so that every payload reaches its validation.
  t = await startTestHub({ config: { limits: { socket_events: { points: 1000, seconds: 1 } } } });
  created = await t.createSession('bank', { flow: 'code', request: idCardRequest });
  verifier = await t.verifierSocket(created.widgetToken);
  citizen = await t.citizen();
});
afterEach(async () => {
  for (const s of opened.splice(0)) s.close();
  await t.close();
});

/** Checks a V2 `invalid_request` ack (strictly) and returns its error. */
function expectRefused(ack: Ack<unknown>, what: string): ErrorObject {
  const parsed = AckError.safeParse(ack);
  expect(parsed.success, `${what}: ${JSON.stringify(ack)}`).toBe(true);
  expect(parsed.data!.error.code, what).toBe('invalid_request');
  expect(parsed.data!.error.message.length, what).toBeGreaterThan(0);
  return parsed.data!.error;
}

/** Distinct dotted issue paths, sorted. */
function pathsOf(error: ErrorObject): string[] {
  return [...new Set((error.issues ?? []).map((i) => i.path))].sort();
}

/** A command and what to throw at it. */
interface Command {
  event: string;
  valid: () => Record<string, unknown>;
  wrongTypes: Record<string, unknown>;
  /** Paths the wrong-types payload must report (undefined: only "some issue"). */
  wrongPaths?: string[];
}

const verifierCommands: Command[] = [
  {
    event: 'session:cancel',
    valid: () => ({ sessionId: created.sessionId }),
    wrongTypes: { sessionId: 42 },
    wrongPaths: ['sessionId'],
  },
  {
    event: 'otp:submit',
    valid: () => ({ sessionId: created.sessionId, code: '123456' }),
    wrongTypes: { sessionId: [], code: 123456 },
    wrongPaths: ['code', 'sessionId'],
  },
  {
    event: 'subject:push',
    valid: () => ({ sessionId: created.sessionId, subject: { pesel: citizen.pesel } }),
    wrongTypes: { sessionId: null, subject: 'x' },
    wrongPaths: ['sessionId', 'subject'],
  },
];

const citizenCommands: Command[] = [
  { event: 'pairing:join', valid: () => ({ code: '123456' }), wrongTypes: { code: 123456 } },
  {
    event: 'request:approve',
    valid: () => ({ sessionId: created.sessionId, matchNumber: '12' }),
    wrongTypes: { sessionId: 1, matchNumber: 7 },
    wrongPaths: ['matchNumber', 'sessionId'],
  },
  {
    event: 'request:reject',
    valid: () => ({ sessionId: created.sessionId }),
    wrongTypes: { sessionId: {} },
    wrongPaths: ['sessionId'],
  },
];

/** Argument lists the command must refuse; `schema` marks those that reach the schema. */
function garbageFor(command: Command): { what: string; args: unknown[]; schema: boolean }[] {
  const valid = command.valid();
  return [
    { what: 'no payload', args: [], schema: false },
    { what: 'two payloads', args: [valid, valid], schema: false },
    { what: 'three payloads', args: [valid, 1, 'x'], schema: false },
    { what: 'null', args: [null], schema: true },
    { what: 'a string', args: ['hello'], schema: true },
    { what: 'the payload as a JSON string', args: [JSON.stringify(valid)], schema: true },
    { what: 'a number', args: [42], schema: true },
    { what: 'a boolean', args: [true], schema: true },
    { what: 'an array', args: [[valid]], schema: true },
    { what: 'an empty object', args: [{}], schema: true },
    { what: 'binary', args: [Buffer.from('{"sessionId":"x"}')], schema: true },
    { what: 'extra keys', args: [{ ...valid, extra: 1 }], schema: true },
    { what: 'a prototype key', args: [{ ...valid, ['__proto__']: { admin: true } }], schema: true },
    { what: 'wrong types', args: [command.wrongTypes], schema: true },
  ];
}

/** The session's state as its verifier backend sees it. */
async function sessionState(): Promise<string> {
  const answer = await t.api<SessionStatusResponse>('GET', `/v1/sessions/${created.sessionId}`, {
    auth: t.verifiers.bank.apiKey,
  });
  expect(answer.status).toBe(200);
  return answer.body.state;
}

/** Sends every garbage payload of every command and checks each ack. */
async function throwGarbage(
  socket: VerifierClient | CitizenClient,
  commands: Command[],
): Promise<void> {
  for (const command of commands) {
    for (const { what, args, schema } of garbageFor(command)) {
      const label = `${command.event} with ${what}`;
      const error = expectRefused(await ask(socket, command.event, ...args), label);
      if (schema) expect(error.issues?.length ?? 0, label).toBeGreaterThan(0);
      else expect(error.message, label).toMatch(/exactly one payload/);
    }
    const wrong = expectRefused(
      await ask(socket, command.event, command.wrongTypes),
      `${command.event} wrong types`,
    );
    if (command.wrongPaths) expect(pathsOf(wrong), command.event).toEqual(command.wrongPaths);
  }
}

/** A handshake that must fail: resolves with the connect_error's data. */
function refusedHandshake(
  namespace: '/verifier' | '/citizen',
  auth: unknown,
): Promise<ConnectErrorData | undefined> {
  const socket = io(t.url + namespace, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth: auth as Record<string, unknown>,
  });
  opened.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => {
      socket.close();
      reject(new Error(`${namespace} accepted ${JSON.stringify(auth).slice(0, 60)}`));
    });
    socket.once('connect_error', (error: Error & { data?: ConnectErrorData }) => {
      socket.close();
      resolve(error.data);
    });
  });
}

/** A whole F1 verification on a fresh session, with a fresh citizen. */
async function fullCodeFlow(citizenIndex: number): Promise<void> {
  const session = await t.createSession('bank', { flow: 'code', request: idCardRequest });
  const widget = await t.verifierSocket(session.widgetToken);
  const qr = await waitFor<SessionQrEvent>(widget, 'session:qr');
  const phone = await t.citizen({ index: citizenIndex });
  const joined = await ask<RequestIncomingEvent>(phone.socket, 'pairing:join', {
    qr: qr.payload,
  });
  expect(joined.ok, JSON.stringify(joined)).toBe(true);
  const dataP = waitFor<SessionData>(widget, 'session:data');
  const approved = await ask(phone.socket, 'request:approve', { sessionId: session.sessionId });
  expect(approved).toEqual({ ok: true });
  const data = await dataP;
  expect(data.sessionId).toBe(session.sessionId);
  expect(Object.keys(data.claims.id_card!).sort()).toEqual([
    'age_over_18',
    'family_name',
    'given_names',
    'status',
  ]);
}

describe('[V1][V2] malformed command payloads', () => {
  it('[V1][V2] /verifier commands ack invalid_request for every malformed payload', async () => {
    await throwGarbage(verifier, verifierCommands);
    expect(verifier.connected).toBe(true);
    expect(await sessionState()).toBe('awaiting_citizen');
  });

  it('[V1][V2] /citizen commands ack invalid_request for every malformed payload', async () => {
    await throwGarbage(citizen.socket, citizenCommands);
    expect(citizen.socket.connected).toBe(true);
    expect(await sessionState()).toBe('awaiting_citizen');
  });

  it('[V1][P3] refused payloads never count as wrong codes', async () => {
    // Far more refusals than the P3 limit of 5: none reached the code check.
    for (let i = 0; i < 8; i++) {
      expectRefused(await ask(citizen.socket, 'pairing:join', { code: 'abcdef' }), 'letters');
      expectRefused(await ask(verifier, 'otp:submit', { sessionId: 'x', code: '1' }), 'short');
    }
    const joined = await ask<RequestIncomingEvent>(citizen.socket, 'pairing:join', {
      code: created.code,
    });
    expect(joined.ok, JSON.stringify(joined)).toBe(true);
  });

  it('[V1][V2] every problem of a payload is listed by dotted path', async () => {
    const otp = expectRefused(
      await ask(verifier, 'otp:submit', { sessionId: '', code: '12a456', more: 1 }),
      'otp',
    );
    expect(pathsOf(otp)).toEqual(['', 'code', 'sessionId']);
    const push = expectRefused(
      await ask(verifier, 'subject:push', {
        sessionId: created.sessionId,
        subject: { pesel: '44051401358' },
      }),
      'push',
    );
    expect(pathsOf(push)).toEqual(['subject.pesel']);
    const approve = expectRefused(
      await ask(citizen.socket, 'request:approve', {
        sessionId: 'x'.repeat(65),
        matchNumber: '123',
      }),
      'approve',
    );
    expect(pathsOf(approve)).toEqual(['matchNumber', 'sessionId']);
    const join = expectRefused(
      await ask(citizen.socket, 'pairing:join', { code: '123456', qr: 'x' }),
      'join with both',
    );
    expect(join.issues?.length).toBeGreaterThan(0);
  });
});

describe('[V1] unknown events', () => {
  const unknown = [
    'session:data',
    'session:qr',
    'request:incoming',
    'admin:grant',
    'pairing:joinx',
    'SESSION:CANCEL',
    'error',
    'constructor',
    '__proto__',
    'toString',
    'hasOwnProperty',
    '',
    'x'.repeat(2000),
  ];

  it('[V1][V2] unknown events with an ack are refused on /verifier', async () => {
    for (const event of unknown) {
      const error = expectRefused(await ask(verifier, event, { sessionId: 'x' }), event);
      expect(error.message).toMatch(/unknown event/);
    }
    // The citizen's commands are unknown on the verifier's namespace, and the reverse.
    for (const command of citizenCommands) {
      const error = expectRefused(await ask(verifier, command.event, command.valid()), '');
      expect(error.message).toMatch(/unknown event/);
    }
    expect(verifier.connected).toBe(true);
  });

  it('[V1][V2] unknown events with an ack are refused on /citizen', async () => {
    for (const event of unknown) {
      const error = expectRefused(await ask(citizen.socket, event), event);
      expect(error.message).toMatch(/unknown event/);
    }
    for (const command of verifierCommands) {
      const error = expectRefused(await ask(citizen.socket, command.event, command.valid()), '');
      expect(error.message).toMatch(/unknown event/);
    }
    expect(citizen.socket.connected).toBe(true);
  });

  it('[V1] events without an ack callback harm nothing', async () => {
    const dropped: string[] = [];
    verifier.on('disconnect', (reason) => dropped.push(`verifier ${reason}`));
    citizen.socket.on('disconnect', (reason) => dropped.push(`citizen ${reason}`));
    const sockets: [VerifierClient | CitizenClient, Command[]][] = [
      [verifier, verifierCommands],
      [citizen.socket, citizenCommands],
    ];
    for (const [socket, commands] of sockets) {
      const raw = socket as unknown as { emit(event: string, ...args: unknown[]): unknown };
      for (const command of commands) {
        for (const { args } of garbageFor(command)) raw.emit(command.event, ...args);
      }
      for (const event of unknown) raw.emit(event, { a: 1 });
      raw.emit('made:up');
    }
    // An acked command after the unacked ones is answered, so the server read them all first.
    expectRefused(await ask(verifier, 'session:cancel', null), 'after');
    expectRefused(await ask(citizen.socket, 'request:reject', null), 'after');
    expect(dropped).toEqual([]);
    expect(await sessionState()).toBe('awaiting_citizen');
    expect((await t.api('GET', '/healthz')).status).toBe(200);
  });
});

describe('[V1] oversized messages', () => {
  it('[V1] a message under 16 KiB is answered; one over it drops only that connection', async () => {
    const under = await ask(verifier, 'session:cancel', { sessionId: 'x'.repeat(10_000) });
    expect(pathsOf(expectRefused(under, '10 KB'))).toEqual(['sessionId']);

    const disconnected = waitFor<string>(verifier, 'disconnect');
    let acked = false;
    verifier.emit('session:cancel', { sessionId: 'x'.repeat(20_000) }, () => {
      acked = true;
    });
    expect(await disconnected).toMatch(/transport/);
    expect(acked).toBe(false);

    // The other connection and the process are unharmed.
    expect(citizen.socket.connected).toBe(true);
    expectRefused(await ask(citizen.socket, 'request:reject', {}), 'citizen after');
    expect((await t.api('GET', '/healthz')).status).toBe(200);
    const again = await t.verifierSocket(created.widgetToken);
    expect(again.connected).toBe(true);
    expect(await sessionState()).toBe('awaiting_citizen');
  });
});

describe('[A2][A3][V2] handshake garbage', () => {
  it('[A2][A3] missing, mistyped, oversized and foreign tokens get unauthorized', async () => {
    const widgetToken = created.widgetToken;
    const cases: { what: string; namespace: '/verifier' | '/citizen'; auth: unknown }[] = [];
    for (const namespace of ['/verifier', '/citizen'] as const) {
      cases.push(
        { what: 'no auth', namespace, auth: {} },
        { what: 'a number', namespace, auth: { token: 42 } },
        { what: 'null', namespace, auth: { token: null } },
        { what: 'an object', namespace, auth: { token: { token: widgetToken } } },
        { what: 'an array', namespace, auth: { token: [widgetToken] } },
        { what: 'an empty string', namespace, auth: { token: '' } },
        { what: 'junk', namespace, auth: { token: 'not-a-token' } },
        { what: 'a 10 KB token', namespace, auth: { token: 'a'.repeat(10_000) } },
        { what: 'the admin token', namespace, auth: { token: t.adminToken } },
        { what: 'an API key', namespace, auth: { token: t.verifiers.bank.apiKey } },
      );
    }
    cases.push(
      { what: 'a widget token on /citizen', namespace: '/citizen', auth: { token: widgetToken } },
      {
        what: 'a device token on /verifier',
        namespace: '/verifier',
        auth: { token: citizen.deviceToken },
      },
      {
        what: 'a citizen (login) token on /citizen',
        namespace: '/citizen',
        auth: { token: citizen.citizenToken },
      },
      {
        what: 'a tampered widget token',
        namespace: '/verifier',
        auth: {
          token: widgetToken.slice(0, -4) + (widgetToken.endsWith('AAAA') ? 'BBBB' : 'AAAA'),
        },
      },
    );
    for (const c of cases) {
      const data = await refusedHandshake(c.namespace, c.auth);
      const label = `${c.namespace} with ${c.what}`;
      const parsed = ErrorObject.safeParse(data);
      expect(parsed.success, `${label}: ${JSON.stringify(data)}`).toBe(true);
      expect(parsed.data!.code, label).toBe('unauthorized');
      expect(parsed.data!.message.length, label).toBeGreaterThan(0);
    }
    expect((await t.api('GET', '/healthz')).status).toBe(200);
  });
});

describe('[F1][V1] after all of it', () => {
  it('[F1][V1] garbage of every kind, then a full code flow still works', async () => {
    await throwGarbage(verifier, verifierCommands);
    await throwGarbage(citizen.socket, citizenCommands);
    expectRefused(await ask(verifier, 'nope', {}), 'unknown');
    const data = await refusedHandshake('/citizen', { token: 12 });
    expect(data?.code).toBe('unauthorized');
    const gone = waitFor(citizen.socket, 'disconnect');
    citizen.socket.emit('pairing:join', { qr: 'q'.repeat(20_000) }, () => {});
    await gone;

    await fullCodeFlow(1);
    // The first session, untouched by the garbage, is still waiting for its citizen.
    expect(await sessionState()).toBe('awaiting_citizen');
  });
});
