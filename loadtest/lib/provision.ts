/**
 * What a load test needs before its first iteration, made through the hub's own APIs so that a
 * scenario runs against a fresh `npm start` or `npm run cluster` given only the URL(s) and the
 * admin token: verifiers registered and approved by the admin API, each with its API key(s), and
 * citizens from dev mode's sample logged in and enrolled with one or more devices. Load is spread
 * on purpose: several verifiers and keys (per-key limits), one citizen per iteration slot (S4 and
 * per-citizen limits). The result is plain JSON, as k6 passes `setup()` data to every VU.
 */
import { hubApi, type HttpClient } from './hub-api.ts';

/** The most citizens `GET /v1/dev/citizens` hands out (its `limit` is capped there). */
export const MAX_DEV_CITIZENS = 100;

/** An API key and the verifier it belongs to. */
export interface LoadKey {
  verifierId: string;
  apiKey: string;
}

/** An enrolled device. */
export interface LoadDevice {
  deviceId: string;
  deviceToken: string;
}

/** A synthetic citizen with enrolled devices. */
export interface LoadCitizen {
  pesel: string;
  phone: string;
  devices: LoadDevice[];
}

/** Everything a scenario's VUs share (the `setup()` data). */
export interface LoadWorld {
  /** Base URLs of the nodes, as given. */
  hubUrls: string[];
  /** The origin the widgets claim (on every verifier's allow-list). */
  origin: string;
  /** The display window each request asks for. */
  displaySeconds: number;
  verifierIds: string[];
  /** Every key of every verifier, interleaved so that neighbouring slots use different verifiers. */
  keys: LoadKey[];
  citizens: LoadCitizen[];
}

/** Options of `provisionWorld`. */
export interface ProvisionOptions {
  hubUrls: string[];
  adminToken: string;
  http: HttpClient;
  /** Verifiers to register. */
  verifiers: number;
  /** API keys per verifier. */
  keysPerVerifier: number;
  /** Citizens to enroll (at most `MAX_DEV_CITIZENS`). */
  citizens: number;
  /** Devices per citizen. Default 1. */
  devicesPerCitizen?: number;
  /** The widgets' origin. */
  origin: string;
  /** Flows the verifiers may use. */
  flows: string[];
  displaySeconds: number;
  /** Distinguishes this run's verifiers in the admin API and audit log. */
  label: string;
  /** HTTP calls in flight at once while enrolling. Default 16. */
  concurrency?: number;
}

/** Runs `task` over `items`, at most `concurrency` at a time, keeping the order of results. */
export async function inPool<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!, index);
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker),
  );
  return results;
}

/** Registers verifiers and keys and enrolls citizens; throws on the first refusal. */
export async function provisionWorld(options: ProvisionOptions): Promise<LoadWorld> {
  if (options.hubUrls.length === 0) throw new Error('no hub URL given');
  if (options.citizens > MAX_DEV_CITIZENS) {
    throw new Error(
      `${options.citizens} citizens needed, but the hub's dev API offers at most ` +
        `${MAX_DEV_CITIZENS}: lower the VUs / slots of this scenario`,
    );
  }
  const nodes = options.hubUrls.map((url) => hubApi(url, options.http));
  const admin = nodes[0]!;
  const token = options.adminToken;
  const concurrency = options.concurrency ?? 16;

  const verifierIds: string[] = [];
  const keysByVerifier: LoadKey[][] = [];
  for (let v = 0; v < options.verifiers; v++) {
    const { verifierId } = await admin.createVerifier(token, {
      name: `Load test ${options.label} #${v + 1}`,
      kind: 'bank',
      branch: 'k6',
      claims: { id_card: ['given_names', 'family_name', 'age_over_18', 'document_valid'] },
      flows: options.flows,
      origins: [options.origin],
      retain: false,
      displaySeconds: options.displaySeconds,
    });
    await admin.approveVerifier(token, verifierId);
    const keys: LoadKey[] = [];
    for (let k = 0; k < options.keysPerVerifier; k++) {
      keys.push({ verifierId, apiKey: (await admin.issueKey(token, verifierId)).apiKey });
    }
    verifierIds.push(verifierId);
    keysByVerifier.push(keys);
  }
  const keys: LoadKey[] = [];
  for (let k = 0; k < options.keysPerVerifier; k++) {
    for (const perVerifier of keysByVerifier) keys.push(perVerifier[k]!);
  }

  const sample = options.citizens > 0 ? await admin.devCitizens(options.citizens) : [];
  if (sample.length < options.citizens) {
    throw new Error(
      `the hub's register offered ${sample.length} citizens, ${options.citizens} needed`,
    );
  }
  const devicesPerCitizen = Math.max(1, options.devicesPerCitizen ?? 1);
  const logins = await inPool(sample, concurrency, async (person, i) => {
    const node = nodes[i % nodes.length]!;
    return { person, node, citizenToken: (await node.login(person.pesel)).citizenToken };
  });
  const enrollments = logins.flatMap((login, c) =>
    Array.from({ length: devicesPerCitizen }, (_, d) => ({ ...login, c, d })),
  );
  const devices = await inPool(enrollments, concurrency, async (e) => {
    const activated = await e.node.activate(e.citizenToken, e.person.phone, `k6 phone ${e.d + 1}`);
    return { c: e.c, device: { deviceId: activated.deviceId, deviceToken: activated.deviceToken } };
  });
  const citizens: LoadCitizen[] = sample.map((person) => ({
    pesel: person.pesel,
    phone: person.phone,
    devices: [],
  }));
  for (const { c, device } of devices) citizens[c]!.devices.push(device);

  return {
    hubUrls: options.hubUrls,
    origin: options.origin,
    displaySeconds: options.displaySeconds,
    verifierIds,
    keys,
    citizens,
  };
}

/** Suspends the run's verifiers (their keys stop working, their widgets are cut off). */
export async function retireWorld(
  world: LoadWorld,
  adminToken: string,
  http: HttpClient,
): Promise<void> {
  const admin = hubApi(world.hubUrls[0]!, http);
  for (const verifierId of world.verifierIds) await admin.suspendVerifier(adminToken, verifierId);
}
