/**
 * The cast of the demo and what they do on the wire: institutions (a backend holding an API key
 * and a clerk's widget on the institution's own web origin) and citizens (a login, a phone with
 * an activated device). Each helper makes the real HTTP call or socket connection and tells the
 * timeline about it.
 */
import type {
  ActivationResponse,
  CreateSessionResponse,
  DevCitizen,
  LoginResponse,
  RequestIncomingEvent,
  SessionData,
  SessionStateEvent,
  VerificationRequest,
} from '../../contracts/index.js';
import {
  claimCount,
  claimLines,
  clockTime,
  kindLabel,
  rawRequestLines,
  requestLines,
  secondsUntil,
} from './labels.js';
import { actors, citizenActor, type Actor, type Timeline } from './timeline.js';
import { connectClient, expectStatus, type Api, type Client } from './wire.js';

/** Handles of the seeded demo institutions. */
export type Handle = 'bank' | 'office' | 'post' | 'police';

/** A seeded institution as the demo plays it. */
export interface Institution {
  id: string;
  name: string;
  apiKey: string;
  /** The web origin its widget runs on (on its allow-list, A4). */
  origin: string;
  backend: Actor;
  widget: Actor;
}

/** A synthetic citizen from `GET /v1/dev/citizens`. */
export interface Citizen extends DevCitizen {
  /** `Anna K.`: how the timeline names them. */
  short: string;
}

/** What one flow of the demo came to. */
export interface FlowResult {
  flow: string;
  outcome: string;
  /** One line for the closing summary. */
  summary: string;
}

/** Everything the flows share. */
export interface World {
  url: string;
  api: Api;
  tl: Timeline;
  /** Display window of the F1 session, in seconds. */
  displaySeconds: number;
  /** The hub's public URL: issuer of presentations, origin of the citizen page. */
  publicUrl: string;
  adminToken: string;
  institutions: Record<Handle, Institution>;
  /** Sample citizens, in the register's order (see `sample-profiles.ts`). */
  citizens: Citizen[];
  /** Things already explained once, not to be repeated. */
  seen: Set<string>;
  /** Phones activated so far, by PESEL. */
  phones: Map<string, Phone>;
  /** Keeps a client so that the demo closes it at the end. */
  track(client: Client): Client;
}

/** The web origins of the institutions' sites, where their widgets are embedded. */
export const institutionOrigins: Record<Handle, string> = {
  bank: 'https://bank-przykladowy.example',
  office: 'https://bip.krakow.example',
  post: 'https://okienko.poczta.example',
  police: 'https://intranet.policja.example',
};

/** The institution's actors for the timeline. */
export function institutionActors(handle: Handle): { backend: Actor; widget: Actor } {
  const widget = { bank: 'bankWidget', office: 'officeWidget', post: 'postWidget' } as const;
  return handle === 'police'
    ? { backend: actors.police, widget: actors.policeWidget }
    : { backend: actors[handle], widget: actors[widget[handle]] };
}

/** What a state means on the verifier's screen, in a few words. */
function stateText(event: SessionStateEvent): string {
  switch (event.state) {
    case 'awaiting_citizen':
      return event.flow === 'push' || event.flow === 'otp'
        ? 'waiting for the clerk to name the citizen'
        : 'waiting for the citizen to scan or type the code';
    case 'awaiting_approval':
      if (event.flow === 'otp') return 'SMS sent; waiting for the code the citizen reads out';
      if (event.flow === 'push') {
        return `the citizen is deciding; the screen shows match number ${event.matchNumber ?? '?'}`;
      }
      return 'the citizen is deciding; QR code and code are gone from the screen';
    case 'approved':
      return 'the hub reads the registers and signs the data';
    case 'delivered':
      return 'data on screen';
    case 'expired':
      return 'display window over';
    case 'rejected':
      return 'the citizen said no';
    default:
      return event.state.replace('_', ' ');
  }
}

/** `POST /v1/sessions` from an institution's backend; logs the request and the answer. */
export async function createSession(
  world: World,
  inst: Institution,
  body: { flow: string; request: VerificationRequest; [key: string]: unknown },
): Promise<CreateSessionResponse> {
  const { tl } = world;
  const extras = [
    `purpose: “${body.request.purpose}”; keep a copy: ${body.request.retain ? 'yes' : 'no'}`,
  ];
  const subject = body.subject as { pesel?: string; phone?: string } | undefined;
  if (subject) extras.push(`subject: ${subject.pesel ? `PESEL ${subject.pesel}` : subject.phone}`);
  if (body.legalBasis) extras.push(`legal basis: “${String(body.legalBasis)}”`);
  tl.say(inst.backend, `→ POST /v1/sessions  flow=${body.flow}`, [
    ...rawRequestLines(body.request),
    ...extras,
  ]);
  const answer = await world.api<CreateSessionResponse>('POST', '/v1/sessions', {
    auth: inst.apiKey,
    json: body,
  });
  const created = expectStatus(answer, 201, `${inst.name}: POST /v1/sessions`);
  const parts = [`session ${created.sessionId}`, `state ${created.state}`];
  if (created.code) parts.push(`code ${created.code}`);
  if (created.matchNumber) parts.push(`match number ${created.matchNumber}`);
  parts.push('widget token');
  const explained = world.seen.has('widget token');
  world.seen.add('widget token');
  tl.say(
    inst.backend,
    `← 201 ${parts.join(', ')}`,
    explained
      ? []
      : [
          'the widget token goes to the clerk’s browser: valid ≤ 5 min, for this session only;',
          'the API key never leaves the backend',
        ],
  );
  return created;
}

/** The clerk's widget connects with the widget token; its state changes go to the timeline. */
export async function openWidget(
  world: World,
  actor: Actor,
  origin: string,
  token: string,
): Promise<Client> {
  world.tl.say(actor, `connects to /verifier with the widget token (origin ${origin})`);
  const client = await connectClient(world.url, '/verifier', token, origin, (event, payload) => {
    if (event !== 'session:state') return;
    const state = payload as SessionStateEvent;
    world.tl.say(actor, world.tl.paint(`state → ${state.state}: ${stateText(state)}`, 'dim'));
  });
  return world.track(client);
}

/** `POST /v1/citizen/login` (the identity-provider stand-in of dev mode). */
export async function login(world: World, citizen: Citizen, actor: Actor): Promise<string> {
  const answer = await world.api<LoginResponse>('POST', '/v1/citizen/login', {
    json: { pesel: citizen.pesel },
  });
  const { citizenToken } = expectStatus(answer, 200, `login of ${citizen.short}`);
  world.tl.say(actor, `logs in as ${citizen.givenName} ${citizen.familyName}`, [
    `POST /v1/citizen/login {pesel: ${citizen.pesel}} (stand-in for Profil Zaufany) → citizen token`,
  ]);
  return citizenToken;
}

/** A citizen's phone with the service activated and connected to `/citizen`. */
export interface Phone {
  actor: Actor;
  citizen: Citizen;
  citizenToken: string;
  client: Client;
}

/** Logs in, activates this phone (`POST /v1/citizen/activation`) and connects it. */
export async function activatePhone(
  world: World,
  citizen: Citizen,
  deviceName: string,
  actor = citizenActor(citizen.short),
): Promise<Phone> {
  const citizenToken = await login(world, citizen, actor);
  const answer = await world.api<ActivationResponse>('POST', '/v1/citizen/activation', {
    auth: citizenToken,
    json: { phone: citizen.phone, deviceName },
  });
  const { deviceId, deviceToken } = expectStatus(answer, 201, `activation for ${citizen.short}`);
  const client = world.track(
    await connectClient(world.url, '/citizen', deviceToken, world.publicUrl),
  );
  world.tl.say(actor, `activates the service on “${deviceName}” → device ${deviceId}`, [
    `POST /v1/citizen/activation {phone: ${citizen.phone}}; the phone connects to /citizen`,
  ]);
  return { actor, citizen, citizenToken, client };
}

/** The citizen's phone: the one activated earlier in the demo, or a newly activated one. */
export async function phoneOf(
  world: World,
  citizen: Citizen,
  deviceName: string,
  actor?: Actor,
): Promise<Phone> {
  const known = world.phones.get(citizen.pesel);
  if (known) return known;
  const phone = await activatePhone(world, citizen, deviceName, actor);
  world.phones.set(citizen.pesel, phone);
  return phone;
}

/** Logs what the citizen's phone shows before they decide (D1). */
export function showRequest(world: World, actor: Actor, event: RequestIncomingEvent): void {
  const { verifier, request } = event;
  const verified = verifier.verified
    ? 'zweryfikowana instytucja (verified institution) ✔'
    : '⚠ nie jest zweryfikowaną instytucją (not a verified institution)';
  world.tl.say(actor, `shows: “${verifier.name}” asks for your data`, [
    `rodzaj: ${kindLabel(verifier.kind)} (kind ${verifier.kind}) — ${verified}`,
    ...(verifier.branch ? [`branch: ${verifier.branch}`] : []),
    `cel (purpose): ${request.purpose}`,
    ...requestLines(request),
    request.retain
      ? 'zachowa kopię danych (will keep a copy of the data)'
      : 'nie zachowa kopii — dane tylko na ekranie (no copy kept; shown on screen only)',
    `decide within ${secondsUntil(event.expiresAt)} s${event.matchRequired ? '; type the number shown on the clerk’s screen' : ''}`,
  ]);
}

/** Logs the data arriving on a verifier's screen. */
export function showData(world: World, actor: Actor, data: SessionData): void {
  world.tl.say(
    actor,
    `session:data — ${claimCount(data.claims)} claim(s), on screen until ${clockTime(data.displayUntil)} (${secondsUntil(data.displayUntil)} s)`,
    claimLines(data.claims),
  );
}
