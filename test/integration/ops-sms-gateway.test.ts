/**
 * The HTTP SMS gateway (F3) against a stand-in for the operator's SMS provider running as its
 * own process on a free port: the JSON body, auth header and idempotency key of the contract;
 * retries of 5xx/429 with the same key; no retry of a refusal; a bound on each attempt; a
 * provider that is down. Then whole hub processes: production refuses to start with the console
 * gateway, and a production hub sends the F3 code through the provider without any log line
 * carrying the phone number or the code.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createHttpSmsGateway,
  SmsGatewayError,
  type SmsAttempt,
} from '../../adapters/sms/index.js';
import { createSyntheticRegister } from '../../adapters/registers/index.js';
import { startHubProcess, type HubProcessHandle } from '../helpers/ops-hub-process.js';
import { freePort } from '../helpers/redis-server.js';
import { startSmsProvider, type SmsProvider } from '../helpers/sms-provider.js';

const PHONE = '+48600100200';
const TEXT = 'mDok: kod 352260 dla Banku. Podaj go tylko osobie, która Cię obsługuje.';

let provider: SmsProvider;
const processes: HubProcessHandle[] = [];

beforeAll(async () => {
  provider = await startSmsProvider();
});
afterAll(async () => {
  await provider.stop();
});
afterEach(async () => {
  await provider.release();
  for (const p of processes.splice(0)) await p.kill();
});

/** A gateway to the stub with quick retries, recording each attempt. */
function gateway(options: { retries?: number; timeoutMs?: number; url?: string } = {}) {
  const attempts: SmsAttempt[] = [];
  const sms = createHttpSmsGateway({
    url: options.url ?? provider.url,
    auth: 'Bearer provider-secret',
    sender: 'mDok',
    retries: options.retries ?? 2,
    timeoutMs: options.timeoutMs ?? 5000,
    backoffMs: 10,
    maxBackoffMs: 50,
    onAttempt: (a) => attempts.push(a),
  });
  return { sms, attempts };
}

/** Everything a caller could log about a failure. */
function shown(error: unknown): string {
  return JSON.stringify({ ...(error as object), message: (error as Error).message });
}

/**
 * Production also needs an identity provider for citizens' login; discovery is lazy (first
 * login), and these tests log no citizen in, so an address nothing listens on will do.
 */
const PRODUCTION_LOGIN = { OIDC_ISSUER: 'http://127.0.0.1:9/idp', OIDC_CLIENT_ID: 'mdok-hub' };

describe('[F3] the HTTP SMS gateway', () => {
  it('hands a message over as the contract says: JSON body, auth header, idempotency key', async () => {
    const { sms, attempts } = gateway();
    const before = (await provider.received()).length;
    await sms.send(PHONE, TEXT);
    const got = (await provider.received()).slice(before);
    expect(got).toHaveLength(1);
    const [message] = got;
    expect(message!.body).toEqual({
      to: PHONE,
      text: TEXT,
      messageId: expect.any(String),
      sender: 'mDok',
    });
    expect(message!.headers.authorization).toBe('Bearer provider-secret');
    expect(message!.headers['content-type']).toMatch(/^application\/json/);
    expect(message!.headers['idempotency-key']).toBe(message!.body.messageId);
    expect(attempts).toEqual([
      expect.objectContaining({ attempt: 1, status: 202, ok: true, willRetry: false }),
    ]);
    // What the hub logs of an attempt holds no personal data.
    expect(JSON.stringify(attempts)).not.toContain('600100200');
    expect(JSON.stringify(attempts)).not.toContain('352260');
  });

  it('retries 5xx and 429 with the same idempotency key until the provider accepts', async () => {
    const { sms, attempts } = gateway();
    await provider.plan([{ status: 503 }, { status: 429, retryAfter: 0 }, { status: 202 }]);
    const before = (await provider.received()).length;
    await sms.send(PHONE, TEXT);
    const got = (await provider.received()).slice(before);
    expect(got.map((m) => m.answered)).toEqual([503, 429, 202]);
    expect(new Set(got.map((m) => m.headers['idempotency-key'])).size).toBe(1);
    expect(attempts.map((a) => [a.status, a.willRetry])).toEqual([
      [503, true],
      [429, true],
      [202, false],
    ]);
  });

  it('does not retry a refusal (4xx); the error names neither the phone nor the text', async () => {
    const { sms } = gateway();
    await provider.plan([{ status: 400 }]);
    const before = (await provider.received()).length;
    const error = await sms.send(PHONE, TEXT).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SmsGatewayError);
    expect(error).toMatchObject({ status: 400, attempts: 1 });
    expect(shown(error)).not.toContain('600100200');
    expect(shown(error)).not.toContain('352260');
    expect((await provider.received()).length - before).toBe(1);
  });

  it('bounds each attempt: a provider that does not answer is retried, then given up', async () => {
    const { sms, attempts } = gateway({ retries: 1, timeoutMs: 300 });
    await provider.plan([{ hold: true }, { hold: true }]);
    const error = await sms.send(PHONE, TEXT).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SmsGatewayError);
    expect((error as Error).message).toMatch(/timeout/);
    expect(attempts.map((a) => [a.failure, a.willRetry])).toEqual([
      ['timeout', true],
      ['timeout', false],
    ]);
    const held = (await provider.received()).filter((m) => m.answered === 'held');
    expect(new Set(held.slice(-2).map((m) => m.headers['idempotency-key'])).size).toBe(1);
  });

  it('a provider that is down (connection refused) fails after the retries', async () => {
    const closed = await freePort();
    const { sms, attempts } = gateway({ url: `http://127.0.0.1:${closed}/messages`, retries: 2 });
    await expect(sms.send(PHONE, TEXT)).rejects.toBeInstanceOf(SmsGatewayError);
    expect(attempts.map((a) => a.failure)).toEqual(['network', 'network', 'network']);
  });
});

/** Hub processes start in seconds on a busy machine; the default 20 s is too tight. */
const PROCESS_TEST_MS = 60_000;

describe('[F3] SMS in production (hub processes)', () => {
  it(
    'refuses to start in production without SMS_GATEWAY_URL (no console gateway)',
    async () => {
      const hub = await startHubProcess({ NODE_ENV: 'production', ...PRODUCTION_LOGIN });
      processes.push(hub);
      const exit = await hub.exited();
      expect(exit.code).toBe(1);
      expect(hub.lines.join('\n')).toMatch(/production needs SMS_GATEWAY_URL/);
    },
    PROCESS_TEST_MS,
  );

  it(
    'sends the F3 code through the provider; no log line carries the phone or the code',
    async () => {
      const hub = await startHubProcess({
        NODE_ENV: 'production',
        ...PRODUCTION_LOGIN,
        LOG_LEVEL: 'debug',
        SMS_GATEWAY_URL: provider.url,
        SMS_GATEWAY_AUTH: 'Bearer provider-secret',
      });
      processes.push(hub);
      await hub.waitReady();
      const admin = async (path: string, body?: unknown) => {
        const res = await fetch(hub.url + path, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${hub.adminToken}`,
            'content-type': 'application/json',
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        return (await res.json()) as Record<string, string>;
      };
      const { verifierId } = await admin('/v1/admin/verifiers', {
        name: 'Bank SMS',
        kind: 'bank',
        claims: { id_card: ['given_names', 'age_over_18'] },
        flows: ['otp'],
        origins: ['https://bank.example'],
      });
      await admin(`/v1/admin/verifiers/${verifierId}/approve`);
      const { apiKey } = await admin(`/v1/admin/verifiers/${verifierId}/keys`);
      // The hub's synthetic register with its default seed and size: the same people here.
      const [person] = await createSyntheticRegister({ seed: 'mdok', size: 1000 }).sample(1);

      const arrived = provider.next();
      const res = await fetch(`${hub.url}/v1/sessions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          flow: 'otp',
          subject: { pesel: person!.pesel },
          request: { documents: [{ type: 'id_card', claims: ['age_over_18'] }], purpose: 'Konto' },
        }),
      });
      expect(res.status).toBe(201);
      const sms = await arrived;
      expect(sms.body.to).toBe(person!.phone);
      expect(sms.headers.authorization).toBe('Bearer provider-secret');
      const code = /kod (\d{6})/.exec(sms.body.text)?.[1];
      expect(code).toMatch(/^\d{6}$/);
      await hub.waitForLine(/sms handed to the provider/);

      const output = hub.lines.join('\n');
      const national = person!.phone.replace(/\D/g, '').slice(-9);
      expect(output).not.toContain(national);
      expect(output).not.toContain(code!);
      expect(output).not.toContain(person!.pesel);
      expect(output).not.toContain('[sms]');
    },
    PROCESS_TEST_MS,
  );
});
