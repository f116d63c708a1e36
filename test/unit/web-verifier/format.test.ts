/**
 * Claim values as the clerk reads them (D1, web-verifier/src/format.ts): dates, flags, lists,
 * codes in words, the portrait only as an inline image, countdowns, and the parsers of what the
 * clerk types (PESEL or phone for F2/F3, the SMS code for F3).
 */
import { describe, expect, it } from 'vitest';
import {
  codeGroups,
  formatClaim,
  formatCountdown,
  formatDate,
  isDocumentStatus,
  parseOtp,
  parseSubject,
  spokenCountdown,
  statusIcon,
  statusTone,
} from '../../../web-verifier/src/format.js';
import { peselCheckDigit } from '../../../contracts/identifiers.js';
import { documentStatuses } from '../../../contracts/documents.js';

const photo = 'data:image/svg+xml;base64,PHN2Zy8+';

describe('[D1] formatClaim', () => {
  it('[D1] shows ISO dates as on Polish documents, and spelled out in English', () => {
    expect(formatDate('1985-03-07', 'pl')).toBe('07.03.1985');
    expect(formatDate('1985-03-07', 'en')).toBe('7 March 1985');
    expect(formatClaim('expiry_date', '2030-12-31', 'pl')).toEqual({
      kind: 'text',
      text: '31.12.2030',
    });
    expect(formatDate('not a date', 'pl')).toBe('not a date');
  });

  it('[D1] shows flags as Tak/Nie and Yes/No', () => {
    expect(formatClaim('age_over_18', true, 'pl')).toEqual({
      kind: 'flag',
      value: true,
      text: 'Tak',
    });
    expect(formatClaim('age_over_18', false, 'pl')).toMatchObject({ value: false, text: 'Nie' });
    expect(formatClaim('document_valid', true, 'en')).toMatchObject({ text: 'Yes' });
    expect(formatClaim('document_valid', false, 'en')).toMatchObject({ text: 'No' });
  });

  it('[D1] joins licence categories and shows numbers as text', () => {
    expect(formatClaim('categories', ['AM', 'B', 'C1'], 'pl')).toEqual({
      kind: 'list',
      items: ['AM', 'B', 'C1'],
      text: 'AM, B, C1',
    });
    expect(formatClaim('categories', [], 'pl')).toMatchObject({ text: '—' });
    expect(formatClaim('production_year', 2015, 'en')).toEqual({ kind: 'text', text: '2015' });
  });

  it('[D1] puts sex and nationality codes into words', () => {
    expect(formatClaim('sex', 'F', 'pl')).toMatchObject({ text: 'Kobieta' });
    expect(formatClaim('sex', 'M', 'en')).toMatchObject({ text: 'Male' });
    expect(formatClaim('nationality', 'POL', 'pl')).toMatchObject({ text: 'polskie' });
    expect(formatClaim('nationality', 'DEU', 'en')).toMatchObject({ text: 'DEU' });
  });

  it('[E1] shows the portrait only from an inline data URI, never a remote URL', () => {
    expect(formatClaim('photo', photo, 'pl')).toEqual({ kind: 'image', src: photo });
    expect(formatClaim('photo', 'https://tracker.example/p.png', 'pl')).toEqual({
      kind: 'text',
      text: '—',
    });
    expect(formatClaim('photo', 'data:text/html;base64,PGI+', 'pl')).toMatchObject({
      kind: 'text',
    });
  });

  it('[D1] shows missing or empty values as a dash', () => {
    expect(formatClaim('given_names', undefined, 'pl')).toEqual({ kind: 'text', text: '—' });
    expect(formatClaim('given_names', '', 'en')).toEqual({ kind: 'text', text: '—' });
  });
});

describe('document status', () => {
  it('never relies on colour alone: every status has an icon and a tone', () => {
    for (const status of documentStatuses) {
      expect(isDocumentStatus(status)).toBe(true);
      expect(statusIcon(status)).not.toBe('');
    }
    expect(statusTone('valid')).toBe('ok');
    expect(statusTone('missing')).toBe('warn');
    for (const s of ['expired', 'suspended', 'revoked'] as const)
      expect(statusTone(s)).toBe('danger');
    expect(isDocumentStatus('lost')).toBe(false);
  });
});

describe('[E1] countdowns', () => {
  it('[E1] formats m:ss, rounding up and never below zero', () => {
    expect(formatCountdown(120_000)).toBe('2:00');
    expect(formatCountdown(61_001)).toBe('1:02');
    expect(formatCountdown(9_000)).toBe('0:09');
    expect(formatCountdown(-5)).toBe('0:00');
    expect(spokenCountdown(125_000)).toBe('2 min 5 s');
    expect(spokenCountdown(4_000)).toBe('4 s');
  });

  it('[P2] splits the 6-digit code into two groups for reading aloud', () => {
    expect(codeGroups('123456')).toEqual(['123', '456']);
    expect(codeGroups('12345678')).toEqual(['1234', '5678']);
  });
});

describe('[F2][F3] what the clerk types', () => {
  it('[F2] reads a PESEL only when the contracts’ check accepts it (check digit and date)', () => {
    expect(parseSubject('44051401359')).toEqual({ pesel: '44051401359' });
    expect(parseSubject(' 440 514 013 59 ')).toEqual({ pesel: '44051401359' });
    expect(parseSubject('44051401358')).toBeNull();
    // The check digit is right, but there is no 31 February: the hub's PeselSchema refuses it.
    const feb31 = '4402310135';
    expect(parseSubject(`${feb31}${peselCheckDigit(feb31)}`)).toBeNull();
  });

  it('[F3] reads phone numbers as E.164, adding +48 to bare Polish numbers', () => {
    expect(parseSubject('600 100 200')).toEqual({ phone: '+48600100200' });
    expect(parseSubject('+48 600-100-200')).toEqual({ phone: '+48600100200' });
    expect(parseSubject('0048600100200')).toEqual({ phone: '+48600100200' });
    expect(parseSubject('12')).toBeNull();
    expect(parseSubject('')).toBeNull();
    expect(parseSubject('jan kowalski')).toBeNull();
  });

  it('[F3] reads the SMS code as six digits, spaces allowed', () => {
    expect(parseOtp('123 456')).toBe('123456');
    expect(parseOtp('12345')).toBeNull();
    expect(parseOtp('12345a')).toBeNull();
  });
});
