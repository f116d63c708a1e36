/**
 * Citizen identifiers as they arrive at the boundary: PESEL (with its check digit) and phone
 * numbers (normalised to E.164). Pure functions, shared by hub, adapters and web.
 */
import { z } from 'zod';

const peselWeights = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3] as const;

/** The check digit of the first ten PESEL digits. */
export function peselCheckDigit(firstTen: string): number {
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += Number(firstTen[i]) * peselWeights[i]!;
  return (10 - (sum % 10)) % 10;
}

/** The birth date a PESEL encodes (`YYYY-MM-DD`), or null when the date part is impossible. */
export function peselBirthDate(pesel: string): string | null {
  if (!/^\d{11}$/.test(pesel)) return null;
  const yy = Number(pesel.slice(0, 2));
  const mmRaw = Number(pesel.slice(2, 4));
  const dd = Number(pesel.slice(4, 6));
  const century = [1900, 2000, 2100, 2200, 1800][Math.floor(mmRaw / 20)];
  const mm = mmRaw % 20;
  if (century === undefined || mm < 1 || mm > 12) return null;
  const year = century + yy;
  const date = new Date(Date.UTC(year, mm - 1, dd));
  if (date.getUTCMonth() !== mm - 1 || date.getUTCDate() !== dd) return null;
  return date.toISOString().slice(0, 10);
}

/** Whether a string is a PESEL: 11 digits, a real birth date, a correct check digit. */
export function isValidPesel(pesel: string): boolean {
  return (
    /^\d{11}$/.test(pesel) &&
    peselBirthDate(pesel) !== null &&
    peselCheckDigit(pesel.slice(0, 10)) === Number(pesel[10])
  );
}

/** A PESEL, checked for format, date and check digit. */
export const PeselSchema = z
  .string()
  .regex(/^\d{11}$/, 'PESEL has 11 digits')
  .refine(isValidPesel, 'PESEL check digit or date is wrong');

/**
 * Normalises a phone number: spaces, dashes and brackets go; a bare 9-digit Polish number gets
 * `+48`; `0048` becomes `+48`.
 */
export function normalizePhone(raw: string): string {
  const compact = raw.replace(/[\s\-()]/g, '');
  if (/^\d{9}$/.test(compact)) return `+48${compact}`;
  if (compact.startsWith('00')) return `+${compact.slice(2)}`;
  return compact;
}

/** A phone number in E.164 after normalisation. */
export const PhoneSchema = z
  .string()
  .max(32)
  .transform(normalizePhone)
  .pipe(z.string().regex(/^\+[1-9]\d{7,14}$/, 'phone number in E.164, e.g. +48600100200'));

/**
 * The citizen a request is about: exactly one of PESEL or phone number.
 */
export const SubjectSchema = z.union([
  z.strictObject({ pesel: PeselSchema }),
  z.strictObject({ phone: PhoneSchema }),
]);
/** The citizen a request is about. */
export type Subject = z.infer<typeof SubjectSchema>;
