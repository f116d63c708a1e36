/**
 * Calendar arithmetic on ISO `YYYY-MM-DD` dates, in UTC so that no time zone can move a day.
 * The synthetic register works out every birth, issue and expiry date relative to its `today`
 * with these helpers, which keeps the generated data independent of the machine's clock and zone.
 */

const msPerDay = 86_400_000;

/** Whether `text` is a real calendar date written as `YYYY-MM-DD`. */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  return fromDay(toDay(text)) === text;
}

/** Days since 1970-01-01 of an ISO date. */
export function toDay(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / msPerDay);
}

/** The ISO date `day` days after 1970-01-01. */
export function fromDay(day: number): string {
  return new Date(day * msPerDay).toISOString().slice(0, 10);
}

/** The date `days` days after `iso` (before it when negative). */
export function addDays(iso: string, days: number): string {
  return fromDay(toDay(iso) + days);
}

/** The same day `years` years later (earlier when negative); 29 February becomes the 28th. */
export function addYears(iso: string, years: number): string {
  const year = Number(iso.slice(0, 4)) + years;
  const month = Number(iso.slice(5, 7));
  let day = Number(iso.slice(8, 10));
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > lastDay) day = lastDay;
  return `${String(year).padStart(4, '0')}-${iso.slice(5, 7)}-${String(day).padStart(2, '0')}`;
}

/** Full years between `birth` and `on` (the age on that day). */
export function ageOn(birth: string, on: string): number {
  let age = Number(on.slice(0, 4)) - Number(birth.slice(0, 4));
  if (on.slice(5) < birth.slice(5)) age--;
  return age;
}

/** A date drawn evenly from [from, to], both ISO and both included. */
export function dayBetween(
  draw: (min: number, max: number) => number,
  from: string,
  to: string,
): string {
  return fromDay(draw(toDay(from), toDay(to)));
}
