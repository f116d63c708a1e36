/**
 * What a verifier may ask (D3), administration (A1, A5) and the derived claims the hub computes
 * (D2).
 */
import { describe, expect, it } from 'vitest';
import type { ErrorBody } from '../../contracts/index.js';
import {
  admin,
  ask,
  expectAckError,
  expectHttpError,
  idRequest,
  openSocket,
  personWhere,
  postSession,
  refusal,
  useHubs,
  verifyByPush,
} from '../helpers/fixtures.js';
import { DEMO_ORIGIN } from '../helpers/test-hub.js';

const hubs = useHubs();

describe('verifier policy', () => {
  it('[D3] a document the verifier may not ask for is forbidden, with issues', async () => {
    const t = await hubs.start();
    const answer = await postSession(t, 'bank', {
      flow: 'code',
      request: {
        documents: [{ type: 'driving_licence', claims: ['categories', 'document_valid'] }],
        purpose: 'Kredyt samochodowy',
      },
    });
    expectHttpError(answer, 403, 'forbidden');
    expect(answer.body.error.issues?.map((i) => i.path)).toEqual([
      'request.documents.0.claims.0',
      'request.documents.0.claims.1',
    ]);
  });

  it('[D3] a claim outside the policy (id_card.birth_place for the bank) is forbidden', async () => {
    const t = await hubs.start();
    const answer = await postSession(t, 'bank', {
      flow: 'code',
      request: idRequest(['given_names', 'birth_place']),
    });
    expectHttpError(answer, 403, 'forbidden');
    expect(answer.body.error.issues).toEqual([
      { path: 'request.documents.0.claims.1', message: expect.stringContaining('birth_place') },
    ]);
  });

  it('[D3] flows the verifier is not registered for are forbidden', async () => {
    const t = await hubs.start();
    const subject = { pesel: t.register.person(0).pesel };
    expectHttpError(
      await postSession(t, 'post', { flow: 'push', request: idRequest(), subject }),
      403,
      'forbidden',
    );
    expectHttpError(
      await postSession(t, 'post', {
        flow: 'privileged',
        request: idRequest(),
        subject,
        legalBasis: 'art. 15 ust. 1 ustawy o Policji',
      }),
      403,
      'forbidden',
    );
  });

  it('[D3] retain is forbidden to a verifier that may not retain, allowed to the bank', async () => {
    const t = await hubs.start();
    const request = idRequest(['given_names'], { retain: true });
    expectHttpError(await postSession(t, 'office', { flow: 'code', request }), 403, 'forbidden');
    expect((await postSession(t, 'bank', { flow: 'code', request })).status).toBe(201);
  });

  it("[D3][E1] a display window above the verifier's policy is forbidden", async () => {
    const t = await hubs.start();
    const body = (displaySeconds: number) => ({
      flow: 'code',
      request: idRequest(['given_names']),
      displaySeconds,
    });
    expectHttpError(await postSession(t, 'post', body(61)), 403, 'forbidden');
    expect((await postSession(t, 'post', body(60))).status).toBe(201);
    expectHttpError(await postSession(t, 'bank', body(121)), 403, 'forbidden');
  });
});

describe('administration', () => {
  it('[A5] a suspended verifier is refused and its live widgets are cut', async () => {
    const t = await hubs.start();
    const created = await t.createSession('bank', { flow: 'code', request: idRequest() });
    const widget = await hubs.widget(t, created.widgetToken);
    const office = await t.createSession('office', { flow: 'code', request: idRequest() });
    const officeWidget = await hubs.widget(t, office.widgetToken);
    const suspended = await admin(t, 'POST', `/verifiers/${t.verifiers.bank.verifier.id}/suspend`);
    expect(suspended).toMatchObject({ status: 200, body: { status: 'suspended' } });
    expect(await widget.disconnected).toBe('io server disconnect');
    const again = await refusal(openSocket(t.url, '/verifier', created.widgetToken));
    expect(again).toMatchObject({ code: 'forbidden' });
    expectHttpError(
      await postSession(t, 'bank', { flow: 'code', request: idRequest() }),
      403,
      'forbidden',
    );
    expect(officeWidget.socket.connected).toBe(true);
    expect((await postSession(t, 'office', { flow: 'code', request: idRequest() })).status).toBe(
      201,
    );
  });

  it('[A5] a pending push of a verifier suspended meanwhile is not delivered', async () => {
    const t = await hubs.start();
    const citizen = await hubs.enrol(t);
    const created = await t.createSession('bank', {
      flow: 'push',
      request: idRequest(),
      subject: { pesel: citizen.pesel },
    });
    await admin(t, 'POST', `/verifiers/${t.verifiers.bank.verifier.id}/suspend`);
    const ack = await ask(citizen.device.socket, 'request:approve', {
      sessionId: created.sessionId,
      matchNumber: created.matchNumber,
    });
    expectAckError(ack, 'forbidden');
    await citizen.device.next('request:withdrawn', (e: { reason: string }) => {
      return e.reason === 'verifier_suspended';
    });
  });

  it('[A1] a revoked API key is unauthorized; the other keys keep working', async () => {
    const t = await hubs.start();
    const bankId = t.verifiers.bank.verifier.id;
    const issued = await admin<{ keyId: string; apiKey: string }>(
      t,
      'POST',
      `/verifiers/${bankId}/keys`,
    );
    expect(issued.status).toBe(201);
    const body = { flow: 'code', request: idRequest() };
    const withKey = (apiKey: string) =>
      t.api<ErrorBody>('POST', '/v1/sessions', { auth: apiKey, json: body });
    expect((await withKey(issued.body.apiKey)).status).toBe(201);
    const revoked = await admin(t, 'DELETE', `/verifiers/${bankId}/keys/${issued.body.keyId}`);
    expect(revoked.status).toBe(200);
    expectHttpError(await withKey(issued.body.apiKey), 401, 'unauthorized');
    expect((await withKey(t.verifiers.bank.apiKey)).status).toBe(201);
  });

  it('[A5] admin routes need the admin token, not an API key', async () => {
    const t = await hubs.start();
    expectHttpError(await t.api('GET', '/v1/admin/audit'), 401, 'unauthorized');
    const withApiKey = await t.api('GET', '/v1/admin/audit', { auth: t.verifiers.bank.apiKey });
    expectHttpError(withApiKey, 401, 'unauthorized');
  });

  it('[A5][D3] an onboarded verifier may use only the flows and claims it registered', async () => {
    const t = await hubs.start();
    const registered = await admin<{ verifierId: string; status: string }>(
      t,
      'POST',
      '/verifiers',
      {
        name: 'Biblioteka Miejska',
        kind: 'library',
        claims: { id_card: ['given_names', 'family_name'] },
        flows: ['code'],
        origins: [DEMO_ORIGIN],
      },
    );
    expect(registered).toMatchObject({ status: 201, body: { status: 'pending' } });
    const id = registered.body.verifierId;
    const key = await admin<{ apiKey: string }>(t, 'POST', `/verifiers/${id}/keys`);
    const create = (body: unknown) =>
      t.api<ErrorBody>('POST', '/v1/sessions', { auth: key.body.apiKey, json: body });
    expectHttpError(await create({ flow: 'code', request: idRequest() }), 403, 'forbidden');
    expect(await admin(t, 'POST', `/verifiers/${id}/approve`)).toMatchObject({
      body: { status: 'active' },
    });
    expect((await create({ flow: 'code', request: idRequest() })).status).toBe(201);
    const otp = {
      flow: 'otp',
      request: idRequest(),
      subject: { pesel: t.register.person(0).pesel },
    };
    expectHttpError(await create(otp), 403, 'forbidden');
    const photo = { flow: 'code', request: idRequest(['photo']) };
    expectHttpError(await create(photo), 403, 'forbidden');
  });
});

describe('derived claims', () => {
  it('[D2] age_over_18 is false for a minor and true for an adult', async () => {
    const t = await hubs.start();
    const minor = personWhere(t, 'minor', (p) => p.age <= 16);
    const adult = personWhere(t, 'adult', (p) => p.age >= 19);
    const request = idRequest(['given_names', 'age_over_18']);
    const young = await verifyByPush(
      t,
      'bank',
      await hubs.enrol(t, { pesel: minor.pesel }),
      request,
    );
    expect(young.data.claims.id_card).toMatchObject({ age_over_18: false });
    expect(young.data.claims.id_card).not.toHaveProperty('birth_date');
    const grown = await verifyByPush(
      t,
      'bank',
      await hubs.enrol(t, { pesel: adult.pesel }),
      request,
    );
    expect(grown.data.claims.id_card).toMatchObject({ age_over_18: true });
  });

  it('[D2] a revoked ID card is delivered with document_valid false and status revoked', async () => {
    const t = await hubs.start();
    const holder = personWhere(t, 'revoked ID card', (p) => {
      return p.documents.id_card.status === 'revoked';
    });
    const citizen = await hubs.enrol(t, { pesel: holder.pesel });
    const { data } = await verifyByPush(t, 'bank', citizen, idRequest(['document_valid']));
    expect(data.claims.id_card).toEqual({ document_valid: false, status: 'revoked' });
  });

  it('[D2] a document the citizen does not hold is delivered as status missing', async () => {
    const t = await hubs.start();
    const walker = personWhere(t, 'adult without a car', (p) => {
      return p.age >= 18 && !p.documents.vehicle_registration;
    });
    const citizen = await hubs.enrol(t, { pesel: walker.pesel });
    const request = {
      documents: [
        { type: 'id_card', claims: ['family_name'] },
        { type: 'vehicle_registration', claims: ['registration_number', 'make'] },
      ],
      purpose: 'Rejestracja pojazdu',
    };
    const { data } = await verifyByPush(t, 'office', citizen, request);
    expect(data.claims.vehicle_registration).toEqual({ status: 'missing' });
    expect(data.claims.id_card).toMatchObject({ family_name: walker.familyName });
  });
});
