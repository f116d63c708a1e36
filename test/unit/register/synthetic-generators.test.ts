/**
 * The building blocks of the synthetic register (PRODUCT §5): the seeded generator, calendar
 * arithmetic, PESEL encoding, feminine family names, the status rule and the portrait.
 */
import { describe, expect, it } from 'vitest';
import { isValidPesel, peselBirthDate } from '../../../contracts/index.js';
import { addYears, ageOn, isIsoDate } from '../../../adapters/registers/synthetic/dates.js';
import { statusOn } from '../../../adapters/registers/synthetic/document-status.js';
import { feminineFamilyName } from '../../../adapters/registers/synthetic/names.js';
import { encodePesel } from '../../../adapters/registers/synthetic/pesel.js';
import { portraitDataUri } from '../../../adapters/registers/synthetic/portrait.js';
import { createRng, hashSeed } from '../../../adapters/registers/synthetic/prng.js';

describe('seeded generator', () => {
  it('[§5] the same keys give the same draws, other keys other draws', () => {
    const draws = (...keys: number[]): number[] => {
      const rng = createRng(...keys);
      return Array.from({ length: 8 }, () => rng.next());
    };
    expect(draws(1, 2, 3)).toEqual(draws(1, 2, 3));
    expect(draws(1, 2, 3)).not.toEqual(draws(1, 2, 4));
    expect(draws(1, 2, 3)).not.toEqual(draws(2, 1, 3));
    expect(hashSeed('mdok')).toBe(hashSeed('mdok'));
    expect(hashSeed(42)).toBe(hashSeed('42'));
    expect(hashSeed('mdok')).not.toBe(hashSeed('mdok2'));
  });

  it('draws stay in range and spread evenly', () => {
    const rng = createRng(7);
    const counts = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 60_000; i++) {
      const value = rng.int(0, 5);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(5);
      counts[value]!++;
    }
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
    expect(() => rng.pick([])).toThrow(RangeError);
    expect(rng.chars('AB', 10)).toMatch(/^[AB]{10}$/);
  });
});

describe('dates', () => {
  it('adds years, folding 29 February onto the 28th', () => {
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(addYears('2020-06-15', -10)).toBe('2010-06-15');
  });

  it('counts full years of age', () => {
    expect(ageOn('2007-06-15', '2025-06-14')).toBe(17);
    expect(ageOn('2007-06-15', '2025-06-15')).toBe(18);
    expect(ageOn('1950-12-31', '2025-01-01')).toBe(74);
  });

  it('recognises real ISO dates only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2025-6-1')).toBe(false);
  });
});

describe('PESEL encoding [§5]', () => {
  it('[§5] folds the century into the month and adds a valid check digit', () => {
    const cases = [
      ['1899-12-31', '99923100014'],
      ['1944-05-14', '44051401359'],
      ['2005-03-07', '05230712343'],
    ] as const;
    for (const [birthDate, pesel] of cases) {
      expect(encodePesel(birthDate, pesel.slice(6, 10))).toBe(pesel);
      expect(isValidPesel(pesel)).toBe(true);
      expect(peselBirthDate(pesel)).toBe(birthDate);
    }
    expect(encodePesel('2150-01-01', '0000').slice(2, 4)).toBe('41');
    expect(() => encodePesel('1799-01-01', '0000')).toThrow(RangeError);
    expect(() => encodePesel('2000-01-01', '12')).toThrow(RangeError);
  });
});

describe('family names [§5]', () => {
  it('[§5] adjectival names take -a for women, nouns stay', () => {
    expect(feminineFamilyName('Kowalski')).toBe('Kowalska');
    expect(feminineFamilyName('Czarnecki')).toBe('Czarnecka');
    expect(feminineFamilyName('Zawadzki')).toBe('Zawadzka');
    expect(feminineFamilyName('Czarny')).toBe('Czarna');
    expect(feminineFamilyName('Nowak')).toBe('Nowak');
    expect(feminineFamilyName('Wilk')).toBe('Wilk');
  });
});

describe('document status [§5]', () => {
  it('[§5] a recorded suspension or revocation wins; else expiry decides', () => {
    expect(statusOn('revoked', '2030-01-01', '2025-06-15')).toBe('revoked');
    expect(statusOn('suspended', '2020-01-01', '2025-06-15')).toBe('suspended');
    expect(statusOn('valid', '2025-06-14', '2025-06-15')).toBe('expired');
    expect(statusOn('valid', '2025-06-15', '2025-06-15')).toBe('valid');
    expect(statusOn('valid', null, '2025-06-15')).toBe('valid');
  });
});

describe('portraits [§5]', () => {
  it('[§5] are deterministic SVG data URIs', () => {
    const a = portraitDataUri(createRng(1), { sex: 'F', age: 30 });
    expect(portraitDataUri(createRng(1), { sex: 'F', age: 30 })).toBe(a);
    expect(portraitDataUri(createRng(2), { sex: 'F', age: 30 })).not.toBe(a);
    expect(a.startsWith('data:image/svg+xml;base64,')).toBe(true);
  });

  it('[§5] give people of 60 and over grey hair', () => {
    const greys = ['#b9b9b9', '#d4d4d4', '#9f9f9f', '#e6e6e6'];
    for (let key = 0; key < 50; key++) {
      const uri = portraitDataUri(createRng(key), { sex: 'M', age: 75 });
      const svg = Buffer.from(uri.split(',')[1]!, 'base64').toString('utf8');
      expect(greys.some((grey) => svg.includes(grey))).toBe(true);
    }
  });
});
