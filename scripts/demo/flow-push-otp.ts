/**
 * F2 push (number matching) and F3 otp (the 2017 SMS flow): the clerk names the citizen by
 * PESEL; an enrolled citizen approves on the phone with the 2-digit number from the clerk's
 * screen, a citizen without a smartphone reads an SMS code to the clerk.
 */
import { demoRequests } from '../../hub/dev/demo-requests.js';
import type {
  RequestIncomingEvent,
  SessionData,
  SessionStateEvent,
  SmsMessage,
} from '../../contracts/index.js';
import { claimCount } from './labels.js';
import { actors, citizenActor, wrapText } from './timeline.js';
import { command, DemoFailure, expectError, expectOk, expectStatus } from './wire.js';
import {
  createSession,
  openWidget,
  phoneOf,
  showData,
  showRequest,
  type FlowResult,
  type World,
} from './world.js';

/** F2: the municipal office re-registers a car; the clerk types the owner's PESEL. */
export async function pushFlow(world: World): Promise<FlowResult> {
  const { tl } = world;
  const office = world.institutions.office;
  const citizen = world.citizens[0]!;
  tl.section(
    'F2 push — number matching',
    'The clerk types the citizen’s PESEL; the request pops up on the phone the citizen activated, and the citizen must type the 2-digit number shown on the clerk’s screen, so nobody approves blindly.',
  );
  const phone = await phoneOf(world, citizen, 'iPhone 13');
  const created = await createSession(world, office, {
    flow: 'push',
    request: {
      documents: [
        { type: 'id_card', claims: ['given_names', 'family_name', 'pesel', 'document_valid'] },
        {
          type: 'vehicle_insurance',
          claims: ['insurer', 'policy_number', 'valid_until', 'document_valid'],
        },
      ],
      purpose: 'Rejestracja pojazdu (vehicle registration)',
      retain: false,
    },
  });
  const widget = await openWidget(world, office.widget, office.origin, created.widgetToken);
  tl.say(office.widget, `clerk types PESEL ${citizen.pesel} → subject:push`);
  expectOk(
    await command(widget, 'subject:push', {
      sessionId: created.sessionId,
      subject: { pesel: citizen.pesel },
    }),
    'the clerk naming the citizen',
  );
  const shown = await widget.inbox.take<SessionStateEvent>(
    'session:state',
    'the match number on the clerk’s screen',
    5000,
    (s) => s.matchNumber !== undefined,
  );
  const match = shown.matchNumber!;
  const incoming = await phone.client.inbox.take<RequestIncomingEvent>(
    'request:incoming',
    'the push on the citizen’s phone',
  );
  tl.say(
    phone.actor,
    `request:incoming (push notification; matchRequired: ${incoming.matchRequired})`,
  );
  showRequest(world, phone.actor, incoming);

  const wrong = String((Number(match) + 37) % 100).padStart(2, '0');
  tl.say(phone.actor, `misreads the screen, types ${wrong} → request:approve`);
  const refused = expectError(
    await command(phone.client, 'request:approve', {
      sessionId: created.sessionId,
      matchNumber: wrong,
    }),
    'code_invalid',
    'a wrong match number',
  );
  tl.say(phone.actor, `← ${refused.code}: “${refused.message}”`);
  tl.say(phone.actor, `types ${match}, the number on the clerk’s screen → request:approve`);
  expectOk(
    await command(phone.client, 'request:approve', {
      sessionId: created.sessionId,
      matchNumber: match,
    }),
    'the right match number',
  );
  const data = await widget.inbox.take<SessionData>('session:data', 'the data on the widget');
  showData(world, office.widget, data);
  return {
    flow: 'F2 push',
    outcome: 'delivered',
    summary: `${office.name}: ${citizen.short} typed match number ${match} (after one wrong try); ${claimCount(data.claims)} claims delivered`,
  };
}

/** F3: a pensioner without a smartphone collects a registered letter at the post office. */
export async function otpFlow(world: World): Promise<FlowResult> {
  const { tl } = world;
  const post = world.institutions.post;
  const citizen = world.citizens[8]!;
  const person = citizenActor(citizen.short, 'citizen at counter');
  const phoneNote = `${citizen.short}’s push-button phone`;
  tl.section(
    'F3 otp — the 2017 SMS flow',
    'For a citizen without a smartphone: the clerk enters the PESEL, the hub texts a one-time code to the phone number the register holds, the citizen reads it out, and the clerk types it in.',
  );
  tl.say(person, 'has an old push-button phone and never activated the service');
  const created = await createSession(world, post, {
    flow: 'otp',
    request: demoRequests.registeredLetter,
    subject: { pesel: citizen.pesel },
  });
  const widget = await openWidget(world, post.widget, post.origin, created.widgetToken);
  const outbox = await world.api<{ messages: SmsMessage[] }>(
    'GET',
    `/v1/dev/sms?phone=${encodeURIComponent(citizen.phone)}`,
  );
  const sms = expectStatus(outbox, 200, 'reading the SMS outbox').messages.at(-1);
  const code = sms?.text.match(/\b(\d{6})\b/)?.[1];
  if (!sms || !code) throw new DemoFailure(`no SMS code reached ${citizen.phone}`);
  tl.say(actors.sms, `→ ${sms.to} (${phoneNote}):`, [
    ...wrapText(`“${sms.text}”`, 90).map((line, i) => (i === 0 ? line : ` ${line}`)),
    'read back here through GET /v1/dev/sms (dev mode’s console SMS gateway)',
  ]);
  tl.say(person, `reads the code aloud: ${code}`);
  tl.say(post.widget, `clerk types ${code} → otp:submit`);
  expectOk(
    await command(widget, 'otp:submit', { sessionId: created.sessionId, code }),
    'the clerk submitting the SMS code',
  );
  const data = await widget.inbox.take<SessionData>('session:data', 'the data on the widget');
  showData(world, post.widget, data);
  return {
    flow: 'F3 otp',
    outcome: 'delivered',
    summary: `${post.name}: SMS code to ${citizen.short} (no smartphone) typed by the clerk; ${claimCount(data.claims)} claims delivered`,
  };
}
