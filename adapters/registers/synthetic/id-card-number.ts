/**
 * Numbers of Polish ID cards (dowód osobisty): three letters, then six digits of which the first
 * is a check digit. With letters counted A = 10 … Z = 35 and weights 7, 3, 1, 9, 7, 3, 1, 7, 3
 * over the nine characters, the weighted sum is divisible by 10; equivalently the check digit is
 * the sum of the other eight characters with weights 7, 3, 1, 7, 3, 1, 7, 3, modulo 10. The
 * specimen number ABA300000 passes.
 */

/** Weights of the eight characters around the check digit (positions 1–3 and 5–9). */
const weights = [7, 3, 1, 7, 3, 1, 7, 3] as const;

/** The value of one ID-card character: a digit is itself, A = 10 … Z = 35. */
function charValue(char: string): number {
  return char >= 'A' && char <= 'Z' ? char.charCodeAt(0) - 55 : Number(char);
}

/**
 * The check digit of an ID card number. Takes the nine-character number (its fourth character is
 * ignored) or the eight characters without the check digit (three letters, five digits).
 * Throws `RangeError` for anything else.
 */
export function idCardCheckDigit(series: string): number {
  let chars: string;
  if (/^[A-Z]{3}\d{6}$/.test(series)) chars = series.slice(0, 3) + series.slice(4);
  else if (/^[A-Z]{3}\d{5}$/.test(series)) chars = series;
  else throw new RangeError(`not an ID card number: ${series}`);
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += charValue(chars.charAt(i)) * (weights[i] ?? 0);
  return sum % 10;
}

/** Whether `number` is an ID card number (three capitals, six digits) with a right check digit. */
export function isValidIdCardNumber(number: string): boolean {
  return /^[A-Z]{3}\d{6}$/.test(number) && idCardCheckDigit(number) === Number(number.charAt(3));
}

/** The full nine-character number for three letters and five digits. */
export function withIdCardCheckDigit(letters: string, digits: string): string {
  return `${letters}${idCardCheckDigit(letters + digits)}${digits}`;
}
