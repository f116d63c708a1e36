/**
 * F4 peer (a citizen verifies another citizen) and F5 privileged (a police lookup by PESEL with
 * a legal basis and no approval, which the citizen then finds in their history).
 */
import type {
  HistoryEntry,
  PeerSessionResponse,
  RequestIncomingEvent,
  SessionData,
  VerificationRequest,
} from '../../contracts/index.js';
import { claimCount, claimLabel, clockTime, rawRequestLines, showValue } from './labels.js';
import { citizenActor, wrapList, wrapText } from './timeline.js';
import { command, DemoFailure, expectOk, expectStatus } from './wire.js';
import {
  createSession,
  login,
  openWidget,
  phoneOf,
  showData,
  showRequest,
  type FlowResult,
  type World,
} from './world.js';

/** F4: a seller checks who is buying the car. */
export async function peerFlow(world: World): Promise<FlowResult> {
  const { tl } = world;
  const seller = world.citizens[2]!;
  const buyer = world.citizens[3]!;
  const sellerActor = citizenActor(seller.short, 'seller’s phone');
  tl.section(
    'F4 peer — citizen to citizen',
    'A citizen selling a car checks the buyer: the seller’s phone opens a peer session and shows its code; the buyer enters it, sees that a private person (not an institution) asks, and approves.',
  );
  const sellerToken = await login(world, seller, sellerActor);
  const request: VerificationRequest = {
    documents: [
      {
        type: 'id_card',
        claims: ['given_names', 'family_name', 'photo', 'age_over_18', 'document_valid'],
      },
    ],
    purpose: 'Sprzedaż samochodu — kto kupuje? (selling my car: who is buying?)',
    retain: false,
  };
  tl.say(sellerActor, '→ POST /v1/citizen/peer-sessions', rawRequestLines(request));
  const answer = await world.api<PeerSessionResponse>('POST', '/v1/citizen/peer-sessions', {
    auth: sellerToken,
    json: { request, displaySeconds: 60 },
  });
  const peer = expectStatus(answer, 201, 'opening the peer session');
  tl.say(
    sellerActor,
    `← 201 session ${peer.sessionId}, code ${peer.code}; the phone shows the code`,
  );
  const sellerScreen = await openWidget(
    world,
    sellerActor,
    new URL(world.publicUrl).origin,
    peer.widgetToken,
  );

  const phone = await phoneOf(
    world,
    buyer,
    'Xiaomi Redmi Note 12',
    citizenActor(buyer.short, 'buyer’s phone'),
  );
  tl.say(phone.actor, `types the seller’s code ${peer.code} → pairing:join {code}`);
  const joined = expectOk(
    await command<RequestIncomingEvent>(phone.client, 'pairing:join', { code: peer.code }),
    'the buyer entering the code',
  );
  if (joined.verifier.kind !== 'citizen' || joined.verifier.verified) {
    throw new DemoFailure('the buyer was not told that a private person asks');
  }
  showRequest(world, phone.actor, joined);
  tl.say(phone.actor, 'approves → request:approve');
  expectOk(
    await command(phone.client, 'request:approve', { sessionId: peer.sessionId }),
    'the buyer approving',
  );
  const data = await sellerScreen.inbox.take<SessionData>(
    'session:data',
    'the data on the seller’s phone',
  );
  showData(world, sellerActor, data);
  const card = data.claims.id_card ?? {};
  if (card.age_over_18 === undefined || card.document_valid === undefined || !card.photo) {
    throw new DemoFailure('the seller did not get name, photo, age and validity');
  }
  return {
    flow: 'F4 peer',
    outcome: 'delivered',
    summary: `${seller.short} saw ${buyer.short}’s name and photo, 18+ ${showValue(card.age_over_18)}, ID valid ${showValue(card.document_valid)}; nothing else`,
  };
}

/** F5: a police officer checks a driver; the driver later reads it in the history. */
export async function privilegedFlow(world: World): Promise<FlowResult> {
  const { tl } = world;
  const police = world.institutions.police;
  const citizen = world.citizens[4]!;
  tl.section(
    'F5 privileged — police lookup',
    'Only institutions with that permission (the police) may look a citizen up by PESEL without asking: a legal basis is mandatory, the lookup is audited, and the citizen sees it afterwards in the history.',
  );
  const legalBasis =
    'art. 15 ust. 1 pkt 1 ustawy o Policji; kontrola drogowa, notatka KRK-I-0815/26';
  const created = await createSession(world, police, {
    flow: 'privileged',
    request: {
      documents: [
        {
          type: 'id_card',
          claims: ['given_names', 'family_name', 'photo', 'birth_date', 'pesel', 'document_valid'],
        },
        { type: 'driving_licence', claims: ['categories', 'expiry_date', 'document_valid'] },
      ],
      purpose: 'Kontrola drogowa (roadside check)',
      retain: false,
    },
    subject: { pesel: citizen.pesel },
    legalBasis,
    displaySeconds: 60,
  });
  if (created.state !== 'delivered') {
    throw new DemoFailure(`the lookup is ${created.state}, not delivered at once`);
  }
  tl.say(police.backend, 'no approval asked: the register was read at once');
  const widget = await openWidget(world, police.widget, police.origin, created.widgetToken);
  const data = await widget.inbox.take<SessionData>('session:data', 'the data on the screen');
  showData(world, police.widget, data);

  const page = citizenActor(citizen.short, 'citizen page');
  const token = await login(world, citizen, page);
  const history = await world.api<{ entries: HistoryEntry[] }>('GET', '/v1/citizen/history', {
    auth: token,
  });
  const entries = expectStatus(history, 200, 'the citizen’s history').entries;
  const entry = entries.find((e) => e.sessionId === created.sessionId);
  if (!entry) throw new DemoFailure('the police lookup is missing from the citizen’s history');
  if (entry.legalBasis !== legalBasis) {
    throw new DemoFailure('the history entry does not show the legal basis');
  }
  const claims = [...new Set(entry.claims.map((c) => claimLabel(c.split('.')[1] ?? c)))];
  const count = entries.length === 1 ? '1 entry' : `${entries.length} entries`;
  tl.say(page, `→ GET /v1/citizen/history ← ${count}; the lookup is there:`, [
    `${clockTime(entry.at)}  ${entry.verifier.name}, ${entry.verifier.branch ?? ''}`,
    `flow ${entry.flow}, outcome ${entry.outcome}`,
    ...wrapText(`podstawa prawna (legal basis): ${entry.legalBasis}`, 90).map((line, i) =>
      i === 0 ? line : `    ${line}`,
    ),
    ...wrapList(claims, 90).map((line, i) => (i === 0 ? `dane (claims): ${line}` : `    ${line}`)),
  ]);
  return {
    flow: 'F5 privileged',
    outcome: 'delivered',
    summary: `${police.name}: ${claimCount(data.claims)} claims of ${citizen.short} without approval; in the citizen’s history with its legal basis`,
  };
}
