/**
 * A synthetic citizen's car: its registration certificate (CEPiK) and its OC insurance policy
 * (UFG), made together so that both name the same registration number, VIN and owner. Cars are
 * up to twenty years old; the roadworthiness test runs three years from first registration and
 * then yearly; an OC policy runs one year.
 */
import { addDays, addYears, dayBetween } from './dates.js';
import type { Condition } from './document-plan.js';
import { makeDocument } from './document-status.js';
import type { Holder } from './holder.js';
import type { Rng } from './prng.js';
import type { SyntheticDocument } from './synthetic-person.js';
import { drawCar, drawInsurance, drawRegistrationNumber } from './vehicles.js';

const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const digits = '0123456789';

/** The registration certificate and the insurance policy of one car. */
export interface VehicleDocuments {
  registration: SyntheticDocument<'vehicle_registration'>;
  insurance: SyntheticDocument<'vehicle_insurance'>;
}

/** The car's documents, the registration and the policy in the given conditions. */
export function makeVehicleDocuments(
  rng: Rng,
  holder: Holder,
  conditions: { registration: Condition; insurance: Condition },
): VehicleDocuments {
  const { identity, today } = holder;
  const ownerName = `${identity.givenNames} ${identity.familyName}`;
  const lastYear = Number(today.slice(0, 4)) - 1;
  const productionYear = rng.int(lastYear - 19, lastYear);
  const car = drawCar(rng, productionYear);
  const registrationNumber = drawRegistrationNumber(rng, identity.home);
  const firstRegistered = `${productionYear}-01-15`;
  const latest = addDays(firstRegistered, 400);
  const firstRegistration = dayBetween(rng.int, firstRegistered, latest < today ? latest : today);
  const newCarTest = addYears(firstRegistration, 3);
  let inspection: string;
  if (newCarTest >= today) inspection = newCarTest;
  else if (rng.chance(0.05)) inspection = addDays(today, -rng.int(1, 90));
  else inspection = addDays(today, rng.int(20, 365));

  const registration = makeDocument('vehicle_registration', conditions.registration, null, today, {
    owner_name: ownerName,
    registration_number: registrationNumber,
    vin: car.vin,
    make: car.make,
    model: car.model,
    production_year: productionYear,
    first_registration_date: firstRegistration,
    document_number: `DR/${rng.chars(letters, 3)} ${rng.chars(digits, 7)}`,
    inspection_valid_until: inspection,
  });

  let validFrom: string;
  let validUntil: string;
  if (conditions.insurance === 'expired') {
    validUntil = addDays(today, -rng.int(1, 200));
    validFrom = addDays(addYears(validUntil, -1), 1);
  } else {
    validFrom = addDays(today, -rng.int(0, 364));
    validUntil = addDays(addYears(validFrom, 1), -1);
  }
  const { insurer, policyNumber } = drawInsurance(rng);
  const insurance = makeDocument('vehicle_insurance', conditions.insurance, validUntil, today, {
    holder_name: ownerName,
    policy_number: policyNumber,
    insurer,
    registration_number: registrationNumber,
    vin: car.vin,
    valid_from: validFrom,
    valid_until: validUntil,
  });
  return { registration, insurance };
}
