/**
 * What the citizen reads (D1, H3): requested claims grouped by document in plain words, history
 * entries with F5 lookups and their legal basis, kinds, times, device names and typed codes.
 */
import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../contracts/http.js';
import {
  claimGroupLine,
  deviceNameFromUserAgent,
  digitsOnly,
  flowLabel,
  formatDateTime,
  formatTimeLeft,
  groupClaimNames,
  groupRequestedClaims,
  historyView,
  isPlausiblePhone,
  kindLabel,
  outcomeLabel,
  withdrawnText,
} from '../../../web-citizen/src/format.js';

describe('claims', () => {
  it('[D1] groups requested claims by document with Polish and English labels', () => {
    const docs = [
      { type: 'id_card' as const, claims: ['given_names' as const, 'age_over_18' as const] },
      { type: 'driving_licence' as const, claims: ['categories' as const] },
    ];
    expect(groupRequestedClaims(docs, 'pl')).toEqual([
      {
        type: 'id_card',
        title: 'Dowód osobisty',
        claims: [
          { claim: 'given_names', label: 'Imiona' },
          { claim: 'age_over_18', label: 'Czy ma ukończone 18 lat' },
        ],
      },
      {
        type: 'driving_licence',
        title: 'Prawo jazdy',
        claims: [{ claim: 'categories', label: 'Kategorie uprawnień' }],
      },
    ]);
    expect(groupRequestedClaims(docs, 'en')[1]!.claims[0]!.label).toBe('Licence categories');
  });

  it('[H3] groups history claim names (`type.claim`) in first-seen order', () => {
    const groups = groupClaimNames(
      ['id_card.given_names', 'vehicle_registration.vin', 'id_card.photo', 'odd'],
      'pl',
    );
    expect(groups.map((g) => g.type)).toEqual(['id_card', 'vehicle_registration', '']);
    expect(claimGroupLine(groups[0]!)).toBe('Dowód osobisty: Imiona, Zdjęcie');
    expect(claimGroupLine(groups[1]!)).toBe('Dowód rejestracyjny: Numer VIN');
    expect(claimGroupLine(groups[2]!)).toBe('odd');
  });
});

describe('words for codes', () => {
  it('[D1] names the requester kind, a private person included', () => {
    expect(kindLabel('public_office', 'pl')).toBe('urząd');
    expect(kindLabel('post', 'pl')).toBe('poczta');
    expect(kindLabel('citizen', 'pl')).toBe('osoba prywatna');
    expect(kindLabel('citizen', 'en')).toBe('private person');
    expect(kindLabel('martian', 'en')).toBe('martian');
  });

  it('[H3] names flows and outcomes', () => {
    expect(flowLabel('push', 'pl')).toBe('prośba wysłana na telefon');
    expect(outcomeLabel('delivered', 'en')).toBe('Data sent');
    expect(outcomeLabel('timed_out', 'pl')).toBe('Upłynął czas');
    expect(outcomeLabel('weird', 'pl')).toBe('weird');
  });

  it('[S5] explains why a request went away, with a fallback', () => {
    expect(withdrawnText('answered', 'pl')).toContain('innym Twoim urządzeniu');
    expect(withdrawnText('cancelled', 'en')).toContain('cancelled');
    expect(withdrawnText('unknown_reason', 'pl')).toBe('Prośba została przerwana.');
  });
});

describe('history', () => {
  const base: HistoryEntry = {
    sessionId: 's1',
    at: '2026-03-05T13:07:00.000Z',
    verifier: { id: 'v_1', name: 'Bank Przykładowy', kind: 'bank', branch: 'Oddział 3' },
    flow: 'code',
    claims: ['id_card.given_names', 'id_card.family_name'],
    outcome: 'delivered',
  };

  it('[H3] shows who, when, how, what and the outcome', () => {
    const view = historyView(base, 'pl');
    expect(view).toMatchObject({
      who: 'Bank Przykładowy',
      kind: 'bank',
      branch: 'Oddział 3',
      how: 'kod QR lub 8 cyfr',
      outcome: 'Dane przekazane',
      privileged: false,
      notice: undefined,
      flow: 'code',
      outcomeCode: 'delivered',
    });
    expect(claimGroupLine(view.groups[0]!)).toBe('Dowód osobisty: Imiona, Nazwisko');
    expect(view.when).toMatch(/2026/);
  });

  it('[H3][A6] marks an F5 lookup with its legal basis', () => {
    const view = historyView(
      {
        ...base,
        verifier: { id: 'v_p', name: 'Komenda Policji', kind: 'police' },
        flow: 'privileged',
        legalBasis: 'art. 15 ust. 1 ustawy o Policji, sygn. RSD-1/26',
      },
      'pl',
    );
    expect(view.privileged).toBe(true);
    expect(view.notice).toBe(
      'Sprawdzenie bez Twojej zgody — podstawa prawna: art. 15 ust. 1 ustawy o Policji, sygn. RSD-1/26',
    );
    expect(historyView({ ...base, flow: 'privileged' }, 'en').notice).toBe(
      'Checked without your consent',
    );
  });

  it('formats dates per language and leaves garbage as it is', () => {
    expect(formatDateTime('2026-03-05T13:07:00.000Z', 'en')).toMatch(/Mar 2026/);
    expect(formatDateTime('2026-03-05T13:07:00.000Z', 'pl')).toMatch(/mar 2026/);
    expect(formatDateTime('not a date', 'pl')).toBe('not a date');
  });
});

describe('time left', () => {
  it('[S3] counts down as m:ss and never below zero', () => {
    expect(formatTimeLeft(120_000)).toBe('2:00');
    expect(formatTimeLeft(65_001)).toBe('1:06');
    expect(formatTimeLeft(9_000)).toBe('0:09');
    expect(formatTimeLeft(-5_000)).toBe('0:00');
  });
});

describe('input', () => {
  it('keeps only the digits of a typed code', () => {
    expect(digitsOnly(' 123 456 ')).toBe('123456');
    expect(digitsOnly('12-34')).toBe('1234');
  });

  it('accepts Polish and international phone numbers', () => {
    expect(isPlausiblePhone('600 100 200')).toBe(true);
    expect(isPlausiblePhone('+48600100200')).toBe(true);
    expect(isPlausiblePhone('0048 600-100-200')).toBe(true);
    expect(isPlausiblePhone('12345')).toBe(false);
    expect(isPlausiblePhone('')).toBe(false);
  });

  it('names the device in plain words from its user agent', () => {
    const android =
      'Mozilla/5.0 (Linux; Android 13; SM-A135F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36';
    const iphone =
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1';
    const samsung =
      'Mozilla/5.0 (Linux; Android 12) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0 Mobile Safari/537.36';
    const desktop =
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0';
    expect(deviceNameFromUserAgent(android, 'pl')).toBe('Telefon — Chrome/Android');
    expect(deviceNameFromUserAgent(iphone, 'en')).toBe('Phone — Safari/iOS');
    expect(deviceNameFromUserAgent(samsung, 'pl')).toBe('Telefon — Samsung Internet/Android');
    expect(deviceNameFromUserAgent(desktop, 'pl')).toBe('Komputer — Firefox/Windows');
    expect(deviceNameFromUserAgent('', 'pl')).toBe('Komputer — przeglądarka');
  });
});
