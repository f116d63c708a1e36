/**
 * Draws who a synthetic citizen is: sex, birth date, names, places, PESEL and phone number.
 * Everything comes from the person's own seeded stream, so any index is generated in O(1).
 *
 * Uniqueness is built in rather than checked: the phone's last eight digits are a bijection of
 * the index (unique for any size up to 10^8), and the PESEL serial is a bijection of the index
 * modulo 5000 over the 5000 serials a sex has per birth date, so two people can only share a
 * PESEL if their indexes differ by a multiple of 5000 and they share birth date and sex. Registers
 * of up to 5000 are therefore collision-free by construction; larger ones redraw the rare
 * colliding person with a new `attempt` (see synthetic-register.ts).
 */
import { addDays, addYears, ageOn, dayBetween } from './dates.js';
import { drawFamilyName, drawGivenNames } from './names.js';
import type { Sex } from './names.js';
import { encodePesel } from './pesel.js';
import { cities, towns } from './places.js';
import type { Place } from './places.js';
import { createRng, rngStreams } from './prng.js';
import { sampleProfiles } from './sample-profiles.js';

/** What every generator needs besides the index. */
export interface GeneratorContext {
  /** Hash of the register seed. */
  seedHash: number;
  /** The register's present, `YYYY-MM-DD`. */
  today: string;
}

/** Who a synthetic citizen is, without their documents. */
export interface SyntheticIdentity {
  index: number;
  /** Redraw number, 0 unless the first draw's PESEL was taken. */
  attempt: number;
  pesel: string;
  phone: string;
  sex: Sex;
  givenNames: string;
  familyName: string;
  birthDate: string;
  age: number;
  birthPlace: Place;
  home: Place;
}

/** Age bands of the population, weights summing to 1. */
const ageBands = [
  { weight: 0.13, min: 7, max: 17 },
  { weight: 0.13, min: 18, max: 26 },
  { weight: 0.5, min: 27, max: 59 },
  { weight: 0.19, min: 60, max: 79 },
  { weight: 0.05, min: 80, max: 95 },
] as const;

/** Serials available to one sex on one birth date (three digits times five sex digits). */
const serialsPerSex = 5000;

/** The index's PESEL serial: a bijection of index mod 5000, the last digit fixing the sex. */
function peselSerial(index: number, sex: Sex, seedHash: number): string {
  const scrambled = ((index % serialsPerSex) * 1237 + (seedHash % serialsPerSex)) % serialsPerSex;
  const sexDigit = 2 * Math.floor(scrambled / 1000) + (sex === 'M' ? 1 : 0);
  return String(scrambled % 1000).padStart(3, '0') + String(sexDigit);
}

/** The index's phone number: a random leading 5–8, then a bijection of the index. */
function phoneNumber(index: number, leading: number, seedHash: number): string {
  const tail = (index * 73_856_093 + (seedHash % 100_000_000)) % 100_000_000;
  return `+48${leading}${String(tail).padStart(8, '0')}`;
}

/** The identity of person `index` (redraw `attempt`) in the context's register. */
export function generateIdentity(
  context: GeneratorContext,
  index: number,
  attempt = 0,
): SyntheticIdentity {
  const rng = createRng(context.seedHash, index, attempt, rngStreams.identity);
  const profile = sampleProfiles[index];
  let band: { min: number; max: number } = ageBands[0];
  let r = rng.next();
  for (const candidate of ageBands) {
    band = candidate;
    r -= candidate.weight;
    if (r < 0) break;
  }
  const [minAge, maxAge] = profile?.age ?? [band.min, band.max];
  const drawnSex: Sex = rng.chance(0.52) ? 'F' : 'M';
  const sex = profile?.sex ?? drawnSex;
  const birthDate = dayBetween(
    rng.int,
    addDays(addYears(context.today, -(maxAge + 1)), 1),
    addYears(context.today, -minAge),
  );
  const home = rng.chance(0.55) ? rng.pick(cities) : rng.pick(towns);
  const birthPlace = rng.chance(0.6) ? home : rng.pick(rng.chance(0.7) ? cities : towns);
  const familyName = drawFamilyName(rng, sex);
  const givenNames = drawGivenNames(rng, sex, Number(birthDate.slice(0, 4)));
  const leading = rng.int(5, 8);
  return {
    index,
    attempt,
    pesel: encodePesel(birthDate, peselSerial(index, sex, context.seedHash)),
    phone: phoneNumber(index, leading, context.seedHash),
    sex,
    givenNames,
    familyName,
    birthDate,
    age: ageOn(birthDate, context.today),
    birthPlace,
    home,
  };
}
