/**
 * Fixed profiles for the first persons of every synthetic register, so that dev mode's login
 * picker (`sample()`, which lists persons from index 0) is useful whatever the seed:
 *
 * - 0–4: adults with a valid ID card, a valid driving licence and an insured car (demos work);
 * - 5: a minor (13–16) with a school ID;        - 6: an adult whose ID card is revoked;
 * - 7: an adult whose ID card is suspended;     - 8: a pensioner (68–82);
 * - 9: a student (20–24);                       - 10: an adult whose ID card has expired;
 * - 11: a driver whose car's OC insurance has expired;
 * - 12: a driver whose licence is suspended;    - 13: a parent with a Large Family Card.
 *
 * Names, dates and numbers still come from the seed; only ages, sex and the listed documents'
 * conditions are fixed. From index 14 on everyone is drawn at random.
 */
import type { DocumentType } from '../../../contracts/index.js';
import type { Condition } from './document-plan.js';
import type { Sex } from './names.js';

/** A fixed profile for one of the first persons. */
export interface SampleProfile {
  /** What the person is there to show, for readers of tests and demos. */
  label: string;
  /** Youngest and oldest age, in full years on the register's `today`. */
  age: readonly [number, number];
  sex: Sex;
  /** Conditions forced onto the drawn plan; null removes a document. */
  documents: Partial<Record<DocumentType, Condition | null>>;
  /** Children, when the profile needs a number. */
  children?: number;
}

const driver = {
  id_card: 'valid',
  driving_licence: 'valid',
  vehicle_registration: 'valid',
  vehicle_insurance: 'valid',
} as const satisfies SampleProfile['documents'];

/** Profiles of persons 0, 1, 2, … in order. */
export const sampleProfiles: readonly SampleProfile[] = [
  { label: 'driver with a car', age: [28, 45], sex: 'M', documents: driver },
  { label: 'driver with a car', age: [30, 50], sex: 'F', documents: driver },
  { label: 'driver with a car', age: [35, 58], sex: 'M', documents: driver },
  { label: 'driver with a car', age: [25, 40], sex: 'F', documents: driver },
  { label: 'driver with a car', age: [45, 59], sex: 'F', documents: driver },
  { label: 'minor', age: [13, 16], sex: 'F', documents: { id_card: 'valid', school_id: 'valid' } },
  { label: 'revoked ID card', age: [30, 55], sex: 'M', documents: { id_card: 'revoked' } },
  { label: 'suspended ID card', age: [25, 50], sex: 'F', documents: { id_card: 'suspended' } },
  {
    label: 'pensioner',
    age: [68, 82],
    sex: 'M',
    documents: { id_card: 'valid', pensioner_id: 'valid' },
  },
  {
    label: 'student',
    age: [20, 24],
    sex: 'F',
    documents: { id_card: 'valid', student_id: 'valid' },
  },
  { label: 'expired ID card', age: [35, 60], sex: 'M', documents: { id_card: 'expired' } },
  {
    label: 'uninsured car',
    age: [30, 50],
    sex: 'F',
    documents: { ...driver, vehicle_insurance: 'expired' },
  },
  {
    label: 'suspended driving licence',
    age: [40, 58],
    sex: 'M',
    documents: { ...driver, driving_licence: 'suspended' },
  },
  {
    label: 'large family',
    age: [35, 50],
    sex: 'F',
    documents: { id_card: 'valid', large_family_card: 'valid' },
    children: 4,
  },
];
