/**
 * What the F1 benchmark needs before it can verify anyone, made through the hub's own APIs as an
 * operator and citizens would: a registered, approved verifier with an API key (admin API) and
 * enrolled devices (dev citizens, dev login, activation). Not measured. The minimal baseline hub
 * needs none of it (it takes any token), so only the real hub is provisioned.
 */
import type { ActivationResponse, DevCitizen, LoginResponse } from '../../contracts/index.js';
import { createApi, expectStatus } from '../demo/wire.js';

/** The web origin the benchmark's widgets claim to run on (on the verifier's allow-list, A4). */
export const benchOrigin = 'https://bank.bench.example';

/** What each verification asks for. */
export const benchRequest = {
  documents: [{ type: 'id_card', claims: ['given_names', 'family_name', 'age_over_18'] }],
  purpose: 'Benchmark',
};

/** The most citizens `GET /v1/dev/citizens` offers at once. */
const DEV_CITIZENS_MAX = 100;

/** What a run needs: the verifier's API key and device tokens of enrolled phones. */
export interface F1Credentials {
  apiKey: string;
  deviceTokens: string[];
}

/** Registers and approves the benchmark's verifier and issues it an API key. */
export async function provisionVerifier(
  url: string,
  adminToken: string,
  displaySeconds: number,
): Promise<string> {
  const admin = createApi(url);
  const auth = adminToken;
  const created = expectStatus(
    await admin<{ verifierId: string }>('POST', '/v1/admin/verifiers', {
      auth,
      json: {
        name: 'Bench Bank',
        kind: 'bank',
        claims: { id_card: benchRequest.documents[0]!.claims },
        flows: ['code'],
        origins: [benchOrigin],
        displaySeconds,
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
  return apiKey;
}

/**
 * Enrolls `count` devices: the dev register's first citizens (at most 100), each logged in once
 * and given `ceil(count / citizens)` devices — more than 5 per citizen needs `LIMIT_ACTIVATIONS`
 * raised. `concurrency` activations run at once.
 */
export async function enrollDevices(
  url: string,
  count: number,
  concurrency = 16,
): Promise<string[]> {
  const api = createApi(url);
  const { citizens } = expectStatus(
    await api<{ citizens: DevCitizen[] }>(
      'GET',
      `/v1/dev/citizens?limit=${Math.min(count, DEV_CITIZENS_MAX)}`,
    ),
    200,
    'GET /v1/dev/citizens',
  );
  if (citizens.length === 0) throw new Error('the dev register offered no citizens');
  const logins = await Promise.all(
    citizens.map(async (citizen) => {
      const { citizenToken } = expectStatus(
        await api<LoginResponse>('POST', '/v1/citizen/login', { json: { pesel: citizen.pesel } }),
        200,
        'citizen login',
      );
      return { citizen, citizenToken };
    }),
  );
  const tokens: string[] = new Array<string>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const { citizen, citizenToken } = logins[i % logins.length]!;
      const { deviceToken } = expectStatus(
        await api<ActivationResponse>('POST', '/v1/citizen/activation', {
          auth: citizenToken,
          json: { phone: citizen.phone, deviceName: `bench phone ${i}` },
        }),
        201,
        'activation',
      );
      tokens[i] = deviceToken;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return tokens;
}

/** Provisions a verifier and `phones` devices on the hub at `url`. */
export async function provisionF1(
  url: string,
  adminToken: string,
  phones: number,
  displaySeconds = 60,
): Promise<F1Credentials> {
  const apiKey = await provisionVerifier(url, adminToken, displaySeconds);
  return { apiKey, deviceTokens: await enrollDevices(url, phones) };
}

/** Credentials for the minimal baseline hub, which takes any token: made-up ones. */
export function anyCredentials(phones: number): F1Credentials {
  return {
    apiKey: 'baseline-api-key',
    deviceTokens: Array.from({ length: phones }, (_, i) => `baseline-device-${i}`),
  };
}
