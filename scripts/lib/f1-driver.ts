/**
 * Drives F1 (code) verifications over real HTTP and sockets, as the benchmarks' load: per
 * verification the bank's backend creates a session, the clerk's widget connects, a citizen's
 * phone joins by code and approves, and the widget receives `session:data`. Only the wire
 * protocol is assumed, so the same code drives the hub and the minimal baseline hub.
 *
 * Phones stay connected and form a pool: a verification takes a free phone (a citizen has one
 * pending request at a time, S4) and gives it back, so each phone's command rate stays that of a
 * person. Phone `i` is on node `i mod N` and its verification's backend call and widget on node
 * `i+1 mod N`: with two nodes, verifier and citizen are always on different nodes (X2). Every
 * connection goes through a {@link WireMeter}, which counts its bytes.
 */
import { performance } from 'node:perf_hooks';
import type { Socket } from 'socket.io-client';
import type {
  CreateSessionResponse,
  RequestIncomingEvent,
  SessionData,
} from '../../contracts/index.js';
import { benchOrigin, benchRequest } from './f1-provision.js';
import { ask, connect, record, type Recorder } from './socket-client.js';
import { requestJson, type WireMeter } from './wire-meter.js';

const STEP_TIMEOUT_MS = 10_000;

/** Timings of one verification, in ms. */
export interface VerificationTiming {
  /** `POST /v1/sessions` until its answer. */
  create: number;
  /** The widget's WebSocket and namespace handshake. */
  widgetConnect: number;
  /** `pairing:join` until its ack. */
  join: number;
  /** From emitting `request:approve` to `session:data` on the widget. */
  approveToData: number;
  /** From `POST /v1/sessions` to `session:data` on the widget. */
  whole: number;
}

/** What a run of verifications came to. */
export interface F1RunResult {
  completed: number;
  failed: number;
  /** The first few failure messages. */
  errors: string[];
  /** From the first start to the last completion. */
  wallMs: number;
  timings: VerificationTiming[];
  /** Whether the run stopped starting verifications because its time was up. */
  cappedByTime: boolean;
}

/** Options of a closed run. */
export interface F1RunOptions {
  count: number;
  concurrency: number;
  /** No verification starts after this many ms. */
  maxMs: number;
}

/** A connected phone. */
export interface Phone {
  socket: Socket;
  /** The node it is connected to. */
  node: number;
}

/** Verifies against a set of nodes with a pool of connected phones. */
export interface F1Driver {
  /** Counts every byte of the driver's connections. */
  meter: WireMeter;
  /** Phones not in a verification now. */
  freePhones(): number;
  /** One verification on the next free phone; throws if none is free or a step fails. */
  verifyOnce(): Promise<VerificationTiming>;
  /** Closed model: `count` verifications, `concurrency` at a time (at most as many as phones). */
  run(options: F1RunOptions): Promise<F1RunResult>;
  /** Closes every phone socket. */
  close(): void;
}

/** Where and as whom the driver verifies. */
export interface F1Target {
  /** Base URLs of the nodes (loopback). */
  nodeUrls: string[];
  apiKey: string;
  /** How long the presentation stays on the widget (`displaySeconds` of each request). */
  displaySeconds: number;
  /** Sees what the server answered at each step (tests check the wire shapes). */
  observe?: {
    created?(answer: CreateSessionResponse): void;
    joined?(request: RequestIncomingEvent): void;
    data?(data: SessionData): void;
  };
}

function failed(what: string, status: number, body: unknown): Error {
  const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
  return new Error(`${what}: HTTP ${status}${error ? ` (${error.code}: ${error.message})` : ''}`);
}

function ok<T>(ack: { ok: boolean; data?: T; error?: { code: string } }, what: string): T {
  if (!ack.ok) throw new Error(`${what} refused: ${ack.error?.code ?? '?'}`);
  return ack.data as T;
}

/** A driver over connected phones. */
export function createF1Driver(target: F1Target, phones: Phone[], meter: WireMeter): F1Driver {
  const { nodeUrls, apiKey } = target;
  const free = phones.map((_, i) => i);
  const http = meter.agent('http');

  const verifyWith = async (phone: Phone): Promise<VerificationTiming> => {
    const url = nodeUrls[(phone.node + 1) % nodeUrls.length]!;
    const t0 = performance.now();
    const created = await requestJson<CreateSessionResponse>(http, 'POST', `${url}/v1/sessions`, {
      auth: apiKey,
      json: { flow: 'code', request: benchRequest, displaySeconds: target.displaySeconds },
    });
    if (created.status !== 201) throw failed('POST /v1/sessions', created.status, created.body);
    const session = created.body;
    target.observe?.created?.(session);
    const t1 = performance.now();
    let widget: Recorder | undefined;
    try {
      await connect(url, '/verifier', session.widgetToken, {
        origin: benchOrigin,
        agent: meter.agent('widget'),
        beforeConnect: (socket) => {
          widget = record(socket);
        },
      });
      const t2 = performance.now();
      const request = ok<RequestIncomingEvent>(
        await ask(phone.socket, 'pairing:join', { code: session.code }),
        'pairing:join',
      );
      if (request.sessionId !== session.sessionId) throw new Error('joined another session');
      target.observe?.joined?.(request);
      const t3 = performance.now();
      const dataAt = widget!
        .next<SessionData>(
          'session:data',
          (d) => d.sessionId === session.sessionId,
          STEP_TIMEOUT_MS,
        )
        .then((data) => {
          const at = performance.now();
          if (typeof data.presentation !== 'string') throw new Error('no presentation');
          target.observe?.data?.(data);
          return at;
        });
      // Settled here so that a failed approve does not leave it rejecting unobserved later.
      dataAt.catch(() => {});
      ok(await ask(phone.socket, 'request:approve', { sessionId: session.sessionId }), 'approve');
      const t4 = await dataAt;
      return {
        create: t1 - t0,
        widgetConnect: t2 - t1,
        join: t3 - t2,
        approveToData: t4 - t3,
        whole: t4 - t0,
      };
    } catch (error) {
      // Frees the citizen (S4) for the phone's next verification; best effort.
      await requestJson(http, 'DELETE', `${url}/v1/sessions/${session.sessionId}`, {
        auth: apiKey,
      }).catch(() => {});
      throw error;
    } finally {
      widget?.socket.close();
    }
  };

  const driver: F1Driver = {
    meter,
    freePhones: () => free.length,
    async verifyOnce() {
      const index = free.shift();
      if (index === undefined) throw new Error('no free phone');
      try {
        return await verifyWith(phones[index]!);
      } finally {
        free.push(index);
      }
    },
    async run(run) {
      const concurrency = Math.min(run.concurrency, phones.length);
      const timings: VerificationTiming[] = [];
      const errors: string[] = [];
      let failures = 0;
      let started = 0;
      let cappedByTime = false;
      const t0 = performance.now();
      let lastEnd = t0;
      const worker = async () => {
        while (started < run.count) {
          if (performance.now() - t0 > run.maxMs) {
            cappedByTime = true;
            return;
          }
          started++;
          try {
            timings.push(await driver.verifyOnce());
          } catch (error) {
            failures++;
            if (errors.length < 5) errors.push((error as Error).message);
          }
          lastEnd = performance.now();
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      const wallMs = lastEnd - t0;
      return { completed: timings.length, failed: failures, errors, wallMs, timings, cappedByTime };
    },
    close() {
      for (const phone of phones) phone.socket.close();
    },
  };
  return driver;
}
