/**
 * Consent that matches the data (D1, E1, E3): what the citizen reads before deciding — how long
 * the data stays on the verifier's screen and what the verifier's system receives — is checked
 * against the request the hub sent and against what the backend then really gets from
 * `GET /v1/sessions/:id/result`: without `retain`, a signed outcome with statuses and derived
 * claims and no raw value; with `retain`, the presentation as well.
 */
import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  OUTCOME_TYP,
  OutcomePayload,
  RequestIncomingEvent,
  SessionResult,
} from '../../contracts/index.js';
import { formatDuration, retentionText } from '../../web-citizen/src/format.js';
import { ask, idRequest, useHubs, verifyByPush } from '../helpers/fixtures.js';
import type { TestHub } from '../helpers/test-hub.js';

const hubs = useHubs();

async function jwks(t: TestHub) {
  const res = await t.api<{ keys: never[] }>('GET', '/.well-known/jwks.json');
  return createLocalJWKSet(res.body);
}

describe('consent text', () => {
  it('[D1][E1] the display time in words, in Polish and English', () => {
    expect([1, 2, 5, 12, 20, 22, 60, 120, 300, 90].map((n) => formatDuration(n, 'pl'))).toEqual([
      '1 sekundę',
      '2 sekundy',
      '5 sekund',
      '12 sekund',
      '20 sekund',
      '22 sekundy',
      '1 minutę',
      '2 minuty',
      '5 minut',
      '90 sekund',
    ]);
    expect([1, 20, 60, 120].map((n) => formatDuration(n, 'en'))).toEqual([
      '1 second',
      '20 seconds',
      '1 minute',
      '2 minutes',
    ]);
  });

  it('[D1][E1][E3] retain false: the citizen reads the real display time and that the system gets only a signed result — and that is what the backend gets', async () => {
    const t = await hubs.start();
    const citizen = await hubs.enrol(t, { index: 3 });
    const created = await t.createSession('post', {
      flow: 'code',
      request: idRequest(['given_names', 'family_name', 'age_over_18', 'document_valid']),
      displaySeconds: 20,
      nonce: 'n-123',
      reference: 'parcel-77',
    });
    const joined = await ask<RequestIncomingEvent>(citizen.device.socket, 'pairing:join', {
      code: created.code,
    });
    expect(joined.ok).toBe(true);
    const incoming = RequestIncomingEvent.parse(joined.ok ? joined.data : null);
    expect(incoming.displaySeconds).toBe(20);
    const pl = retentionText(incoming, 'pl');
    expect(pl).toBe(
      'Nie zachowa kopii. Twoje dane będą na ekranie przez 20 sekund, potem znikną. Do systemu ' +
        'instytucji trafi tylko podpisany wynik sprawdzenia: stan dokumentu (np. ważny, ' +
        'unieważniony) i czy masz ukończone 18 lat — bez Twoich danych.',
    );
    expect(pl).not.toMatch(/kilku minut/);
    expect(retentionText(incoming, 'en')).toContain('for 20 seconds');

    expect(
      await ask(citizen.device.socket, 'request:approve', { sessionId: created.sessionId }),
    ).toEqual({ ok: true });
    const res = await t.api('GET', `/v1/sessions/${created.sessionId}/result`, {
      auth: t.verifiers.post.apiKey,
    });
    expect(res.status).toBe(200);
    const result = SessionResult.parse(res.body);
    expect(result.retained).toBe(false);
    expect(result).not.toHaveProperty('presentation');
    expect(result).not.toHaveProperty('claims');
    const person = t.register.find((p) => p.pesel === citizen.pesel)!;
    const text = JSON.stringify(res.body);
    for (const secret of [person.givenNames, person.familyName, citizen.pesel]) {
      expect(text).not.toContain(secret);
    }
    const { payload, protectedHeader } = await jwtVerify(result.outcome, await jwks(t), {
      issuer: t.hub.ctx.config.publicUrl,
      audience: t.verifiers.post.verifier.id,
      typ: OUTCOME_TYP,
    });
    expect(protectedHeader.alg).toBe('ES256');
    const outcome = OutcomePayload.parse(payload);
    expect(outcome).toMatchObject({
      sid: created.sessionId,
      nonce: 'n-123',
      ref: 'parcel-77',
      retained: false,
      documents: {
        id_card: {
          status: person.documents.id_card.status,
          age_over_18: person.age >= 18,
          document_valid: person.documents.id_card.status === 'valid',
        },
      },
    });
    expect(result.documents).toEqual(outcome.documents);
    expect(JSON.stringify(payload)).not.toContain(person.familyName);
  });

  it('[D1][E3] retain true (a verifier that may retain): the citizen reads that the system keeps a copy, and the backend gets the presentation', async () => {
    const t = await hubs.start();
    const citizen = await hubs.enrol(t, { index: 4 });
    const request = idRequest(['given_names', 'family_name'], { retain: true });
    const { data, result } = await verifyByPush(t, 'bank', citizen, request);
    const incoming = citizen.device.all<RequestIncomingEvent>('request:incoming')[0]!;
    expect(retentionText(incoming, 'pl')).toBe(
      'Zachowa kopię. Twoje dane będą na ekranie przez 2 minuty, a system instytucji otrzyma je ' +
        'raz i może je przechowywać.',
    );
    expect(result).toMatchObject({
      retained: true,
      presentation: data.presentation,
      claims: data.claims,
    });
  });

  it('[D1] a citizen verifying a citizen (F4) reads what that person sees, for how long', () => {
    const text = retentionText(
      {
        verifier: { id: 'citizen:x', name: 'Jan', kind: 'citizen', verified: false },
        request: {
          documents: [{ type: 'id_card', claims: ['photo'] }],
          purpose: 'x',
          retain: false,
        },
        displaySeconds: 120,
      },
      'pl',
    );
    expect(text).toBe(
      'Nie zachowa kopii. Ta osoba zobaczy Twoje dane na swoim ekranie przez 2 minuty, potem znikną.',
    );
  });
});
