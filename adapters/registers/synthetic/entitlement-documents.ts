/**
 * The entitlement documents of a synthetic citizen: student ID (validated each semester until
 * 31 March or 31 October), school ID (stamped each school year until 30 September), Large Family
 * Card (a child's until their 18th birthday) and pensioner ID (from ZUS, or KRUS for farmers).
 */
import { addDays, addYears } from './dates.js';
import type { Condition } from './document-plan.js';
import { makeDocument } from './document-status.js';
import type { Holder } from './holder.js';
import { drawSchool, drawUniversity } from './institutions.js';
import { regionOf } from './places.js';
import type { Rng } from './prng.js';
import type { SyntheticDocument } from './synthetic-person.js';

const digits = '0123456789';

/** The semester deadline a student ID is validated until: the next one, or the last one past. */
function semesterDeadline(today: string, expired: boolean): string {
  const year = Number(today.slice(0, 4));
  const deadlines = [`${year - 1}-10-31`, `${year}-03-31`, `${year}-10-31`, `${year + 1}-03-31`];
  const next = deadlines.findIndex((deadline) => deadline >= today);
  return (expired ? deadlines[next - 1] : deadlines[next]) ?? `${year}-10-31`;
}

/** The student ID of a university student. */
export function makeStudentId(
  rng: Rng,
  holder: Holder,
  condition: Condition,
): SyntheticDocument<'student_id'> {
  const { identity, today } = holder;
  const expiry = semesterDeadline(today, condition === 'expired');
  return makeDocument('student_id', condition, expiry, today, {
    given_names: identity.givenNames,
    family_name: identity.familyName,
    photo: holder.photo,
    university: drawUniversity(rng),
    student_number: String(rng.int(100_000, 499_999)),
    expiry_date: expiry,
  });
}

/** The school ID of a pupil (7–17), from a school in their home town. */
export function makeSchoolId(
  rng: Rng,
  holder: Holder,
  condition: Condition,
): SyntheticDocument<'school_id'> {
  const { identity, today } = holder;
  const thisYear = Number(today.slice(0, 4));
  let expiryYear = today <= `${thisYear}-09-30` ? thisYear : thisYear + 1;
  if (condition === 'expired') expiryYear--;
  const expiry = `${expiryYear}-09-30`;
  return makeDocument('school_id', condition, expiry, today, {
    given_names: identity.givenNames,
    family_name: identity.familyName,
    photo: holder.photo,
    birth_date: identity.birthDate,
    school_name: drawSchool(rng, identity.age, identity.home),
    document_number: `${rng.int(1, 999)}/${expiryYear - 1}`,
    expiry_date: expiry,
  });
}

/** The Large Family Card of a parent of three or more, or of a child of such a family. */
export function makeLargeFamilyCard(
  rng: Rng,
  holder: Holder,
  condition: Condition,
): SyntheticDocument<'large_family_card'> {
  const { identity, today } = holder;
  let expiry: string;
  if (identity.age < 18) expiry = addYears(identity.birthDate, 18);
  else if (condition === 'expired') expiry = addDays(today, -rng.int(1, 500));
  else expiry = addDays(today, rng.int(180, 3650));
  return makeDocument('large_family_card', condition, expiry, today, {
    given_names: identity.givenNames,
    family_name: identity.familyName,
    photo: holder.photo,
    card_number: rng.chars(digits, 10),
    expiry_date: expiry,
  });
}

/** The pensioner ID, from ZUS or, for about one in eight (farmers), KRUS. */
export function makePensionerId(
  rng: Rng,
  holder: Holder,
  condition: Condition,
): SyntheticDocument<'pensioner_id'> {
  const { identity, today } = holder;
  const region = regionOf(identity.home);
  const farmer = rng.chance(0.12);
  const expiry =
    condition === 'expired' ? addDays(today, -rng.int(1, 400)) : addDays(today, rng.int(365, 3650));
  return makeDocument('pensioner_id', condition, expiry, today, {
    given_names: identity.givenNames,
    family_name: identity.familyName,
    photo: holder.photo,
    document_number: farmer ? `KRUS/${rng.chars(digits, 8)}` : `ZUS/${rng.chars(digits, 10)}`,
    issuing_authority: farmer
      ? `KRUS Oddział Regionalny w ${region.locative}`
      : `ZUS Oddział w ${region.locative}`,
    expiry_date: expiry,
  });
}
