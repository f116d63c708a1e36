/**
 * F5 privileged (A6, H3): police lookups by PESEL with a legal basis, delivered without
 * approval, audited and shown in the citizen's history.
 */
import { describe, expect, it } from 'vitest';
import type { SessionData, SessionResult, SessionStateEvent } from '../../contracts/index.js';
import {
  auditEvents,
  expectHttpError,
  historyOf,
  idRequest,
  LEGAL_BASIS,
  login,
  postSession,
  switchableRegister,
  unknownPesel,
  useHubs,
} from '../helpers/fixtures.js';
import type { DemoHandle, TestHub } from '../helpers/test-hub.js';

const hubs = useHubs();
const lookupRequest = idRequest(['given_names', 'family_name', 'pesel', 'document_valid'], {
  purpose: 'Legitymowanie',
});

function lookup(t: TestHub, pesel: string, extra: object = {}, handle: DemoHandle = 'police') {
  return postSession(t, handle, {
    flow: 'privileged',
    subject: { pesel },
    legalBasis: LEGAL_BASIS,
    request: lookupRequest,
    ...extra,
  });
}

describe('F5 privileged', () => {
  it('[F5][A6] a police lookup with a legal basis is delivered at once, fetched once', async () => {
    const t = await hubs.start();
    const person = t.register.person(1);
    const answer = await lookup(t, person.pesel);
    expect(answer.status).toBe(201);
    expect(answer.body.state).toBe('delivered');
    const widget = await hubs.widget(t, answer.body.widgetToken);
    expect(await widget.next<SessionStateEvent>('session:state')).toMatchObject({
      state: 'delivered',
    });
    const data = await widget.next<SessionData>('session:data');
    expect(data.claims.id_card).toEqual({
      given_names: person.documents.id_card.claims.given_names,
      family_name: person.documents.id_card.claims.family_name,
      pesel: person.pesel,
      document_valid: person.documents.id_card.status === 'valid',
      status: person.documents.id_card.status,
    });
    const path = `/v1/sessions/${answer.body.sessionId}/result`;
    const auth = t.verifiers.police.apiKey;
    const first = await t.api<SessionResult>('GET', path, { auth });
    expect(first.status).toBe(200);
    // The police unit may not retain (E3): its backend gets the signed outcome, no raw claim.
    expect(first.body).toMatchObject({
      retained: false,
      documents: {
        id_card: {
          status: person.documents.id_card.status,
          document_valid: person.documents.id_card.status === 'valid',
        },
      },
    });
    expect(first.body).not.toHaveProperty('claims');
    expectHttpError(await t.api('GET', path, { auth }), 410, 'gone');
  });

  it('[A6] without a legal basis the lookup is invalid_request at legalBasis', async () => {
    const t = await hubs.start();
    const answer = await postSession(t, 'police', {
      flow: 'privileged',
      subject: { pesel: t.register.person(1).pesel },
      request: lookupRequest,
    });
    expectHttpError(answer, 400, 'invalid_request');
    expect(answer.body.error.issues).toContainEqual(
      expect.objectContaining({ path: 'legalBasis' }),
    );
    expect(await auditEvents(t)).toEqual([]);
  });

  it('[D3][F5] bank and office may not use the privileged flow', async () => {
    const t = await hubs.start();
    const pesel = t.register.person(1).pesel;
    const bank = await lookup(t, pesel, { request: idRequest() }, 'bank');
    expectHttpError(bank, 403, 'forbidden');
    const office = await lookup(t, pesel, { request: idRequest() }, 'office');
    expectHttpError(office, 403, 'forbidden');
  });

  it('[F5] a PESEL the register lacks is not_found', async () => {
    const t = await hubs.start();
    expectHttpError(await lookup(t, await unknownPesel(t)), 404, 'not_found');
  });

  it('[H1][H3][A6] the lookup is audited and shown in the citizen history with its basis', async () => {
    const t = await hubs.start();
    const person = t.register.person(1);
    const answer = await lookup(t, person.pesel);
    const [event] = await auditEvents(t);
    expect(event).toMatchObject({
      sessionId: answer.body.sessionId,
      verifierId: t.verifiers.police.verifier.id,
      verifierName: 'Komenda Miejska Policji w Krakowie',
      flow: 'privileged',
      legalBasis: LEGAL_BASIS,
      outcome: 'delivered',
      claims: lookupRequest.documents[0]!.claims.map((c) => `id_card.${c}`),
    });
    const history = await historyOf(t, await login(t, person.pesel));
    expect(history).toEqual([
      expect.objectContaining({
        sessionId: answer.body.sessionId,
        flow: 'privileged',
        legalBasis: LEGAL_BASIS,
        outcome: 'delivered',
        verifier: expect.objectContaining({ kind: 'police', name: event!.verifierName }),
      }),
    ]);
    const other = await historyOf(t, await login(t, t.register.person(2).pesel));
    expect(other).toEqual([]);
  });

  it('[V3][F5] a register outage is 503 register_unavailable and audited as failed', async () => {
    const register = switchableRegister();
    const t = await hubs.start({ registers: register.registers });
    const pesel = t.register.person(1).pesel;
    expectHttpError(await lookup(t, pesel), 503, 'register_unavailable');
    expect((await auditEvents(t))[0]).toMatchObject({ flow: 'privileged', outcome: 'failed' });
    register.down = false;
    expect((await lookup(t, pesel)).status).toBe(201);
  });
});
