/**
 * The ID card and the driving licence of a synthetic citizen. ID cards are valid for ten years,
 * or six when issued before the 12th birthday (the rule since 2021), and issued by the mayor of
 * the home town. Driving licences are issued from the 18th birthday, valid for fifteen years,
 * and carry category B plus, for some, A, B+E, C, C+E, D or T.
 */
import { addDays, addYears, ageOn, dayBetween } from './dates.js';
import type { Condition } from './document-plan.js';
import { makeDocument } from './document-status.js';
import type { Holder } from './holder.js';
import { withIdCardCheckDigit } from './id-card-number.js';
import { drivingLicenceAuthority, idCardAuthority } from './places.js';
import type { Rng } from './prng.js';
import type { SyntheticDocument } from './synthetic-person.js';

const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const digits = '0123456789';

/** An ID card issued on `issue` to someone born on `birth` is valid this many years. */
function idCardValidityYears(birth: string, issue: string): number {
  return ageOn(birth, issue) < 12 ? 6 : 10;
}

/** Issue and expiry dates of an ID card; expired ones only where the dates allow it. */
function idCardDates(rng: Rng, birth: string, today: string, expired: boolean) {
  const earliest = addDays(birth, 30);
  if (expired) {
    const expiredOn = addDays(today, -rng.int(1, 730));
    for (const years of [10, 6]) {
      const issue = addYears(expiredOn, -years);
      if (issue >= earliest && idCardValidityYears(birth, issue) === years) {
        return { issue, expiry: addYears(issue, years) };
      }
    }
  }
  const later = (a: string, b: string): string => (a > b ? a : b);
  let issue = dayBetween(rng.int, later(earliest, addDays(addYears(today, -10), 1)), today);
  if (addYears(issue, idCardValidityYears(birth, issue)) < today) {
    // Issued under twelve with six years' validity: it would have lapsed, so it is a newer card.
    issue = dayBetween(rng.int, later(earliest, addDays(addYears(today, -6), 1)), today);
  }
  return { issue, expiry: addYears(issue, idCardValidityYears(birth, issue)) };
}

/**
 * The ID card. Its number's five trailing digits are a bijection of the person's index, so
 * numbers are unique in registers of up to 100 000.
 */
export function makeIdCard(
  rng: Rng,
  holder: Holder,
  condition: Condition,
  seedHash: number,
): SyntheticDocument<'id_card'> {
  const { identity, today } = holder;
  const { issue, expiry } = idCardDates(rng, identity.birthDate, today, condition === 'expired');
  const serial = (identity.index * 7919 + (seedHash % 100_000)) % 100_000;
  const number = withIdCardCheckDigit(rng.chars(letters, 3), String(serial).padStart(5, '0'));
  return makeDocument('id_card', condition, expiry, today, {
    given_names: identity.givenNames,
    family_name: identity.familyName,
    photo: holder.photo,
    birth_date: identity.birthDate,
    birth_place: identity.birthPlace.name,
    pesel: identity.pesel,
    sex: identity.sex,
    nationality: 'POL',
    document_number: number,
    issue_date: issue,
    expiry_date: expiry,
    issuing_authority: idCardAuthority(identity.home),
  });
}

/** Licence categories: always B, the others by chance, in the order printed on the card. */
function drawCategories(rng: Rng, holder: Holder): string[] {
  const { sex, age } = holder.identity;
  const truck = rng.chance(sex === 'M' ? 0.15 : 0.03);
  const held = {
    A: rng.chance(sex === 'M' ? 0.25 : 0.08),
    B: true,
    'B+E': rng.chance(0.15),
    C: truck,
    'C+E': truck && rng.chance(0.5),
    D: rng.chance(0.02),
    T: rng.chance(age >= 40 ? 0.12 : 0.04),
  };
  return Object.entries(held)
    .filter(([, has]) => has)
    .map(([category]) => category);
}

/** Issue and expiry dates of a driving licence; expired ones only where the dates allow it. */
function licenceDates(rng: Rng, birth: string, today: string, expired: boolean) {
  const adult = addYears(birth, 18);
  if (expired) {
    const issue = addYears(addDays(today, -rng.int(1, 730)), -15);
    if (issue >= adult) return { issue, expiry: addYears(issue, 15) };
  }
  const recent = addDays(addYears(today, -15), 1);
  const issue = dayBetween(rng.int, adult > recent ? adult : recent, today);
  return { issue, expiry: addYears(issue, 15) };
}

/** The driving licence of an adult. */
export function makeDrivingLicence(
  rng: Rng,
  holder: Holder,
  condition: Condition,
): SyntheticDocument<'driving_licence'> {
  const { identity, today } = holder;
  const { issue, expiry } = licenceDates(rng, identity.birthDate, today, condition === 'expired');
  const number = `${rng.chars(digits, 5)}/${issue.slice(2, 4)}/${rng.chars(digits, 4)}`;
  return makeDocument('driving_licence', condition, expiry, today, {
    given_names: identity.givenNames,
    family_name: identity.familyName,
    photo: holder.photo,
    birth_date: identity.birthDate,
    document_number: number,
    categories: drawCategories(rng, holder),
    issue_date: issue,
    expiry_date: expiry,
    issuing_authority: drivingLicenceAuthority(identity.home),
  });
}
