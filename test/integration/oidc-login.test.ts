/**
 * Citizen login through OpenID Connect (SPEC A3) against a real provider: the dev identity
 * provider (`oidc-provider`) as an HTTP server on port 0, reached by the hub by its issuer URL
 * like any provider. A scripted browser walks the provider's pages. Covers the whole journey
 * (login → activation → F1 approval), the PESEL's privacy, and every refusal: provider
 * unreachable, wrong `state`, a replayed answer or code, an expired ID token, too low an `acr`,
 * no PESEL claim, a cancelled or stale login, and a login finished on another node.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import {
  SessionData,
  type ErrorBody,
  type OidcLoginResponse,
  type OidcStartResponse,
} from '../../contracts/index.js';
import { createMemorySessionStore } from '../../adapters/sessions/index.js';
import { createHubKeys } from '../../hub/security/hub-keys.js';
import type { Session } from '../../hub/sessions/session.js';
import { ask } from '../helpers/clients.js';
import { freePort } from '../helpers/redis-server.js';
import { createTestClock } from '../helpers/test-clock.js';
import { startTestHub } from '../helpers/test-hub.js';
import { waitFor } from '../helpers/wait.js';
import { cookieJar, startOidcWorld, type OidcWorld } from '../helpers/oidc-world.js';

const worlds: OidcWorld[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
});

async function world(options: Parameters<typeof startOidcWorld>[0] = {}): Promise<OidcWorld> {
  const w = await startOidcWorld(options);
  worlds.push(w);
  return w;
}

async function person(w: OidcWorld, index = 0) {
  return (await w.t.register.sample(index + 1))[index]!;
}

function errorOf(answer: { status: number; body: unknown }) {
  return (answer.body as ErrorBody).error;
}

/** A login as far as the provider's answer, not yet handed to the hub. */
async function answered(w: OidcWorld, pesel: string, method?: 'pz' | 'edowod' | 'bank' | 'low') {
  const started = await w.start();
  const query = await w.atProvider(started.authorizationUrl, {
    pesel,
    ...(method ? { method } : {}),
  });
  return { ...started, query };
}

describe('citizen login through OpenID Connect', () => {
  it('[A3][F1] login at the provider → activation → the phone approves an F1 request → the verifier gets the data', async () => {
    const w = await world();
    const citizen = await person(w);
    const login = await w.login({ pesel: citizen.pesel });
    expect(login).toEqual({
      citizenToken: expect.any(String),
      expiresAt: expect.any(String),
      givenName: citizen.givenNames,
      familyName: citizen.familyName,
    } satisfies OidcLoginResponse);
    // The same citizen token as the dev login: a JWE, the PESEL not readable in it.
    expect(login.citizenToken.split('.')).toHaveLength(5);
    expect(login.citizenToken).not.toContain(citizen.pesel);

    const history = await w.t.api('GET', '/v1/citizen/history', { auth: login.citizenToken });
    expect(history.status).toBe(200);
    const activation = await w.t.api<{ deviceId: string; deviceToken: string }>(
      'POST',
      '/v1/citizen/activation',
      { auth: login.citizenToken, json: { phone: citizen.phone, deviceName: 'Pixel' } },
    );
    expect(activation.status).toBe(201);

    const phone = await w.t.citizenSocket(activation.body.deviceToken);
    const created = await w.t.createSession('bank', {
      flow: 'code',
      request: {
        documents: [{ type: 'id_card', claims: ['given_names', 'family_name', 'age_over_18'] }],
        purpose: 'Otwarcie rachunku',
      },
    });
    const widget = await w.t.verifierSocket(created.widgetToken);
    const data = waitFor<unknown>(widget, 'session:data');
    const joined = await ask(phone, 'pairing:join', { code: created.code });
    expect(joined.ok).toBe(true);
    expect(await ask(phone, 'request:approve', { sessionId: created.sessionId })).toEqual({
      ok: true,
    });
    const delivered = SessionData.parse(await data);
    expect(delivered.claims.id_card).toMatchObject({
      given_names: citizen.givenNames,
      family_name: citizen.familyName,
      status: expect.any(String),
    });
  });

  it('[H1][D5] the PESEL becomes the citizen reference at once: logs carry the reference, never the PESEL', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const w = await world({ hub: { deps: { logger: pino({ level: 'debug' }, sink) } } });
    const citizen = await person(w, 1);
    await w.login({ pesel: citizen.pesel });
    const low = await answered(w, citizen.pesel, 'low');
    expect((await w.callback(low.jar, low.query)).status).toBe(403);
    const logged = lines.join('');
    expect(logged).toContain('citizen logged in');
    expect(logged).toMatch(/"citizenRef":"[\w-]{43}"/);
    expect(logged).not.toContain(citizen.pesel);
    expect(logged).not.toContain(citizen.familyName);
  });

  it('[A3] the login cookie is sealed, HttpOnly, SameSite=Lax and scoped to the login routes', async () => {
    const w = await world();
    const res = await fetch(`${w.t.url}/v1/citizen/oidc/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"lang":"en"}',
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as OidcStartResponse;
    const url = new URL(body.authorizationUrl);
    expect(url.origin).toBe(w.idp.issuer);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'mdok-hub-test',
      redirect_uri: w.redirectUri,
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      state: expect.stringMatching(/^[\w-]{43}$/),
      nonce: expect.stringMatching(/^[\w-]{43}$/),
      prompt: 'login',
      ui_locales: 'en',
    });
    const [cookie] = res.headers.getSetCookie();
    expect(cookie).toMatch(/^mdok_oidc=[\w-]+\.[\w-]+\.[\w-]+;/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/v1/citizen/oidc');
    // Nothing of the login state is readable in it.
    expect(cookie).not.toContain(url.searchParams.get('state')!);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('[A3] a second person in the same browser logs in as themselves: the provider asks again (prompt=login)', async () => {
    const w = await world();
    const [first, second] = await w.t.register.sample(2);
    const providerCookies = cookieJar();
    for (const citizen of [first!, second!]) {
      const { jar, authorizationUrl } = await w.start();
      const query = await w.atProvider(authorizationUrl, { pesel: citizen.pesel }, providerCookies);
      const login = await w.callback(jar, query);
      expect(login.status).toBe(200);
      expect((login.body as OidcLoginResponse).familyName).toBe(citizen.familyName);
      // Activation takes only the phone on the token holder's record: the token is theirs.
      const activation = await w.t.api('POST', '/v1/citizen/activation', {
        auth: (login.body as OidcLoginResponse).citizenToken,
        json: { phone: citizen.phone, deviceName: 'Shared tablet' },
      });
      expect(activation.status).toBe(201);
    }
    expect(providerCookies.has('_session')).toBe(true);
  });

  it('[V2] the provider unreachable: starting a login answers 503 register_unavailable', async () => {
    const w = await world();
    const closedPort = await freePort();
    w.t.hub.ctx.config.oidc = {
      ...w.t.hub.ctx.config.oidc!,
      issuer: `http://127.0.0.1:${closedPort}`,
    };
    const res = await w.t.api('POST', '/v1/citizen/oidc/start', { json: {} });
    expect(res.status).toBe(503);
    expect(errorOf(res)).toEqual({
      code: 'register_unavailable',
      message: expect.stringContaining('identity provider is not reachable'),
    });
  });

  it('[V2] the provider gone while the citizen was there: the answer gets 503 register_unavailable', async () => {
    const w = await world();
    const citizen = await person(w);
    const { jar, query } = await answered(w, citizen.pesel);
    await w.idp.close();
    const answer = await w.callback(jar, query);
    expect(answer.status).toBe(503);
    expect(errorOf(answer).code).toBe('register_unavailable');
  });

  it('[V2] a wrong state is refused (403) before anything is spent; the real answer still logs in', async () => {
    const w = await world();
    const citizen = await person(w);
    const { jar, query } = await answered(w, citizen.pesel);
    const forged = new URLSearchParams(query.slice(1));
    forged.set('state', 'x'.repeat(43));
    const refused = await w.callback(jar, `?${forged}`);
    expect(refused.status).toBe(403);
    expect(errorOf(refused)).toEqual({
      code: 'forbidden',
      message: expect.stringContaining('state'),
      issues: [{ path: 'state', message: expect.any(String) }],
    });
    const real = await w.callback(jar, query);
    expect(real.status).toBe(200);
  });

  it('[V2] a replayed answer (same code, same state, the cookie copied) is refused: 410 gone', async () => {
    const w = await world();
    const citizen = await person(w);
    const { jar, query } = await answered(w, citizen.pesel);
    const stolen = jar.clone();
    expect((await w.callback(jar, query)).status).toBe(200);
    // The browser's own cookie is gone after the login…
    expect(jar.has('mdok_oidc')).toBe(false);
    // …and a copy of it gets nowhere: the answer was used.
    const replay = await w.callback(stolen, query);
    expect(replay.status).toBe(410);
    expect(errorOf(replay)).toEqual({ code: 'gone', message: expect.stringContaining('used') });
  });

  it('[V2] a code replayed into another login (its own state) is refused by the provider: 410 gone', async () => {
    const w = await world();
    const citizen = await person(w);
    const first = await answered(w, citizen.pesel);
    expect((await w.callback(first.jar, first.query)).status).toBe(200);
    const second = await w.start();
    const code = new URLSearchParams(first.query.slice(1)).get('code')!;
    const secondState = new URL(second.authorizationUrl).searchParams.get('state')!;
    const spliced = new URLSearchParams({ code, state: secondState, iss: w.idp.issuer });
    const answer = await w.callback(second.jar, `?${spliced}`);
    expect(answer.status).toBe(410);
    expect(errorOf(answer)).toEqual({
      code: 'gone',
      message: expect.stringContaining('authorization code'),
    });
  });

  it('[V2] an expired ID token (by the hub’s clock) is refused: 410 expired', async () => {
    const w = await world({ idp: { idTokenTtlSeconds: 60 } });
    const citizen = await person(w);
    const { jar, query } = await answered(w, citizen.pesel);
    // Five minutes on the hub's clock: the login itself (10 min) is still open, the ID token
    // (60 s, plus openid-client's 30 s tolerance) is not.
    w.t.clock.advance(5 * 60_000);
    const answer = await w.callback(jar, query);
    expect(answer.status).toBe(410);
    expect(errorOf(answer)).toEqual({
      code: 'expired',
      message: expect.stringContaining('ID token has expired'),
    });
  });

  it('[V2] too low a level of assurance (acr low, substantial required) is refused: 403 with issue acr', async () => {
    const w = await world();
    const citizen = await person(w);
    const { jar, query } = await answered(w, citizen.pesel, 'low');
    const answer = await w.callback(jar, query);
    expect(answer.status).toBe(403);
    expect(errorOf(answer)).toEqual({
      code: 'forbidden',
      message: expect.stringContaining('level of assurance'),
      issues: [{ path: 'acr', message: expect.stringContaining('substantial') }],
    });
  });

  it('[A3] a higher level than required is accepted (e-ID card: high)', async () => {
    const w = await world({ oidc: { minAcr: 'http://eidas.europa.eu/LoA/high' } });
    const citizen = await person(w);
    const bank = await answered(w, citizen.pesel, 'bank');
    expect(errorOf(await w.callback(bank.jar, bank.query)).issues?.[0]?.path).toBe('acr');
    const eid = await answered(w, citizen.pesel, 'edowod');
    expect((await w.callback(eid.jar, eid.query)).status).toBe(200);
  });

  it('[V2] no PESEL claim (the pesel scope not asked for) is refused: 403 with issue claims.pesel', async () => {
    const w = await world({ oidc: { scopes: ['openid', 'profile'] } });
    const citizen = await person(w);
    const { jar, query } = await answered(w, citizen.pesel);
    const answer = await w.callback(jar, query);
    expect(answer.status).toBe(403);
    expect(errorOf(answer)).toEqual({
      code: 'forbidden',
      message: expect.stringContaining('PESEL'),
      issues: [{ path: 'claims.pesel', message: expect.any(String) }],
    });
  });

  it('[A3] the PESEL claim name is configurable (a provider that calls it otherwise)', async () => {
    const w = await world({
      oidc: { peselClaim: 'national_id' },
      idp: { peselClaim: 'national_id' },
    });
    const citizen = await person(w);
    const login = await w.login({ pesel: citizen.pesel });
    const devices = await w.t.api('GET', '/v1/citizen/devices', { auth: login.citizenToken });
    expect(devices.status).toBe(200);
  });

  it('[V2] the citizen cancels at the provider: 401 unauthorized', async () => {
    const w = await world();
    const citizen = await person(w);
    const { jar, authorizationUrl } = await w.start();
    const query = await w.atProvider(authorizationUrl, { pesel: citizen.pesel, cancel: true });
    expect(new URLSearchParams(query).get('error')).toBe('access_denied');
    const answer = await w.callback(jar, query);
    expect(answer.status).toBe(401);
    expect(errorOf(answer)).toEqual({
      code: 'unauthorized',
      message: expect.stringContaining('cancelled'),
    });
  });

  it('[V2] a login past its time, or finished in another browser (no cookie), is refused: 410 expired', async () => {
    const w = await world();
    const citizen = await person(w);
    const late = await answered(w, citizen.pesel);
    w.t.clock.advance(11 * 60_000);
    const tooLate = await w.callback(late.jar, late.query);
    expect(tooLate.status).toBe(410);
    expect(errorOf(tooLate).code).toBe('expired');
    const elsewhere = await answered(w, citizen.pesel);
    const other = await w.callback(cookieJar(), elsewhere.query);
    expect(other.status).toBe(410);
    expect(errorOf(other)).toEqual({
      code: 'expired',
      message: expect.stringContaining('browser'),
    });
  });

  it('[V1] the login routes parse their bodies strictly; without a provider they are not found', async () => {
    const w = await world();
    const extra = await w.t.api('POST', '/v1/citizen/oidc/start', { json: { lang: 'de' } });
    expect(extra.status).toBe(400);
    expect(errorOf(extra).code).toBe('invalid_request');
    const empty = await w.t.api('POST', '/v1/citizen/oidc/callback', { json: { query: '' } });
    expect(empty.status).toBe(400);
    expect((await w.t.api('GET', '/v1/citizen/oidc')).body).toEqual({
      providerName: 'login.gov.pl (dev)',
    });
    delete w.t.hub.ctx.config.oidc;
    const none = await w.t.api('GET', '/v1/citizen/oidc');
    expect(none.status).toBe(404);
    expect(errorOf(none).code).toBe('not_found');
  });

  it('[X1] a login started on one node finishes on another (sealed cookie), and only once across both', async () => {
    const keys = await createHubKeys({});
    const clock = createTestClock();
    const sessions = createMemorySessionStore<Session>({ now: () => clock.now() });
    const shared = { keys, clock, deps: { sessions } };
    const w = await world({ hub: shared });
    const nodeB = await startTestHub({ ...shared, seeded: w.t.seeded });
    try {
      nodeB.hub.ctx.config.oidc = w.t.hub.ctx.config.oidc;
      const citizen = await person(w);
      const { jar, query } = await answered(w, citizen.pesel);
      const stolen = jar.clone();
      const onB = await fetch(`${nodeB.url}/v1/citizen/oidc/callback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: jar.header() },
        body: JSON.stringify({ query }),
      });
      expect(onB.status).toBe(200);
      const { citizenToken } = (await onB.json()) as OidcLoginResponse;
      expect((await w.t.api('GET', '/v1/citizen/devices', { auth: citizenToken })).status).toBe(
        200,
      );
      const replayOnA = await w.callback(stolen, query);
      expect(replayOnA.status).toBe(410);
      expect(errorOf(replayOnA).code).toBe('gone');
    } finally {
      // The shared store belongs to node A's test hub, which closes it.
      await nodeB.hub.close();
    }
  });
});
