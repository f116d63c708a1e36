/**
 * Production mode as an operator runs it: two `hub/main.ts` processes with `NODE_ENV=production`,
 * one Redis, the shared secrets, and `OIDC_ISSUER` pointing at an identity provider (here the dev
 * provider on its own port, as an operator would point it at theirs). No dev endpoint exists; a
 * citizen logs in through the provider (the login started on one node, finished on the other),
 * activates a phone and approves an F1 request that a verifier, onboarded by the administrator,
 * receives.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionData, type ActivationResponse, type ErrorBody } from '../../contracts/index.js';
import {
  startDevIdentityProvider,
  type RunningDevIdentityProvider,
} from '../../adapters/identity/index.js';
import { createSyntheticRegister } from '../../adapters/registers/index.js';
import {
  newClusterSecrets,
  repoRoot,
  startHubCluster,
  type ClusterSecrets,
  type HubProcess,
} from '../../scripts/lib/hub-process.js';
import { freePortRun } from '../../scripts/lib/ports.js';
import { connect, ask, type CitizenClient, type VerifierClient } from '../helpers/clients.js';
import { TEST_CLIENT, finishLogin, startLogin, walkProvider } from '../helpers/oidc-world.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/wait.js';

const REGISTER_SIZE = 300;

let redis: RedisServer;
let idp: RunningDevIdentityProvider;
let nodes: HubProcess[] = [];
let secrets: ClusterSecrets;
let redirectUri: string;

beforeAll(async () => {
  redis = await startRedisServer();
  secrets = await newClusterSecrets();
  const first = await freePortRun(2);
  const ports = [first, first + 1];
  // One redirect URI for the whole cluster, as behind a load balancer.
  redirectUri = `http://127.0.0.1:${ports[0]}/citizen/login-callback`;
  // The provider's own copy of the register: the same seed and size as the hubs'.
  idp = await startDevIdentityProvider({
    register: createSyntheticRegister({ seed: 'mdok', size: REGISTER_SIZE }),
    clients: [{ ...TEST_CLIENT, redirectUris: [redirectUri], name: 'mDok' }],
  });
  nodes = await startHubCluster({
    ports,
    publicUrl: (port) => `http://127.0.0.1:${port}`,
    redisUrl: redis.url,
    prefix: 'oidcprod:',
    secrets,
    env: {
      NODE_ENV: 'production',
      // Not used by these tests (no F3); production needs a real SMS gateway configured.
      SMS_GATEWAY_URL: 'http://127.0.0.1:9/sms',
      REGISTER_SIZE: String(REGISTER_SIZE),
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: TEST_CLIENT.clientId,
      OIDC_CLIENT_SECRET: TEST_CLIENT.clientSecret,
      OIDC_REDIRECT_URI: redirectUri,
      OIDC_PROVIDER_NAME: 'login.gov.pl',
    },
  });
}, 90_000);

afterAll(async () => {
  await Promise.all(nodes.map((node) => node.stop()));
  await idp?.close();
  await redis?.stop();
});

async function call<T>(
  node: HubProcess,
  method: string,
  path: string,
  options: { auth?: string; json?: unknown } = {},
): Promise<{ status: number; body: T }> {
  const res = await fetch(node.url + path, {
    method,
    headers: {
      ...(options.auth ? { authorization: `Bearer ${options.auth}` } : {}),
      ...(options.json === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

describe('production mode with an OpenID Connect provider', () => {
  it('[A3] no dev endpoint exists: no login shortcut, no /v1/dev, no dev provider, no demo pages', async () => {
    const [a] = nodes;
    const sample = createSyntheticRegister({ seed: 'mdok', size: REGISTER_SIZE });
    const pesel = (await sample.sample(1))[0]!.pesel;
    const login = await call<ErrorBody>(a!, 'POST', '/v1/citizen/login', { json: { pesel } });
    expect(login.status).toBe(404);
    expect(login.body.error.code).toBe('not_found');
    expect((await call(a!, 'GET', '/v1/dev/citizens?limit=3')).status).toBe(404);
    expect((await call(a!, 'GET', '/v1/dev/sms?phone=%2B48600100200')).status).toBe(404);
    expect((await call(a!, 'GET', '/dev/idp/.well-known/openid-configuration')).status).toBe(404);
    expect((await fetch(`${a!.url}/demo/bank`)).status).toBe(404);
    expect((await call(a!, 'GET', '/v1/citizen/oidc')).body).toEqual({
      providerName: 'login.gov.pl',
    });
  });

  it('[A3][F1][X2] a citizen logs in (started on node A, finished on node B), activates and approves; the verifier gets the data', async () => {
    const [a, b] = nodes as [HubProcess, HubProcess];
    // The administrator onboards a bank (no demo verifiers in production).
    const admin = secrets.adminToken;
    const verifier = await call<{ verifierId: string }>(a, 'POST', '/v1/admin/verifiers', {
      auth: admin,
      json: {
        name: 'Bank Produkcyjny S.A.',
        kind: 'bank',
        claims: { id_card: ['given_names', 'family_name', 'age_over_18'] },
        flows: ['code'],
        origins: ['https://bank.example'],
      },
    });
    expect(verifier.status).toBe(201);
    const id = verifier.body.verifierId;
    expect(
      (await call(a, 'POST', `/v1/admin/verifiers/${id}/approve`, { auth: admin })).status,
    ).toBe(200);
    const key = await call<{ apiKey: string }>(b, 'POST', `/v1/admin/verifiers/${id}/keys`, {
      auth: admin,
    });
    expect(key.status).toBe(201);

    // The citizen logs in at the provider.
    const register = createSyntheticRegister({ seed: 'mdok', size: REGISTER_SIZE });
    const citizen = (await register.sample(3))[2]!;
    const started = await startLogin(a.url);
    expect(new URL(started.authorizationUrl).origin).toBe(idp.issuer);
    const query = await walkProvider(started.authorizationUrl, redirectUri, {
      pesel: citizen.pesel,
      method: 'edowod',
    });
    const login = await finishLogin(b.url, started.jar, query);
    expect(login.status).toBe(200);
    const { citizenToken, givenName } = login.body as { citizenToken: string; givenName: string };
    expect(givenName).toBe(citizen.givenNames);

    // …activates this phone…
    const activation = await call<ActivationResponse>(b, 'POST', '/v1/citizen/activation', {
      auth: citizenToken,
      json: { phone: citizen.phone, deviceName: 'Telefon' },
    });
    expect(activation.status).toBe(201);
    const phone = await connect<CitizenClient>(a.url, '/citizen', activation.body.deviceToken);

    // …and approves the bank's request.
    const created = await call<{ sessionId: string; widgetToken: string; code: string }>(
      b,
      'POST',
      '/v1/sessions',
      {
        auth: key.body.apiKey,
        json: {
          flow: 'code',
          request: {
            documents: [{ type: 'id_card', claims: ['given_names', 'family_name', 'age_over_18'] }],
            purpose: 'Otwarcie rachunku',
          },
        },
      },
    );
    expect(created.status).toBe(201);
    const widget = await connect<VerifierClient>(b.url, '/verifier', created.body.widgetToken);
    try {
      const data = waitFor<unknown>(widget, 'session:data', () => true, 10_000);
      expect((await ask(phone, 'pairing:join', { code: created.body.code })).ok).toBe(true);
      expect(await ask(phone, 'request:approve', { sessionId: created.body.sessionId })).toEqual({
        ok: true,
      });
      const delivered = SessionData.parse(await data);
      expect(delivered.claims.id_card).toMatchObject({
        given_names: citizen.givenNames,
        family_name: citizen.familyName,
      });
      const history = await call<{ entries: { outcome: string }[] }>(
        a,
        'GET',
        '/v1/citizen/history',
        {
          auth: activation.body.deviceToken,
        },
      );
      expect(history.body.entries.map((e) => e.outcome)).toContain('delivered');
    } finally {
      phone.close();
      widget.close();
    }
  });
});

describe('production mode without an identity provider', () => {
  it('[A3] refuses to start: citizens would have no way to log in', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'hub/main.ts'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        NODE_ENV: 'production',
        SMS_GATEWAY_URL: 'http://127.0.0.1:9/sms',
        PORT: '0',
        HUB_SECRET: secrets.hubSecret,
        SIGNING_KEY: secrets.signingKey,
        ADMIN_TOKEN: secrets.adminToken,
        LOG_FORMAT: 'json',
      },
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(output).toContain('production needs OIDC_ISSUER and OIDC_CLIENT_ID');
    expect(output).not.toContain('listening on port');
  });
});
