/**
 * Builds PESEL numbers for synthetic citizens: the birth date with the century folded into the
 * month (+80 for the 1800s, +20 for the 2000s, +40 and +60 for the two after), a serial whose
 * last digit is even for women and odd for men, and the check digit from contracts/identifiers.
 */
import { peselCheckDigit } from '../../../contracts/index.js';

/** The month offset that encodes a birth year's century. */
function centuryOffset(year: number): number {
  if (year >= 1800 && year < 1900) return 80;
  if (year >= 1900 && year < 2000) return 0;
  if (year >= 2000 && year < 2300) return 20 * Math.floor((year - 1900) / 100);
  throw new RangeError(`PESEL cannot encode the year ${year}`);
}

/**
 * The PESEL for a birth date (`YYYY-MM-DD`, years 1800–2299) and a four-digit serial (its last
 * digit is the sex digit: even for women, odd for men).
 */
export function encodePesel(birthDate: string, serial: string): string {
  if (!/^\d{4}$/.test(serial)) throw new RangeError(`PESEL serial must be 4 digits: ${serial}`);
  const year = Number(birthDate.slice(0, 4));
  const month = Number(birthDate.slice(5, 7)) + centuryOffset(year);
  const firstTen =
    birthDate.slice(2, 4) + String(month).padStart(2, '0') + birthDate.slice(8, 10) + serial;
  return firstTen + String(peselCheckDigit(firstTen));
}
