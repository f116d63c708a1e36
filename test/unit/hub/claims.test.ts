/**
 * From a request to the delivered claims (D2, D3): the policy check, what the register is asked
 * for (source claims only), the adult check on birthday boundaries in Polish time, and the
 * claims delivered (exactly those requested, plus each document's status).
 */
import { describe, expect, it } from 'vitest';
import {
  peselCheckDigit,
  type ClaimPolicy,
  type DocumentStatus,
  type VerificationRequest,
} from '../../../contracts/index.js';
import type { RegisterDocument } from '../../../adapters/registers/index.js';
import {
  claimNames,
  isAdult,
  policyViolations,
  polishDate,
  presentClaims,
  registerAsks,
} from '../../../hub/sessions/claims.js';

/** A PESEL for a birth date (`YYYY-MM-DD`), with a valid check digit. */
function peselBornOn(date: string, serial = '1234'): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const offset = y >= 2000 ? 20 : y >= 1900 ? 0 : 80;
  const first =
    String(y % 100).padStart(2, '0') +
    String(m + offset).padStart(2, '0') +
    String(d).padStart(2, '0') +
    serial;
  return first + String(peselCheckDigit(first));
}

/** Epoch ms of a wall-clock time in Warsaw given as UTC ISO. */
const at = (iso: string) => Date.parse(iso);

function request(documents: VerificationRequest['documents']): VerificationRequest {
  return { documents, purpose: 'test', retain: false };
}

const idCard = (
  status: Exclude<DocumentStatus, 'missing'>,
  claims: RegisterDocument['claims'] = {},
): RegisterDocument => ({ type: 'id_card', status, claims });

describe('[D3] policyViolations', () => {
  const policy: ClaimPolicy = {
    id_card: ['given_names', 'family_name', 'age_over_18'],
    vehicle_registration: ['vin'],
  };

  it('[D3] a request inside the policy has no violations', () => {
    const req = request([
      { type: 'id_card', claims: ['given_names', 'age_over_18'] },
      { type: 'vehicle_registration', claims: ['vin'] },
    ]);
    expect(policyViolations(req, policy)).toEqual([]);
  });

  it('[D3] each claim outside the policy is one issue at its path', () => {
    const req = request([
      { type: 'vehicle_registration', claims: ['vin', 'make'] },
      { type: 'id_card', claims: ['pesel', 'given_names', 'birth_date'] },
    ]);
    expect(policyViolations(req, policy)).toEqual([
      { path: 'request.documents.0.claims.1', message: expect.stringContaining('make') },
      { path: 'request.documents.1.claims.0', message: expect.stringContaining('pesel') },
      { path: 'request.documents.1.claims.2', message: expect.stringContaining('birth_date') },
    ]);
  });

  it('[D3] a document type absent from the policy refuses all its claims', () => {
    const req = request([{ type: 'driving_licence', claims: ['given_names', 'categories'] }]);
    expect(policyViolations(req, policy).map((i) => i.path)).toEqual([
      'request.documents.0.claims.0',
      'request.documents.0.claims.1',
    ]);
    expect(policyViolations(req, {}).length).toBe(2);
  });

  it('[D3] a policy for one document does not open the same claim on another', () => {
    const req = request([{ type: 'vehicle_insurance', claims: ['vin'] }]);
    expect(policyViolations(req, policy)).toHaveLength(1);
  });
});

describe('[D2] registerAsks', () => {
  it('[D2] strips the derived claims and keeps the source claims in order', () => {
    const req = request([
      { type: 'id_card', claims: ['age_over_18', 'given_names', 'document_valid', 'photo'] },
      { type: 'vehicle_registration', claims: ['document_valid'] },
    ]);
    expect(registerAsks(req)).toEqual([
      { type: 'id_card', claims: ['given_names', 'photo'] },
      { type: 'vehicle_registration', claims: [] },
    ]);
  });

  it('[D2] never asks the register for the birth date to compute age_over_18', () => {
    const asks = registerAsks(request([{ type: 'id_card', claims: ['age_over_18'] }]));
    expect(asks.flatMap((a) => a.claims)).toEqual([]);
  });
});

describe('[D2] isAdult on birthday boundaries', () => {
  it('[D2] is 18 on the 18th birthday, not the day before', () => {
    expect(isAdult('2004-05-14', '2022-05-13')).toBe(false);
    expect(isAdult('2004-05-14', '2022-05-14')).toBe(true);
    expect(isAdult('2004-05-14', '2022-05-15')).toBe(true);
    expect(isAdult('2004-12-31', '2022-12-30')).toBe(false);
    expect(isAdult('2004-12-31', '2022-12-31')).toBe(true);
    expect(isAdult('2005-01-01', '2022-12-31')).toBe(false);
    expect(isAdult('2005-01-01', '2023-01-01')).toBe(true);
  });

  it('[D2] born 29 February: adult from 28 February of the (never leap) 18th year, art. 112 KC', () => {
    // Polish civil code art. 112: a term in years ends on the day with the same date, or on the
    // last day of the month when it has no such date; for a person's age it ends at the start
    // of that day. 18 years after a leap year is never a leap year.
    for (const year of [2004, 2000, 1988]) {
      const born = `${year}-02-29`;
      expect(isAdult(born, `${year + 18}-02-27`), born).toBe(false);
      expect(isAdult(born, `${year + 18}-02-28`), born).toBe(true);
      expect(isAdult(born, `${year + 18}-03-01`), born).toBe(true);
    }
    // The neighbours of 29 February are not affected.
    expect(isAdult('2004-02-28', '2022-02-27')).toBe(false);
    expect(isAdult('2004-02-28', '2022-02-28')).toBe(true);
    expect(isAdult('2004-03-01', '2022-02-28')).toBe(false);
    expect(isAdult('2004-03-01', '2022-03-01')).toBe(true);
  });

  it('[D2] the date is taken in Poland, not in UTC', () => {
    // 22:30 UTC on 13 May is 00:30 on 14 May in Warsaw (CEST, UTC+2).
    expect(polishDate(at('2022-05-13T22:30:00Z'))).toBe('2022-05-14');
    expect(polishDate(at('2022-05-13T21:59:59Z'))).toBe('2022-05-13');
    // In winter (CET, UTC+1).
    expect(polishDate(at('2022-12-30T23:00:00Z'))).toBe('2022-12-31');
    expect(polishDate(at('2022-12-30T22:59:59Z'))).toBe('2022-12-30');
  });
});

describe('[D2] presentClaims', () => {
  const pesel = peselBornOn('1990-06-15');
  const now = at('2024-01-10T12:00:00Z');

  it('[D2] gives exactly the requested claims plus status, in each document', () => {
    const req = request([
      { type: 'id_card', claims: ['given_names', 'age_over_18', 'document_valid'] },
    ]);
    const documents = [
      idCard('valid', {
        given_names: 'Jan Maria',
        family_name: 'Kowalski',
        birth_date: '1990-06-15',
      }),
    ];
    const out = presentClaims(req, documents, pesel, now);
    expect(out).toEqual({
      id_card: {
        given_names: 'Jan Maria',
        age_over_18: true,
        document_valid: true,
        status: 'valid',
      },
    });
  });

  it('[D2] a claim the register did not return is left out, never invented', () => {
    const req = request([{ type: 'id_card', claims: ['given_names', 'photo'] }]);
    const out = presentClaims(req, [idCard('valid', { given_names: 'Jan' })], pesel, now);
    expect(out).toEqual({ id_card: { given_names: 'Jan', status: 'valid' } });
  });

  it('[D2] a document the register does not hold is { status: "missing" }', () => {
    const req = request([
      { type: 'id_card', claims: ['given_names'] },
      { type: 'student_id', claims: ['university', 'student_number'] },
    ]);
    const out = presentClaims(req, [idCard('valid', { given_names: 'Jan' })], pesel, now);
    expect(out).toEqual({
      id_card: { given_names: 'Jan', status: 'valid' },
      student_id: { status: 'missing' },
    });
  });

  it('[D2] a missing document vouches for nothing: no age_over_18 from the PESEL alone', () => {
    const req = request([{ type: 'student_id', claims: ['given_names', 'age_over_18'] }]);
    expect(presentClaims(req, [], pesel, now)).toEqual({ student_id: { status: 'missing' } });
  });

  it('[D2] document_valid is true only for a valid document', () => {
    const req = request([{ type: 'id_card', claims: ['document_valid'] }]);
    for (const status of ['valid', 'expired', 'suspended', 'revoked'] as const) {
      const out = presentClaims(req, [idCard(status)], pesel, now);
      expect(out.id_card).toEqual({ document_valid: status === 'valid', status });
    }
    expect(presentClaims(req, [], pesel, now).id_card).toEqual({
      document_valid: false,
      status: 'missing',
    });
  });

  it('[D2] age_over_18 comes from the PESEL, around the 18th birthday in Polish time', () => {
    const req = request([{ type: 'id_card', claims: ['age_over_18'] }]);
    const teen = peselBornOn('2004-05-14');
    const docs = [idCard('valid')];
    const ageAt = (iso: string) => presentClaims(req, docs, teen, at(iso)).id_card?.age_over_18;
    expect(ageAt('2022-05-13T12:00:00Z')).toBe(false);
    // Midnight in Warsaw is 22:00 UTC the day before (CEST).
    expect(ageAt('2022-05-13T21:59:59Z')).toBe(false);
    expect(ageAt('2022-05-13T22:00:00Z')).toBe(true);
    expect(ageAt('2030-01-01T00:00:00Z')).toBe(true);
    // Born in the 2000s (month + 20 in the PESEL) and in the 1800s (month + 80).
    expect(presentClaims(req, docs, peselBornOn('1890-01-01'), now).id_card?.age_over_18).toBe(
      true,
    );
    expect(presentClaims(req, docs, peselBornOn('2010-01-01'), now).id_card?.age_over_18).toBe(
      false,
    );
  });

  it('[D2] no birth date or other source claim leaks alongside age_over_18', () => {
    const req = request([{ type: 'id_card', claims: ['age_over_18'] }]);
    // Even if a register returned more than asked, only the requested claims go out.
    const docs = [idCard('valid', { birth_date: '1990-06-15', pesel, given_names: 'Jan' })];
    expect(presentClaims(req, docs, pesel, now)).toEqual({
      id_card: { age_over_18: true, status: 'valid' },
    });
  });

  it('[D2] keeps each document to its own claims when several are asked for', () => {
    const req = request([
      { type: 'id_card', claims: ['family_name'] },
      { type: 'driving_licence', claims: ['categories', 'document_valid'] },
    ]);
    const docs: RegisterDocument[] = [
      {
        type: 'driving_licence',
        status: 'expired',
        claims: { categories: ['B'], family_name: 'X' },
      },
      idCard('valid', { family_name: 'Kowalski', categories: ['A'] }),
    ];
    expect(presentClaims(req, docs, pesel, now)).toEqual({
      id_card: { family_name: 'Kowalski', status: 'valid' },
      driving_licence: { categories: ['B'], document_valid: false, status: 'expired' },
    });
  });

  it('[H1] claimNames lists document.claim names, never values', () => {
    const req = request([
      { type: 'id_card', claims: ['given_names', 'age_over_18'] },
      { type: 'vehicle_registration', claims: ['vin'] },
    ]);
    expect(claimNames(req)).toEqual([
      'id_card.given_names',
      'id_card.age_over_18',
      'vehicle_registration.vin',
    ]);
  });
});
