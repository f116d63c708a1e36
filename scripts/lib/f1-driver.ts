/**
 * Drives F1 (code) verifications against running hub nodes over real HTTP and sockets, as the
 * benchmark's load: per verification the bank's backend creates a session, the clerk's widget
 * connects, an enrolled citizen's phone joins by code and approves, and the widget receives
 * `session:data`. Citizens are enrolled beforehand, one per concurrent worker (a citizen has one
 * pending request at a time, S4), with their phones on node `w mod N` and the worker's widget and
 * backend calls on node `w+1 mod N`: with two nodes, verifier and citizen are always on different
 * nodes (X2).
 */
import { performance } from 'node:perf_hooks';
import type {
  ActivationResponse,
  CreateSessionResponse,
  DevCitizen,
  LoginResponse,
} from '../../contracts/index.js';
import {
  command,
  connectClient,
  createApi,
  expectOk,
  expectStatus,
  type Api,
  type Client,
} from '../demo/wire.js';

/** The web origin the benchmark's widgets claim to run on (on the verifier's allow-list, A4). */
const benchOrigin = 'https://bank.bench.example';
/** What each verification asks for. */
const request = {
  documents: [{ type: 'id_card', claims: ['given_names', 'family_name', 'age_over_18'] }],
  purpose: 'Benchmark',
};
const STEP_TIMEOUT_MS = 10_000;

/** One node as the driver sees it. */
interface Node {
  url: string;
  api: Api;
}

/** An enrolled citizen with their phone connected. */
interface Phone {
  citizen: DevCitizen;
  node: number;
  client: Client;
}

/** Timings of one verification, in ms. */
export interface VerificationTiming {
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

/** Options of a run. */
export interface F1RunOptions {
  count: number;
  concurrency: number;
  /** No verification starts after this many ms. */
  maxMs: number;
}

/** A prepared benchmark world: a verifier with an API key and connected citizens' phones. */
export interface F1Driver {
  /** Runs `count` verifications, `concurrency` at a time (at most as many as phones). */
  run(options: F1RunOptions): Promise<F1RunResult>;
  /** Closes every phone socket. */
  close(): void;
}

/** Options of `prepareF1`. */
export interface F1DriverOptions {
  /** Base URLs of the nodes (loopback). */
  nodeUrls: string[];
  adminToken: string;
  /** How many citizens to enroll: the highest concurrency a run may use (≤ 100). */
  phones: number;
}

/** Registers a verifier through the admin API and enrolls and connects the citizens. */
export async function prepareF1(options: F1DriverOptions): Promise<F1Driver> {
  const nodes: Node[] = options.nodeUrls.map((url) => ({ url, api: createApi(url) }));
  const admin = nodes[0]!.api;
  const auth = options.adminToken;
  const created = expectStatus(
    await admin<{ verifierId: string }>('POST', '/v1/admin/verifiers', {
      auth,
      json: {
        name: 'Bench Bank',
        kind: 'bank',
        claims: { id_card: request.documents[0]!.claims },
        flows: ['code'],
        origins: [benchOrigin],
        displaySeconds: 60,
      },
    }),
    201,
    'POST /v1/admin/verifiers',
  );
  const path = `/v1/admin/verifiers/${created.verifierId}`;
  expectStatus(await admin('POST', `${path}/approve`, { auth }), 200, 'approving the verifier');
  const { apiKey } = expectStatus(
    await admin<{ apiKey: string }>('POST', `${path}/keys`, { auth }),
    201,
    'issuing an API key',
  );

  const { citizens } = expectStatus(
    await admin<{ citizens: DevCitizen[] }>('GET', `/v1/dev/citizens?limit=${options.phones}`),
    200,
    'GET /v1/dev/citizens',
  );
  if (citizens.length < options.phones) {
    throw new Error(`the register offered ${citizens.length} citizens, ${options.phones} needed`);
  }
  const phones = await Promise.all(
    citizens.map(async (citizen, i): Promise<Phone> => {
      const node = nodes[i % nodes.length]!;
      const { citizenToken } = expectStatus(
        await node.api<LoginResponse>('POST', '/v1/citizen/login', {
          json: { pesel: citizen.pesel },
        }),
        200,
        'citizen login',
      );
      const { deviceToken } = expectStatus(
        await node.api<ActivationResponse>('POST', '/v1/citizen/activation', {
          auth: citizenToken,
          json: { phone: citizen.phone, deviceName: `bench phone ${i}` },
        }),
        201,
        'activation',
      );
      const client = await connectClient(node.url, '/citizen', deviceToken, node.url);
      return { citizen, node: i % nodes.length, client };
    }),
  );

  const verifyOnce = async (worker: number): Promise<VerificationTiming> => {
    const phone = phones[worker]!;
    const node = nodes[(phone.node + 1) % nodes.length]!;
    const t0 = performance.now();
    const session = expectStatus(
      await node.api<CreateSessionResponse>('POST', '/v1/sessions', {
        auth: apiKey,
        json: { flow: 'code', request },
      }),
      201,
      'POST /v1/sessions',
    );
    let widget: Client | undefined;
    try {
      widget = await connectClient(node.url, '/verifier', session.widgetToken, benchOrigin);
      expectOk(await command(phone.client, 'pairing:join', { code: session.code }), 'pairing:join');
      const t1 = performance.now();
      const approved = command(phone.client, 'request:approve', { sessionId: session.sessionId });
      const dataAt = widget.inbox
        .take('session:data', 'widget', STEP_TIMEOUT_MS)
        .then(() => performance.now());
      // Settled here so that a failed approve does not leave it rejecting unobserved later.
      dataAt.catch(() => {});
      expectOk(await approved, 'request:approve');
      const t2 = await dataAt;
      return { approveToData: t2 - t1, whole: t2 - t0 };
    } catch (error) {
      // Frees the citizen (S4) for the worker's next verification; best effort.
      await node
        .api('DELETE', `/v1/sessions/${session.sessionId}`, { auth: apiKey })
        .catch(() => {});
      throw error;
    } finally {
      widget?.socket.close();
    }
  };

  return {
    async run(run) {
      const concurrency = Math.min(run.concurrency, phones.length);
      const timings: VerificationTiming[] = [];
      const errors: string[] = [];
      let failed = 0;
      let started = 0;
      let cappedByTime = false;
      const t0 = performance.now();
      let lastEnd = t0;
      const worker = async (w: number) => {
        while (started < run.count) {
          if (performance.now() - t0 > run.maxMs) {
            cappedByTime = true;
            return;
          }
          started++;
          try {
            timings.push(await verifyOnce(w));
          } catch (error) {
            failed++;
            if (errors.length < 5) errors.push((error as Error).message);
          }
          lastEnd = performance.now();
        }
      };
      await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
      return {
        completed: timings.length,
        failed,
        errors,
        wallMs: lastEnd - t0,
        timings,
        cappedByTime,
      };
    },
    close() {
      for (const phone of phones) phone.client.socket.close();
    },
  };
}
