/**
 * Which documents a synthetic citizen holds and in what condition, drawn from their age and sex
 * before any document data is made. Everyone has an ID card; adults mostly drive; about half of
 * the drivers own a car (registration and OC insurance); 19–26 year olds are often students;
 * minors from 7 have a school ID; parents of three or more may have a Large Family Card; women
 * from 60 and men from 65 are mostly pensioners. A few percent of each document are expired,
 * suspended or revoked, so every status turns up in a register of a couple of thousand.
 */
import type { DocumentType } from '../../../contracts/index.js';
import type { Sex } from './names.js';
import type { Rng } from './prng.js';

/** The condition a document is generated in; `expired` means its dates lie in the past. */
export type Condition = 'valid' | 'expired' | 'suspended' | 'revoked';

/** The documents a person holds (ID card always) and how many children they have. */
export interface DocumentPlan {
  children: number;
  documents: { id_card: Condition } & Partial<Record<DocumentType, Condition>>;
}

/** Odds of the non-valid conditions; the rest is `valid`. */
interface Odds {
  expired?: number;
  suspended?: number;
  revoked?: number;
}

/** A condition drawn with the given odds. */
function drawCondition(rng: Rng, odds: Odds): Condition {
  let r = rng.next();
  for (const condition of ['expired', 'suspended', 'revoked'] as const) {
    r -= odds[condition] ?? 0;
    if (r < 0) return condition;
  }
  return 'valid';
}

/** Number of children of an adult, about one in seven with three or more. */
function drawChildren(rng: Rng, age: number): number {
  if (age < 22) return 0;
  const r = rng.next();
  if (r < 0.32) return 0;
  if (r < 0.57) return 1;
  if (r < 0.85) return 2;
  if (r < 0.96) return 3;
  return rng.int(4, 6);
}

/** The documents a person of this age and sex holds, and their conditions. */
export function drawPlan(rng: Rng, age: number, sex: Sex): DocumentPlan {
  const children = drawChildren(rng, age);
  const documents: DocumentPlan['documents'] = {
    id_card: drawCondition(rng, { expired: 0.04, suspended: 0.03, revoked: 0.03 }),
  };
  const driverOdds = age < 18 ? 0 : age < 25 ? 0.55 : age < 70 ? 0.8 : 0.6;
  if (rng.chance(driverOdds)) {
    documents.driving_licence = drawCondition(rng, {
      expired: 0.03,
      suspended: 0.02,
      revoked: 0.01,
    });
    if (rng.chance(0.55)) {
      documents.vehicle_registration = drawCondition(rng, { suspended: 0.01, revoked: 0.01 });
      documents.vehicle_insurance = drawCondition(rng, { expired: 0.06, revoked: 0.01 });
    }
  }
  if (age >= 19 && age <= 26 && rng.chance(0.45)) {
    documents.student_id = drawCondition(rng, { expired: 0.06, revoked: 0.01 });
  }
  if (age >= 7 && age < 18) documents.school_id = drawCondition(rng, { expired: 0.03 });
  const largeFamily = age < 18 ? rng.chance(0.06) : children >= 3 && rng.chance(0.75);
  if (largeFamily)
    documents.large_family_card = drawCondition(rng, { expired: 0.04, revoked: 0.01 });
  const pensionAge = sex === 'F' ? 60 : 65;
  const pensioner = age >= pensionAge ? rng.chance(0.9) : age >= 30 && rng.chance(0.02);
  if (pensioner) documents.pensioner_id = drawCondition(rng, { expired: 0.02, suspended: 0.01 });
  return { children, documents };
}
