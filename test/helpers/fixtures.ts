/**
 * Shared setup of the flow, device, policy and audit suites: hubs and sockets that are closed
 * after each test, sockets that record every event from before they connect (so an event sent
 * right after the handshake is never missed), enrolled citizens, requests, a register that can
 * be taken down, and small helpers for the HTTP answers and acks the contract describes.
 */
import { afterEach, expect } from 'vitest';
import type { Socket } from 'socket.io-client';
import {
  createSyntheticRegister,
  RegisterUnavailableError,
  type RegisterAdapter,
  type SyntheticPerson,
} from '../../adapters/registers/index.js';
import type { AuditEvent } from '../../adapters/records/index.js';
import {
  peselCheckDigit,
  type Ack,
  type ConnectErrorData,
  type CreateSessionResponse,
  type ErrorBody,
  type ErrorCode,
  type HistoryEntry,
  type SessionData,
  type SessionResult,
} from '../../contracts/index.js';
import { ask, openSocket, record, type Recorder } from '../../scripts/lib/socket-client.js';
import type { CitizenClient, VerifierClient } from './clients.js';
import {
  startTestHub,
  type ApiAnswer,
  type DemoHandle,
  type TestCitizen,
  type TestHub,
  type TestHubOptions,
} from './test-hub.js';

/** Claims from the ID card, the request most tests send. */
export function idRequest(
  claims: string[] = ['given_names', 'family_name'],
  extra: { purpose?: string; retain?: boolean } = {},
) {
  return {
    documents: [{ type: 'id_card', claims }],
    purpose: extra.purpose ?? 'Potwierdzenie tożsamości',
    ...(extra.retain === undefined ? {} : { retain: extra.retain }),
  };
}

/** A legal basis as a police officer types it (A6). */
export const LEGAL_BASIS = 'art. 15 ust. 1 pkt 1 ustawy o Policji, sygn. RSD-123/26';

// ---- sockets ---------------------------------------------------------------------------------

// One socket toolkit for scripts and tests (scripts/lib/socket-client.ts); offered here too, as
// the rest of the shared setup is.
export {
  ask,
  openSocket,
  record,
  type Received,
  type Recorder,
} from '../../scripts/lib/socket-client.js';

/** Whether an event (`session:ended`, `request:incoming`…) is about session `sessionId`. */
export const ofSession =
  (sessionId: string) =>
  (event: { sessionId: string }): boolean =>
    event.sessionId === sessionId;

/** The `connect_error` data of a handshake that must be refused. */
export async function refusal(opening: Promise<unknown>): Promise<ConnectErrorData | undefined> {
  try {
    await opening;
  } catch (error) {
    return (error as { data?: ConnectErrorData }).data;
  }
  throw new Error('the handshake was accepted');
}

// ---- hubs closed after each test ---------------------------------------------------------------

/** An enrolled citizen whose phone socket records its events. */
export interface Enrolled extends TestCitizen {
  /** The phone's socket (`socket`), recording. */
  device: Recorder<CitizenClient>;
}

/** What a suite gets from {@link useHubs}. */
export interface Hubs {
  /** Starts a test hub, closed after the test. */
  start(options?: TestHubOptions): Promise<TestHub>;
  /** A recorded widget socket, closed after the test. */
  widget(t: TestHub, widgetToken: string): Promise<Recorder<VerifierClient>>;
  /** A recorded phone socket for a device token, closed after the test. */
  device(t: TestHub, deviceToken: string): Promise<Recorder<CitizenClient>>;
  /** Logs in, activates a device and connects it (see `TestHub.citizen`). */
  enrol(
    t: TestHub,
    options?: { pesel?: string; index?: number; deviceName?: string },
  ): Promise<Enrolled>;
}

/** Registers an `afterEach` that closes every hub and socket the test opened. */
export function useHubs(): Hubs {
  const closers: Array<() => unknown> = [];
  afterEach(async () => {
    while (closers.length > 0) await closers.pop()!();
  });
  const track = <S extends Socket>(recorder: Recorder<S>) => {
    closers.push(() => recorder.socket.close());
    return recorder;
  };
  return {
    async start(options) {
      const t = await startTestHub(options);
      closers.push(() => t.close());
      return t;
    },
    async widget(t, widgetToken) {
      return track(await openSocket<VerifierClient>(t.url, '/verifier', widgetToken));
    },
    async device(t, deviceToken) {
      return track(await openSocket<CitizenClient>(t.url, '/citizen', deviceToken));
    },
    async enrol(t, options) {
      const citizen = await t.citizen(options);
      return { ...citizen, device: record(citizen.socket) };
    },
  };
}

// ---- HTTP ------------------------------------------------------------------------------------

/** `POST /v1/sessions` as a demo verifier, whatever the answer. */
export function postSession(
  t: TestHub,
  handle: DemoHandle,
  body: unknown,
): Promise<ApiAnswer<CreateSessionResponse & ErrorBody>> {
  return t.api('POST', '/v1/sessions', { auth: t.verifiers[handle].apiKey, json: body });
}

/** An administrator call. */
export function admin<T = unknown>(
  t: TestHub,
  method: string,
  path: string,
  json?: unknown,
): Promise<ApiAnswer<T>> {
  return t.api<T>(method, `/v1/admin${path}`, {
    auth: t.adminToken,
    ...(json === undefined ? {} : { json }),
  });
}

/** Asserts an HTTP error answer in the V2 shape. */
export function expectHttpError(answer: ApiAnswer<unknown>, status: number, code: string): void {
  expect({ status: answer.status, body: answer.body }).toMatchObject({
    status,
    body: { error: { code, message: expect.any(String) } },
  });
}

/** Asserts an error ack in the V2 shape. */
export function expectAckError(ack: Ack<unknown>, code: ErrorCode): void {
  expect(ack).toMatchObject({ ok: false, error: { code, message: expect.any(String) } });
}

/** The audit log, newest first (H1). */
export async function auditEvents(t: TestHub): Promise<AuditEvent[]> {
  const answer = await admin<{ events: AuditEvent[] }>(t, 'GET', '/audit');
  expect(answer.status).toBe(200);
  return answer.body.events;
}

/** The citizen's history, newest first (H3). */
export async function historyOf(t: TestHub, citizenToken: string): Promise<HistoryEntry[]> {
  const answer = await t.api<{ entries: HistoryEntry[] }>('GET', '/v1/citizen/history', {
    auth: citizenToken,
  });
  expect(answer.status).toBe(200);
  return answer.body.entries;
}

/** A citizen token for anyone in the register (no device). */
export async function login(t: TestHub, pesel: string): Promise<string> {
  const answer = await t.api<{ citizenToken: string }>('POST', '/v1/citizen/login', {
    json: { pesel },
  });
  expect(answer.status).toBe(200);
  return answer.body.citizenToken;
}

// ---- flows -----------------------------------------------------------------------------------

/** Another two-digit number than `matchNumber`. */
export function otherNumber(matchNumber: string): string {
  return String((Number(matchNumber) + 1) % 100).padStart(2, '0');
}

/** Another code of the same length than `code`. */
export function otherCode(code: string, offset = 1): string {
  return String((Number(code) + offset) % 10 ** code.length).padStart(code.length, '0');
}

/** The code of the newest SMS to `phone` (F3). */
export function smsCode(t: TestHub, phone: string): string {
  const text = t.smsOutbox(phone).at(-1)?.text ?? '';
  const code = /\b(\d{6})\b/.exec(text)?.[1];
  if (!code) throw new Error(`no code in the SMS to ${phone}: ${text}`);
  return code;
}

/**
 * F2 end to end: the verifier pushes `request` to the enrolled citizen, who approves with the
 * match number; answers what the clerk's widget showed and the backend's one fetch of the
 * result (E3: raw claims there only with `retain: true`).
 */
export async function verifyByPush(
  t: TestHub,
  handle: DemoHandle,
  citizen: Enrolled,
  request: unknown,
): Promise<{ created: CreateSessionResponse; data: SessionData; result: SessionResult }> {
  const created = await t.createSession(handle, {
    flow: 'push',
    request,
    subject: { pesel: citizen.pesel },
  });
  const widget = await openSocket<VerifierClient>(t.url, '/verifier', created.widgetToken);
  try {
    await citizen.device.next('request:incoming', (e: { sessionId: string }) => {
      return e.sessionId === created.sessionId;
    });
    const approved = await ask(citizen.device.socket, 'request:approve', {
      sessionId: created.sessionId,
      matchNumber: created.matchNumber,
    });
    expect(approved).toEqual({ ok: true });
    const data = await widget.next<SessionData>('session:data');
    const result = await t.api<SessionResult>('GET', `/v1/sessions/${created.sessionId}/result`, {
      auth: t.verifiers[handle].apiKey,
    });
    expect(result.status).toBe(200);
    return { created, data, result: result.body };
  } finally {
    widget.socket.close();
  }
}

// ---- people and registers --------------------------------------------------------------------

/** The first person in the test register for whom `predicate` holds. */
export function personWhere(
  t: TestHub,
  what: string,
  predicate: (person: SyntheticPerson) => boolean,
): SyntheticPerson {
  const person = t.register.find(predicate);
  if (!person) throw new Error(`no ${what} in the test register`);
  return person;
}

/** A PESEL with a right check digit that the test register does not hold. */
export async function unknownPesel(t: TestHub): Promise<string> {
  const base = t.register.person(0).pesel.slice(0, 6);
  for (let serial = 0; serial < 10_000; serial++) {
    const firstTen = base + String(serial).padStart(4, '0');
    const pesel = firstTen + String(peselCheckDigit(firstTen));
    if (!(await t.register.findPerson({ pesel }))) return pesel;
  }
  throw new Error('every PESEL of that birth date is taken');
}

/** The synthetic register behind a switch: `down` makes document reads fail (an outage). */
export function switchableRegister(): { registers: RegisterAdapter; down: boolean } {
  const synthetic = createSyntheticRegister({ seed: 'mdok', size: 300 });
  const state = {
    down: true,
    registers: {
      findPerson: (query) => synthetic.findPerson(query),
      sample: (limit) => synthetic.sample(limit),
      readDocuments: async (pesel, asked) => {
        if (state.down) throw new RegisterUnavailableError('down');
        return synthetic.readDocuments(pesel, asked);
      },
    } satisfies RegisterAdapter,
  };
  return state;
}
