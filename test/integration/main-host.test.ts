/**
 * Where `npm start` listens (hub/main.ts): dev mode — with its login stand-in, printed demo keys
 * and `/v1/dev` — only on the loopback interface unless `HOST` says otherwise; production on
 * every interface. Runs the real entry point as a child process on port 0.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { newSigningJwkJson } from '../../hub/security/hub-keys.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Starts hub/main.ts with `env`, answers the address it says it listens on, and stops it. */
function listeningLine(env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'hub/main.ts'], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        LOG_LEVEL: 'silent',
        REGISTER_SIZE: '10',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no listening line: ${out}`));
    }, 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /listening on (\S+):\d+/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      child.once('exit', () => resolve(match[1]!));
      child.kill('SIGTERM');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });
}

describe('hub/main.ts listening address', () => {
  it('[§7] dev mode listens on 127.0.0.1; HOST overrides it; production listens on 0.0.0.0', async () => {
    expect(await listeningLine({})).toBe('127.0.0.1');
    expect(await listeningLine({ HOST: '0.0.0.0' })).toBe('0.0.0.0');
    expect(
      await listeningLine({
        NODE_ENV: 'production',
        HUB_SECRET: 'x'.repeat(40),
        ADMIN_TOKEN: 'a'.repeat(32),
        SIGNING_KEY: await newSigningJwkJson(),
        // Production also needs an SMS gateway and an identity provider; neither is called here.
        SMS_GATEWAY_URL: 'http://127.0.0.1:9/sms',
        OIDC_ISSUER: 'http://127.0.0.1:9/idp',
        OIDC_CLIENT_ID: 'mdok-hub',
      }),
    ).toBe('0.0.0.0');
  }, 90_000);
});
