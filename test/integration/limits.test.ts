/**
 * Abuse resistance on one real hub (limits held across nodes are in limits-cluster.test.ts):
 * volume limits answer `rate_limited` in the V2 shape at their threshold and let the next
 * request through once the window passed; guess budgets stop guessing across accounts; the
 * F3 budget cannot be turned against the citizen; sockets are bounded; screens get safe text.
 * Windows of one second keep the waits short.
 */
import { connect as netConnect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type {
  Ack,
  ConnectErrorData,
  CreateSessionResponse,
  ErrorBody,
  RequestIncomingEvent,
  SessionQrEvent,
} from '../../contracts/index.js';
import {
  ask,
  expectAckError,
  expectHttpError,
  idRequest,
  otherCode,
  postSession,
  smsCode,
} from '../helpers/fixtures.js';
import { scrapeMetrics } from '../helpers/metrics-scrape.js';
import { startTestHub, type TestHub, type TestHubOptions } from '../helpers/test-hub.js';

const running: TestHub[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  for (const t of running.splice(0)) await t.close();
});

async function start(options: TestHubOptions = {}): Promise<TestHub> {
  const t = await startTestHub(options);
  running.push(t);
  return t;
}

/** Opens a socket as a client behind `forwardedFor` would; resolves connected or refused. */
function connectAs(
  t: TestHub,
  namespace: string,
  token: string | undefined,
  forwardedFor?: string,
): Promise<{ socket: Socket; refused?: ConnectErrorData }> {
  const socket = io(t.url + namespace, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    ...(token ? { auth: { token } } : {}),
    ...(forwardedFor ? { extraHeaders: { 'x-forwarded-for': forwardedFor } } : {}),
  });
  sockets.push(socket);
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ socket }));
    socket.once('connect_error', (error: Error & { data?: ConnectErrorData }) =>
      resolve({ socket, refused: error.data ?? { code: 'internal', message: error.message } }),
    );
  });
}

const codeBody = { flow: 'code', request: idRequest() } as const;

describe('[A7] volume limits', () => {
  it('[A7][V2] the 4th session in a second of a 3/s limit is rate_limited with Retry-After and RateLimit headers; the next second it passes', async () => {
    const t = await start({ config: { limits: { session_create: { points: 3, seconds: 1 } } } });
    for (let i = 0; i < 3; i++) expect((await postSession(t, 'bank', codeBody)).status).toBe(201);
    const refused = await t.api<ErrorBody>('POST', '/v1/sessions', {
      auth: t.verifiers.bank.apiKey,
      json: codeBody,
    });
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({
      error: {
        code: 'rate_limited',
        message: expect.any(String),
        details: { retryAfterSeconds: 1 },
      },
    });
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('ratelimit-policy')).toBe('"session_create";q=3;w=1');
    expect(refused.headers.get('ratelimit')).toBe('"session_create";r=0;t=1');
    // Another verifier has its own allowance.
    expect((await postSession(t, 'office', codeBody)).status).toBe(201);
    await sleep(1100);
    expect((await postSession(t, 'bank', codeBody)).status).toBe(201);
  });

  it('[A7][A6] privileged lookups have their own, lower limit per verifier', async () => {
    const t = await start({ config: { limits: { privileged: { points: 2, seconds: 60 } } } });
    const body = (i: number) => ({
      flow: 'privileged',
      request: idRequest(),
      subject: { pesel: t.register.person(i).pesel },
      legalBasis: 'art. 15 ust. 1 ustawy o Policji, RSD-1/26',
    });
    expect((await postSession(t, 'police', body(1))).status).toBe(201);
    expect((await postSession(t, 'police', body(2))).status).toBe(201);
    expectHttpError(await postSession(t, 'police', body(3)), 429, 'rate_limited');
  });

  it('[A7][F4] a citizen opens at most the configured peer sessions', async () => {
    const t = await start({ config: { limits: { peer_sessions: { points: 2, seconds: 60 } } } });
    const citizen = await t.citizen({ index: 0 });
    const peer = () =>
      t.api('POST', '/v1/citizen/peer-sessions', {
        auth: citizen.citizenToken,
        json: {
          request: {
            documents: [{ type: 'id_card', claims: ['age_over_18'] }],
            purpose: 'Sprzedaż auta',
          },
        },
      });
    expect((await peer()).status).toBe(201);
    expect((await peer()).status).toBe(201);
    expectHttpError(await peer(), 429, 'rate_limited');
  });

  it('[A7] unauthenticated calls are limited per client IP; a forged X-Forwarded-For from an untrusted peer changes nothing', async () => {
    const t = await start({ config: { limits: { ip: { points: 3, seconds: 1 } } } });
    const call = (ip: string) =>
      t.api('GET', '/v1/dev/citizens?limit=1', { headers: { 'x-forwarded-for': ip } });
    for (let i = 0; i < 3; i++) expect((await call(`203.0.113.${i}`)).status).toBe(200);
    expectHttpError(await call('203.0.113.99'), 429, 'rate_limited');
  });

  it('[A7] behind a trusted proxy, each forwarded client IP has its own allowance', async () => {
    const t = await start({
      config: { trustedProxies: ['127.0.0.1', '::1'], limits: { ip: { points: 2, seconds: 60 } } },
    });
    const call = (ip: string) =>
      t.api('GET', '/v1/dev/citizens?limit=1', { headers: { 'x-forwarded-for': ip } });
    expect((await call('203.0.113.7')).status).toBe(200);
    expect((await call('203.0.113.7')).status).toBe(200);
    expectHttpError(await call('203.0.113.7'), 429, 'rate_limited');
    // A client cannot escape by prepending addresses: the rightmost untrusted one counts.
    expectHttpError(await call('198.51.100.1, 203.0.113.7'), 429, 'rate_limited');
    expect((await call('198.51.100.2')).status).toBe(200);
  });

  it('[A7][V2] a socket over its event rate is answered rate_limited, and at twice the rate disconnected', async () => {
    const t = await start({ config: { limits: { socket_events: { points: 5, seconds: 60 } } } });
    const citizen = await t.citizen({ index: 0 });
    const codes: string[] = [];
    for (let i = 0; i < 10; i++) {
      const ack = await ask(citizen.socket, 'request:reject', { sessionId: `s${i}` });
      codes.push(ack.ok ? 'ok' : ack.error.code);
    }
    expect(codes).toEqual([...Array(5).fill('not_found'), ...Array(5).fill('rate_limited')]);
    const gone = new Promise<string>((resolve) => citizen.socket.once('disconnect', resolve));
    citizen.socket.emit('request:reject', { sessionId: 'x' }, () => {});
    expect(await gone).toBe('io server disconnect');
  });
});

describe('[P3][A7] guess budgets', () => {
  it('[P3] many accounts behind one IP guessing pairing codes join no session: the IP budget ends it', async () => {
    const t = await start({ config: { limits: { code_ip: { points: 12, seconds: 3600 } } } });
    const live: CreateSessionResponse[] = [];
    for (let i = 0; i < 20; i++) live.push(await t.createSession('bank', codeBody));
    const answers: string[] = [];
    for (let account = 0; account < 6; account++) {
      const citizen = await t.citizen({ index: account });
      for (let guess = 0; guess < 5; guess++) {
        const code = String(Math.floor(Math.random() * 1e8)).padStart(8, '0');
        const ack = await ask(citizen.socket, 'pairing:join', { code });
        answers.push(ack.ok ? 'ok' : ack.error.code);
      }
    }
    expect(answers).not.toContain('ok');
    expect(answers.filter((a) => a === 'code_invalid').length).toBeLessThanOrEqual(12);
    expect(answers.slice(12).every((a) => a === 'too_many_attempts')).toBe(true);
    // Even the right code is refused from that IP now…
    const late = await t.citizen({ index: 7 });
    expectAckError(
      await ask(late.socket, 'pairing:join', { code: live[0]!.code }),
      'too_many_attempts',
    );
  });

  it('[P3] past the cluster-wide wrong-code budget, typed codes pause for everyone but the QR still joins', async () => {
    const t = await start({ config: { limits: { code_cluster: { points: 3, seconds: 3600 } } } });
    const created = await t.createSession('bank', codeBody);
    const widget = await t.verifierSocket(created.widgetToken);
    const qr = new Promise<SessionQrEvent>((resolve) => widget.once('session:qr', resolve));
    const guesser = await t.citizen({ index: 0 });
    for (let i = 1; i <= 3; i++) {
      expectAckError(
        await ask(guesser.socket, 'pairing:join', { code: otherCode(created.code!, i) }),
        'code_invalid',
      );
    }
    const other = await t.citizen({ index: 1 });
    const paused = await ask(other.socket, 'pairing:join', { code: created.code });
    expectAckError(paused, 'rate_limited');
    const joined = (await ask(other.socket, 'pairing:join', {
      qr: (await qr).payload,
    })) as Ack<RequestIncomingEvent>;
    expect(joined.ok).toBe(true);
  });

  it('[P3] an attempt refused by a person’s own budget is no guess: it spends nothing of the cluster-wide budget', async () => {
    const t = await start({
      config: {
        limits: {
          code_device: { points: 2, seconds: 3600 },
          code_cluster: { points: 3, seconds: 3600 },
        },
      },
    });
    const created = await t.createSession('bank', codeBody);
    const guesser = await t.citizen({ index: 0 });
    for (let i = 1; i <= 2; i++) {
      const ack = await ask(guesser.socket, 'pairing:join', { code: otherCode(created.code!, i) });
      expect(ack.ok ? 'ok' : ack.error.code).not.toBe('ok');
    }
    // The device's budget is spent: these are refused before any code is looked up.
    for (let i = 3; i <= 7; i++) {
      const ack = await ask(guesser.socket, 'pairing:join', { code: otherCode(created.code!, i) });
      expectAckError(ack, 'too_many_attempts');
    }
    // Two real guesses of three: typed codes still work for everyone else.
    const other = await t.citizen({ index: 1 });
    const joined = await ask(other.socket, 'pairing:join', { code: created.code });
    expect(joined.ok).toBe(true);
  });

  it('[P3][F3] wrong SMS codes typed by a verifier never lock the citizen: the right code and the right number still work', async () => {
    const t = await start();
    const citizen = await t.citizen({ index: 0 });
    const otp = await t.createSession('post', {
      flow: 'otp',
      request: idRequest(),
      subject: { pesel: citizen.pesel },
    });
    const clerk = await t.verifierSocket(otp.widgetToken);
    const right = smsCode(t, citizen.phone);
    const answers: string[] = [];
    for (let i = 1; i <= 6; i++) {
      const ack = await ask(clerk, 'otp:submit', {
        sessionId: otp.sessionId,
        code: otherCode(right, i),
      });
      answers.push(ack.ok ? 'ok' : ack.error.code);
    }
    expect(answers.slice(0, 4)).toEqual(Array(4).fill('code_invalid'));
    expect(answers[4]).toBe('too_many_attempts');
    // The citizen joins an F1 session with the right code and approves it…
    const f1 = await t.createSession('bank', codeBody);
    const joined = await ask<RequestIncomingEvent>(citizen.socket, 'pairing:join', {
      code: f1.code,
    });
    expect(joined.ok).toBe(true);
    expect(await ask(citizen.socket, 'request:approve', { sessionId: f1.sessionId })).toEqual({
      ok: true,
    });
    // …and an F2 push with the right number.
    const f2 = await t.createSession('bank', {
      flow: 'push',
      request: idRequest(),
      subject: { pesel: citizen.pesel },
    });
    expect(
      await ask(citizen.socket, 'request:approve', {
        sessionId: f2.sessionId,
        matchNumber: f2.matchNumber,
      }),
    ).toEqual({ ok: true });
  });

  it('[S4][A7] one verifier can send one citizen only a few F2/F3 requests, so it cannot hold the slot again and again', async () => {
    const t = await start();
    const citizen = await t.citizen({ index: 0 });
    const send = () =>
      postSession(t, 'post', {
        flow: 'otp',
        request: idRequest(),
        subject: { pesel: citizen.pesel },
      });
    for (let i = 0; i < 3; i++) {
      const sent = await send();
      expect(sent.status).toBe(201);
      const id = (sent.body as CreateSessionResponse).sessionId;
      expect(
        (await t.api('DELETE', `/v1/sessions/${id}`, { auth: t.verifiers.post.apiKey })).status,
      ).toBe(200);
    }
    expectHttpError(await send(), 429, 'rate_limited');
    // Other verifiers still reach the citizen.
    expect(
      (
        await postSession(t, 'bank', {
          flow: 'push',
          request: idRequest(),
          subject: { pesel: citizen.pesel },
        })
      ).status,
    ).toBe(201);
  });
});

describe('[A7] bounded connections', () => {
  it('[A7] sockets past the per-token cap are refused with rate_limited; closing one makes room', async () => {
    const t = await start({ config: { maxSocketsPerToken: 3 } });
    const created = await t.createSession('bank', codeBody);
    const opened: Array<{ socket: Socket; refused?: ConnectErrorData }> = [];
    for (let i = 0; i < 6; i++) opened.push(await connectAs(t, '/verifier', created.widgetToken));
    expect(opened.map((o) => o.refused?.code ?? 'ok')).toEqual([
      'ok',
      'ok',
      'ok',
      'rate_limited',
      'rate_limited',
      'rate_limited',
    ]);
    const metrics = await scrapeMetrics(t.url);
    expect(metrics.value('mdok_socket_cap_refusals_total', { cap: 'token' })).toBe(3);
    expect(metrics.value('mdok_socket_cap_refusals_total', { cap: 'node' })).toBe(0);
    const closed = new Promise((resolve) => opened[0]!.socket.once('disconnect', resolve));
    opened[0]!.socket.close();
    await closed;
    // The server learns of the close a moment later: wait until a new socket gets in.
    let again = await connectAs(t, '/verifier', created.widgetToken);
    for (let i = 0; again.refused && i < 50; i++) {
      await sleep(20);
      again = await connectAs(t, '/verifier', created.widgetToken);
    }
    expect(again.refused).toBeUndefined();
  });

  it('[A7][P1] a new socket on a session gets the QR alone: sockets already open are not sent it again', async () => {
    const t = await start();
    const created = await t.createSession('bank', codeBody);
    const open = () => {
      const socket = io(t.url + '/verifier', {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        auth: { token: created.widgetToken },
      });
      sockets.push(socket);
      return socket;
    };
    const seen: string[] = [];
    const first = open();
    first.on('session:qr', (event: SessionQrEvent) => seen.push(event.payload));
    await new Promise((resolve) => first.once('session:qr', resolve));
    for (let i = 0; i < 4; i++) {
      const other = open();
      await new Promise((resolve) => other.once('session:qr', resolve));
    }
    // `first` hears each second's QR once, however many sockets joined meanwhile (a resend to
    // the whole room would repeat a payload).
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('[A7] a node past its socket cap refuses new sockets with rate_limited', async () => {
    const t = await start({ config: { maxSocketsPerNode: 2 } });
    const a = await t.createSession('bank', codeBody);
    const b = await t.createSession('bank', codeBody);
    const c = await t.createSession('bank', codeBody);
    expect((await connectAs(t, '/verifier', a.widgetToken)).refused).toBeUndefined();
    expect((await connectAs(t, '/verifier', b.widgetToken)).refused).toBeUndefined();
    expect((await connectAs(t, '/verifier', c.widgetToken)).refused?.code).toBe('rate_limited');
    const metrics = await scrapeMetrics(t.url);
    expect(metrics.value('mdok_socket_cap_refusals_total', { cap: 'node' })).toBe(1);
  });

  it('[A7] the default namespace serves nothing: a socket there is refused', async () => {
    const t = await start();
    const { refused } = await connectAs(t, '/', undefined);
    expect(refused?.code).toBe('not_found');
  });

  it('[A7] handshakes are limited per client IP', async () => {
    const t = await start({ config: { limits: { ip_handshake: { points: 2, seconds: 60 } } } });
    const created = await t.createSession('bank', codeBody);
    expect((await connectAs(t, '/verifier', created.widgetToken)).refused).toBeUndefined();
    expect((await connectAs(t, '/verifier', created.widgetToken)).refused).toBeUndefined();
    expect((await connectAs(t, '/verifier', created.widgetToken)).refused?.code).toBe(
      'rate_limited',
    );
  });

  it('[A7] a client that never finishes its headers is cut off after headersTimeout', async () => {
    const t = await start({ config: { headersTimeoutMs: 500, requestTimeoutMs: 1000 } });
    const { port } = new URL(t.url);
    const socket = netConnect(Number(port), '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('GET /healthz HTTP/1.1\r\nHost: hub\r\n');
    await new Promise((resolve) => socket.once('close', resolve));
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });
});

describe('[A8][D1] what reaches a person’s screen', () => {
  it('[A8] purpose text with a bidi override or NUL is refused at the API', async () => {
    const t = await start();
    for (const purpose of ['Otwarcie \u202Erachunku', 'Otwarcie\u0000 rachunku']) {
      expectHttpError(
        await postSession(t, 'bank', { flow: 'code', request: { ...idRequest(), purpose } }),
        400,
        'invalid_request',
      );
    }
  });

  it('[A8] the citizen app may not be framed by another site; the widget script stays embeddable', async () => {
    const t = await start();
    const page = await t.api('GET', '/citizen/');
    expect(page.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const widget = await t.api('GET', '/widget/mdok-verify.js');
    expect(widget.headers.get('x-frame-options')).toBeNull();
  });

  it('[A9][F4] a peer may ask only about the identity card, so no one learns which documents a person holds', async () => {
    const t = await start();
    const citizen = await t.citizen({ index: 0 });
    const asked = await t.api('POST', '/v1/citizen/peer-sessions', {
      auth: citizen.citizenToken,
      json: {
        request: {
          documents: [{ type: 'driving_licence', claims: ['document_valid'] }],
          purpose: 'Wynajem auta',
        },
      },
    });
    expectHttpError(asked, 403, 'forbidden');
    expect((asked.body as ErrorBody).error.issues).toEqual([
      { path: 'request.documents.0.type', message: expect.any(String) },
    ]);
  });

  it('[A9][F2] by PESEL or by phone, a verifier learns only that a push cannot reach someone, never whether they exist', async () => {
    const t = await start();
    const notEnrolled = t.register.person(4);
    const push = (subject: unknown) =>
      postSession(t, 'bank', { flow: 'push', request: idRequest(), subject });
    const answers = [
      await push({ pesel: notEnrolled.pesel }),
      await push({ phone: notEnrolled.phone }),
      await push({ phone: '+48500000001' }),
    ];
    for (const answer of answers) expectHttpError(answer, 422, 'subject_not_enrolled');
    expect(new Set(answers.map((a) => (a.body as ErrorBody).error.message)).size).toBe(1);
  });
});
