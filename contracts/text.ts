/**
 * Free text that ends up on a person's screen (purpose, verifier and device names, legal
 * basis): trimmed, and refused when it carries control characters, NUL, or invisible format
 * characters (bidi overrides and isolates, zero-width joiners) that could make the consent
 * screen show something other than what was sent.
 */
import { z } from 'zod';

/** Control (Cc, NUL among them) and format (Cf: bidi overrides, zero-width) characters. */
const unsafeCharacters = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

/** Whether `text` holds a character that may not reach a person's screen. */
export function hasUnsafeCharacters(text: string): boolean {
  return unsafeCharacters.test(text);
}

/** A display-safe line of text of `min`–`max` characters. */
export function displayText(min: number, max: number) {
  return z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((text) => !hasUnsafeCharacters(text), {
      message: 'control, NUL or invisible formatting characters are not allowed',
    });
}

/**
 * The legal basis of a privileged lookup (A6): a statute or a case reference a reviewer can
 * check, so at least 10 characters with letters and digits (e.g. "art. 15 ust. 1 pkt 2 ustawy o
 * Policji, RSD-123/26"), not a word like "abc" or "test".
 */
export const LegalBasisSchema = displayText(10, 300).refine(
  (text) => /\p{L}/u.test(text) && /\d/.test(text) && new Set(text.toLowerCase()).size >= 5,
  { message: 'name the statute or case reference (letters and digits, at least 10 characters)' },
);
