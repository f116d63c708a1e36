/**
 * Citizen identifiers of contracts/identifiers.ts: PESEL check digit and the birth date it
 * encodes in every century, phone normalisation to E.164 and the boundary schemas (PRODUCT §5,
 * V1).
 */
import { describe, expect, it } from 'vitest';
import {
  isValidPesel,
  normalizePhone,
  peselBirthDate,
  peselCheckDigit,
  PeselSchema,
  PhoneSchema,
  SubjectSchema,
} from '../../contracts/index.js';

describe('PESEL', () => {
  it('[§5] computes the check digit of a known number', () => {
    // 4·1 + 4·3 + 0·7 + 5·9 + 1·1 + 4·3 + 0·7 + 1·9 + 3·1 + 5·3 = 101 → (10 − 1) mod 10 = 9.
    expect(peselCheckDigit('4405140135')).toBe(9);
    expect(isValidPesel('44051401359')).toBe(true);
    expect(isValidPesel('44051401358')).toBe(false);
  });

  it('[§5] a check digit of 0 comes from a sum divisible by ten', () => {
    // 0·1 + 2·3 + 2·7 + 1·9 + 0·1 + 1·3 + 0·7 + 0·9 + 0·1 + 6·3 = 50 → (10 − 0) mod 10 = 0.
    expect(peselCheckDigit('0221010006')).toBe(0);
    expect(isValidPesel('02210100060')).toBe(true);
    // 9·1 + 9·3 + 9·7 + 2·9 + 3·1 + 1·3 + 0 + 0 + 0 + 1·3 = 126 → 4.
    expect(peselCheckDigit('9992310001')).toBe(4);
  });

  it('[§5] decodes the birth date in every century', () => {
    expect(peselBirthDate('44051401359')).toBe('1944-05-14');
    expect(peselBirthDate('99923100014')).toBe('1899-12-31'); // month + 80
    expect(peselBirthDate('05230712343')).toBe('2005-03-07'); // month + 20
    expect(peselBirthDate('00410100000')).toBe('2100-01-01'); // month + 40
    expect(peselBirthDate('00610100000')).toBe('2200-01-01'); // month + 60
    expect(isValidPesel('99923100014')).toBe(true);
    expect(isValidPesel('05230712343')).toBe(true);
  });

  it('[§5] rejects impossible dates and malformed input', () => {
    expect(peselBirthDate('44133101359')).toBeNull(); // month 13
    expect(peselBirthDate('01023012345')).toBeNull(); // 30 February 1901
    expect(peselBirthDate('4405140135')).toBeNull();
    expect(peselBirthDate('4405140135x')).toBeNull();
    expect(isValidPesel('00000000000')).toBe(false);
    expect(isValidPesel('440514013599')).toBe(false);
  });

  it('[V1] PeselSchema accepts valid numbers and names the problem otherwise', () => {
    expect(PeselSchema.parse('44051401359')).toBe('44051401359');
    const wrong = PeselSchema.safeParse('44051401358');
    expect(wrong.success).toBe(false);
    expect(wrong.error?.issues[0]?.message).toMatch(/check digit/);
    expect(PeselSchema.safeParse('4405140135').success).toBe(false);
  });
});

describe('phone numbers', () => {
  it('[F3] normalises Polish numbers to E.164', () => {
    expect(normalizePhone('600100200')).toBe('+48600100200');
    expect(normalizePhone('600 100 200')).toBe('+48600100200');
    expect(normalizePhone('600-100-200')).toBe('+48600100200');
    expect(normalizePhone('0048 600 100 200')).toBe('+48600100200');
    expect(normalizePhone('+48 (600) 100 200')).toBe('+48600100200');
    expect(normalizePhone('+48600100200')).toBe('+48600100200');
  });

  it('[F3] leaves foreign E.164 numbers as they are, without spaces', () => {
    expect(normalizePhone('+44 20 7946 0000')).toBe('+442079460000');
    expect(normalizePhone('0044 20 7946 0000')).toBe('+442079460000');
  });

  it('[V1] PhoneSchema normalises then checks E.164', () => {
    expect(PhoneSchema.parse('600 100 200')).toBe('+48600100200');
    expect(PhoneSchema.safeParse('12345').success).toBe(false);
    expect(PhoneSchema.safeParse('+0123456789').success).toBe(false);
    expect(PhoneSchema.safeParse('phone').success).toBe(false);
    expect(PhoneSchema.safeParse('6'.repeat(33)).success).toBe(false);
  });
});

describe('SubjectSchema', () => {
  it('[V1] takes exactly one of PESEL or phone', () => {
    expect(SubjectSchema.parse({ pesel: '44051401359' })).toEqual({ pesel: '44051401359' });
    expect(SubjectSchema.parse({ phone: '600100200' })).toEqual({ phone: '+48600100200' });
    expect(SubjectSchema.safeParse({ pesel: '44051401359', phone: '600100200' }).success).toBe(
      false,
    );
    expect(SubjectSchema.safeParse({}).success).toBe(false);
    expect(SubjectSchema.safeParse({ pesel: '44051401358' }).success).toBe(false);
  });
});
