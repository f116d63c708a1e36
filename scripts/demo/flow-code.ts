/**
 * F1 code ("secure start"), the default flow: a bank's backend opens a session, the clerk's
 * widget shows a rotating QR code and a 6-digit code, the citizen scans and approves, the widget
 * gets the signed data, checks the signature, the backend fetches it once, and the display
 * window wipes it.
 */
import { demoRequests } from '../../hub/dev/demo-requests.js';
import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import type {
  RequestIncomingEvent,
  SessionData,
  SessionResult,
  SessionEndedEvent,
  SessionQrEvent,
  VerificationRequest,
} from '../../contracts/index.js';
import { claimCount, clockTime } from './labels.js';
import { command, DemoFailure, errorOf, expectOk, expectStatus } from './wire.js';
import {
  createSession,
  openWidget,
  phoneOf,
  showData,
  showRequest,
  type FlowResult,
  type Institution,
  type World,
} from './world.js';

/** Checks a presentation against the hub's JWKS (D4) and tells the timeline. */
export async function verifyPresentation(
  world: World,
  inst: Institution,
  data: SessionData,
  nonce: string | undefined,
): Promise<string> {
  const jwksAnswer = await world.api<JSONWebKeySet>('GET', '/.well-known/jwks.json');
  const jwks = createLocalJWKSet(expectStatus(jwksAnswer, 200, 'GET /.well-known/jwks.json'));
  let verified;
  try {
    verified = await jwtVerify(data.presentation, jwks, {
      issuer: world.publicUrl,
      audience: inst.id,
    });
  } catch (error) {
    throw new DemoFailure(
      `the presentation's signature did not verify: ${(error as Error).message}`,
    );
  }
  const { payload, protectedHeader } = verified;
  if (nonce !== undefined && payload.nonce !== nonce) {
    throw new DemoFailure(`the presentation carries nonce ${String(payload.nonce)}, not ${nonce}`);
  }
  const kid = protectedHeader.kid ?? '?';
  world.tl.say(inst.widget, `signature verified, kid ${kid} (${protectedHeader.alg})`, [
    `key from GET /.well-known/jwks.json; iss ${payload.iss}, aud = ${inst.name}` +
      (nonce ? `, nonce ${nonce} matches` : ''),
    `the JWS expires with the display window (exp ${clockTime(new Date(payload.exp! * 1000).toISOString())})`,
  ]);
  return kid;
}

/** F1: the bank opens an account for Anna (the second sample citizen). */
export async function codeFlow(world: World): Promise<FlowResult> {
  const { tl, displaySeconds } = world;
  const bank = world.institutions.bank;
  const citizen = world.citizens[1]!;
  tl.section(
    'F1 code — “secure start” (the default)',
    'The bank’s backend opens a session; the clerk’s widget shows a QR code that changes every second plus an 8-digit code; the citizen scans it, sees who asks for what, and approves on the phone.',
  );
  const nonce = `n-${randomUUID().slice(0, 8)}`;
  const request: VerificationRequest = demoRequests.bankAccount;
  const created = await createSession(world, bank, {
    flow: 'code',
    request,
    nonce,
    reference: 'KYC-2026-0412',
    displaySeconds,
  });
  const widget = await openWidget(world, bank.widget, bank.origin, created.widgetToken);
  const qr1 = await widget.inbox.take<SessionQrEvent>('session:qr', 'the first QR code');
  tl.say(bank.widget, `shows QR payload ${qr1.payload} and code ${qr1.code}`, [
    'payload = pairing id . seconds since start . HMAC of that second (the secret stays in the hub)',
    `a scanned QR is accepted for ${qr1.validForSeconds} s; the 6-digit code is single-use`,
  ]);
  const qr2 = await widget.inbox.take<SessionQrEvent>(
    'session:qr',
    'the rotated QR code',
    3000,
    (q) => q.payload !== qr1.payload,
  );
  tl.say(bank.widget, `QR rotated → ${qr2.payload} (same code ${qr2.code})`);

  const phone = await phoneOf(world, citizen, 'Samsung Galaxy A54');
  tl.say(phone.actor, 'scans the QR code on the clerk’s screen → pairing:join {qr}');
  const joined = expectOk(
    await command<RequestIncomingEvent>(phone.client, 'pairing:join', { qr: qr2.payload }),
    'the citizen scanning the QR code',
  );
  showRequest(world, phone.actor, joined);
  tl.say(phone.actor, 'taps “Udostępnij” (share) → request:approve');
  expectOk(
    await command(phone.client, 'request:approve', { sessionId: created.sessionId }),
    'the citizen approving',
  );

  const data = await widget.inbox.take<SessionData>('session:data', 'the data on the widget');
  showData(world, bank.widget, data);
  await verifyPresentation(world, bank, data, nonce);

  const path = `/v1/sessions/${created.sessionId}/result`;
  const first = await world.api<SessionResult>('GET', path, { auth: bank.apiKey });
  const fetched = expectStatus(first, 200, 'the bank backend fetching the result');
  tl.say(bank.backend, `→ GET ${path} ← 200 the signed outcome and presentation`, [
    `${claimCount(fetched.claims ?? {})} claim(s) for the account file (the bank declared it keeps a copy, E3)`,
  ]);
  const second = await world.api('GET', path, { auth: bank.apiKey });
  const gone = errorOf(second.body);
  if (second.status !== 410 || gone?.code !== 'gone') {
    throw new DemoFailure(`a second result fetch answered ${second.status}, not 410 gone`);
  }
  tl.say(bank.backend, `→ GET ${path} again ← 410 ${gone.code}: “${gone.message}”`);

  tl.say(bank.widget, `counts down the display window (${displaySeconds} s)…`);
  const ended = await widget.inbox.take<SessionEndedEvent>(
    'session:ended',
    'the end of the display window',
    displaySeconds * 1000 + 5000,
  );
  if (ended.reason !== 'expired') {
    throw new DemoFailure(`the session ended with ${ended.reason}, not expired`);
  }
  tl.say(bank.widget, 'session:ended (expired) — data wiped from the screen');
  return {
    flow: 'F1 code',
    outcome: 'delivered then expired',
    summary: `${bank.name} saw ${claimCount(data.claims)} claims of ${citizen.short} for ${displaySeconds} s; signature checked; fetched once, then gone`,
  };
}
