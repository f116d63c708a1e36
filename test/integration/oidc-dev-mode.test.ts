/**
 * Dev mode as `npm start` runs it (no `OIDC_ISSUER`): the hub process mounts the dev identity
 * provider under `/dev/idp` of its own address and points its relying party at that URL, so the
 * login a developer clicks through is the production code path against a real provider. The
 * dev shortcut `POST /v1/citizen/login {pesel}` is there too, for tests and the demo.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivationResponse, LoginResponse } from '../../contracts/index.js';
import { createSyntheticRegister } from '../../adapters/registers/index.js';
import { repoRoot } from '../../scripts/lib/hub-process.js';
import { startChild, type ManagedChild } from '../../scripts/lib/managed-child.js';
import { finishLogin, startLogin, walkProvider } from '../helpers/oidc-world.js';
import { freePort } from '../helpers/redis-server.js';
import { waitUntil } from '../helpers/wait.js';

const REGISTER_SIZE = 200;
let hub: ManagedChild;
let url: string;

beforeAll(async () => {
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  hub = await startChild({
    name: 'hub-dev',
    command: process.execPath,
    args: ['--import', 'tsx', 'hub/main.ts'],
    cwd: repoRoot,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: url,
      REGISTER_SIZE: String(REGISTER_SIZE),
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'warn',
    },
  });
  await waitUntil(
    async () => {
      try {
        return (await fetch(`${url}/readyz`)).status === 200;
      } catch {
        return false;
      }
    },
    30_000,
    'the dev hub to be ready',
  );
  // The provider is built on its first request: let that be this one, not the first login.
  await waitUntil(
    async () => (await fetch(`${url}/dev/idp/.well-known/openid-configuration`)).status === 200,
    30_000,
    'the dev identity provider to be ready',
  );
}, 90_000);

afterAll(async () => {
  await hub?.stop();
});

describe('dev mode: the provider mounted in the hub', () => {
  it('[A3] the hub discovers its own /dev/idp like any provider; a citizen logs in through it and activates', async () => {
    const discovery = await fetch(`${url}/dev/idp/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
    const metadata = (await discovery.json()) as { issuer: string; authorization_endpoint: string };
    expect(metadata.issuer).toBe(`${url}/dev/idp`);
    expect(metadata.authorization_endpoint).toBe(`${url}/dev/idp/auth`);

    const register = createSyntheticRegister({ seed: 'mdok', size: REGISTER_SIZE });
    const citizen = (await register.sample(2))[1]!;
    const started = await startLogin(url, 'en');
    expect(started.authorizationUrl.startsWith(`${url}/dev/idp/auth?`)).toBe(true);
    const query = await walkProvider(started.authorizationUrl, `${url}/citizen/login-callback`, {
      pesel: citizen.pesel,
    });
    const login = await finishLogin(url, started.jar, query);
    expect(login.status).toBe(200);
    const { citizenToken } = login.body as LoginResponse;
    const activation = await fetch(`${url}/v1/citizen/activation`, {
      method: 'POST',
      headers: { authorization: `Bearer ${citizenToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ phone: citizen.phone, deviceName: 'Dev phone' }),
    });
    expect(activation.status).toBe(201);
    expect(((await activation.json()) as ActivationResponse).deviceToken).toEqual(
      expect.any(String),
    );
  });

  it('[A3] the dev shortcut stays for tests and the demo; the rest of the hub is untouched by the mount', async () => {
    const register = createSyntheticRegister({ seed: 'mdok', size: REGISTER_SIZE });
    const citizen = (await register.sample(1))[0]!;
    const shortcut = await fetch(`${url}/v1/citizen/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pesel: citizen.pesel }),
    });
    expect(shortcut.status).toBe(200);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    // Only the exact prefix is the provider's.
    expect((await fetch(`${url}/dev/idpx`)).status).toBe(404);
  });
});
