/**
 * ID card number check digits (PRODUCT §5): the weights 7, 3, 1, (9), 7, 3, 1, 7, 3 with
 * letters A = 10 … Z = 35, checked against the specimen ABA300000 and hand-computed numbers.
 */
import { describe, expect, it } from 'vitest';
import { idCardCheckDigit, isValidIdCardNumber } from '../../../adapters/registers/index.js';
import { withIdCardCheckDigit } from '../../../adapters/registers/synthetic/id-card-number.js';

describe('ID card numbers [§5]', () => {
  it('[§5] the specimen ABA300000 is valid', () => {
    // A, B, A = 10, 11, 10: 7·10 + 3·11 + 1·10 = 113; the digits after are all 0 → 3.
    expect(idCardCheckDigit('ABA300000')).toBe(3);
    expect(idCardCheckDigit('ABA00000')).toBe(3);
    expect(isValidIdCardNumber('ABA300000')).toBe(true);
  });

  it('[§5] a hand-computed number is valid and its neighbours are not', () => {
    // A, B, C = 10, 11, 12 → 70 + 33 + 12 = 115; 1, 2, 3, 4, 5 → 7 + 6 + 3 + 28 + 15 = 59;
    // 174 mod 10 = 4. With the full weights: 115 + 9·4 + 59 = 210, divisible by 10.
    expect(idCardCheckDigit('ABC12345')).toBe(4);
    expect(isValidIdCardNumber('ABC412345')).toBe(true);
    for (let digit = 0; digit <= 9; digit++) {
      if (digit !== 4) expect(isValidIdCardNumber(`ABC${digit}12345`)).toBe(false);
    }
    // Z = 35, Y = 34, X = 33: 245 + 102 + 33 = 380; 9, 8, 7, 6, 5 → 63 + 24 + 7 + 42 + 15 = 151;
    // 531 mod 10 = 1.
    expect(withIdCardCheckDigit('ZYX', '98765')).toBe('ZYX198765');
  });

  it('[§5] swapping two characters is caught', () => {
    expect(isValidIdCardNumber('BAA300000')).toBe(false);
    expect(isValidIdCardNumber('ABC412354')).toBe(false);
  });

  it('rejects anything not three capitals and six digits', () => {
    for (const bad of [
      '',
      'aba300000',
      'AB300000',
      'ABA30000',
      'ABA3000000',
      'AB1300000',
      'ABA 300000',
    ]) {
      expect(isValidIdCardNumber(bad), bad).toBe(false);
    }
    expect(() => idCardCheckDigit('ABA3000')).toThrow(RangeError);
    expect(() => idCardCheckDigit('aba300000')).toThrow(RangeError);
  });
});
