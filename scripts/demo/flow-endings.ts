/**
 * The two ways a request ends without data: the citizen rejects it, or the clerk cancels it
 * before delivery (S5); in both the other side learns it at once.
 */
import type {
  RequestIncomingEvent,
  RequestWithdrawnEvent,
  SessionEndedEvent,
  SessionQrEvent,
} from '../../contracts/index.js';
import { command, DemoFailure, expectOk } from './wire.js';
import { createSession, openWidget, phoneOf, type FlowResult, type World } from './world.js';

/** A citizen says no to a credit-card application she did not start. */
export async function rejectFlow(world: World): Promise<FlowResult> {
  const { tl } = world;
  const bank = world.institutions.bank;
  const citizen = world.citizens[1]!;
  tl.section(
    'Saying no — the citizen rejects',
    'Nothing leaves the register unless the citizen approves: here she types the 6-digit code instead of scanning, reads the request, and rejects it.',
  );
  const created = await createSession(world, bank, {
    flow: 'code',
    request: {
      documents: [
        { type: 'id_card', claims: ['given_names', 'family_name', 'pesel', 'nationality'] },
      ],
      purpose: 'Wniosek o kartę kredytową (credit card application)',
      retain: true,
    },
  });
  const widget = await openWidget(world, bank.widget, bank.origin, created.widgetToken);
  const qr = await widget.inbox.take<SessionQrEvent>('session:qr', 'the code on screen');
  tl.say(bank.widget, `shows the QR code and code ${qr.code}`);
  const phone = await phoneOf(world, citizen, 'Samsung Galaxy A54');
  tl.say(phone.actor, `types the code ${qr.code} → pairing:join {code}`);
  const joined = expectOk(
    await command<RequestIncomingEvent>(phone.client, 'pairing:join', { code: qr.code }),
    'the citizen entering the code',
  );
  tl.say(phone.actor, `shows: “${joined.verifier.name}” — ${joined.request.purpose}`);
  tl.say(phone.actor, 'she applied for nothing: taps “Odrzuć” (reject) → request:reject');
  expectOk(
    await command(phone.client, 'request:reject', { sessionId: created.sessionId }),
    'the citizen rejecting',
  );
  const ended = await widget.inbox.take<SessionEndedEvent>(
    'session:ended',
    'the end on the widget',
  );
  if (ended.reason !== 'rejected') {
    throw new DemoFailure(`the session ended with ${ended.reason}, not rejected`);
  }
  tl.say(bank.widget, 'session:ended (rejected) — nothing was shared');
  return {
    flow: 'reject',
    outcome: 'rejected',
    summary: `${citizen.short} rejected ${bank.name}’s request; no data left the register`,
  };
}

/** A clerk pushes a request, notices the wrong form and cancels it. */
export async function cancelFlow(world: World): Promise<FlowResult> {
  const { tl } = world;
  const office = world.institutions.office;
  const citizen = world.citizens[0]!;
  tl.section(
    'Changing one’s mind — the clerk cancels',
    'Either side may cancel before the data is delivered: the request disappears from the citizen’s phone at once.',
  );
  const phone = await phoneOf(world, citizen, 'iPhone 13');
  const created = await createSession(world, office, {
    flow: 'push',
    request: {
      documents: [
        { type: 'driving_licence', claims: ['given_names', 'family_name', 'categories'] },
      ],
      purpose: 'Wymiana prawa jazdy (exchanging a driving licence)',
      retain: false,
    },
    subject: { pesel: citizen.pesel },
  });
  const incoming = await phone.client.inbox.take<RequestIncomingEvent>(
    'request:incoming',
    'the push on the phone',
  );
  tl.say(
    phone.actor,
    `request:incoming: “${incoming.verifier.name}” — ${incoming.request.purpose}`,
  );
  const widget = await openWidget(world, office.widget, office.origin, created.widgetToken);
  tl.say(office.widget, 'clerk picked the wrong form → session:cancel');
  expectOk(
    await command(widget, 'session:cancel', { sessionId: created.sessionId }),
    'the clerk cancelling',
  );
  const withdrawn = await phone.client.inbox.take<RequestWithdrawnEvent>(
    'request:withdrawn',
    'the withdrawal on the phone',
  );
  if (withdrawn.reason !== 'cancelled') {
    throw new DemoFailure(`the phone was told ${withdrawn.reason}, not cancelled`);
  }
  tl.say(phone.actor, 'request:withdrawn (cancelled) — the request disappears from the phone');
  const ended = await widget.inbox.take<SessionEndedEvent>(
    'session:ended',
    'the end on the widget',
  );
  tl.say(office.widget, `session:ended (${ended.reason})`);
  return {
    flow: 'cancel',
    outcome: 'cancelled',
    summary: `${office.name} withdrew a request; ${citizen.short}’s phone dropped it at once`,
  };
}
