/**
 * Cars for synthetic citizens: make and model, a 17-character VIN (ISO 3779: no I, O or Q, the
 * maker's WMI in front, the model-year code in position 10), a registration number in the Polish
 * pattern of the owner's county ("KR 4F7X2", "KWI 12AC"), and the OC insurer with its policy
 * number. The registration and the insurance of a person describe the same car.
 */
import type { Rng } from './prng.js';
import type { Place } from './places.js';
import { lines } from './words.js';

/** A make with its manufacturer code and models. */
interface Make {
  name: string;
  wmi: string;
  models: readonly string[];
}

/** make | WMI | models, comma separated. */
const makes: readonly Make[] = lines(`
  Toyota|JTD|Corolla,Yaris,Auris,RAV4,C-HR
  Škoda|TMB|Octavia,Fabia,Superb,Kodiaq,Karoq,Scala
  Volkswagen|WVW|Golf,Passat,Polo,Tiguan,Touran
  Opel|W0L|Astra,Corsa,Insignia,Zafira
  Ford|WF0|Focus,Fiesta,Mondeo,Kuga
  Renault|VF1|Clio,Megane,Captur
  Kia|U5Y|Ceed,Sportage,Picanto
  Hyundai|TMA|i30,Tucson,i20
  Fiat|ZFA|Panda,Tipo,500,Punto
  Dacia|UU1|Duster,Sandero,Logan
  Audi|WAU|A3,A4,A6,Q5
  BMW|WBA|Seria 3,Seria 5,X3
  Mercedes-Benz|WDD|Klasa A,Klasa C,Klasa E
  Peugeot|VF3|208,308,3008
  Citroën|VF7|C3,C4,Berlingo
  Seat|VSS|Leon,Ibiza
  Mazda|JMZ|3,6,CX-5
  Volvo|YV1|XC60,V60
`).map((row) => {
  const [name = '', wmi = '', models = ''] = row.split('|');
  return { name, wmi, models: models.split(',') };
});

/** VIN characters: digits and capitals without I, O and Q. */
const vinAlphabet = '0123456789ABCDEFGHJKLMNPRSTUVWXYZ';
/** Model-year codes, a 30-year cycle starting at 1980 = A (no I, O, Q, U, Z, 0). */
const modelYearCodes = 'ABCDEFGHJKLMNPRSTVWXY123456789';
/** Letters Polish plates use after the county prefix (no B, D, I, O, Z, which look like digits). */
const plateLetters = 'ACEFGHJKLMNPRSTUVWXY';
const digits = '0123456789';

/** A drawn car. */
export interface Car {
  make: string;
  model: string;
  vin: string;
}

/** A make, model and a VIN matching the make and the production year. */
export function drawCar(rng: Rng, productionYear: number): Car {
  const make = rng.pick(makes);
  const model = rng.pick(make.models);
  const yearCode = modelYearCodes.charAt((((productionYear - 1980) % 30) + 30) % 30);
  const vin =
    make.wmi +
    rng.chars(vinAlphabet, 6) +
    yearCode +
    rng.chars(vinAlphabet, 1) +
    rng.chars(digits, 6);
  return { make: make.name, model: model, vin };
}

/**
 * A registration number of the owner's county: the prefix, a space, and five characters after a
 * two-letter prefix or four or five after a three-letter one, digits first as on real plates.
 */
export function drawRegistrationNumber(rng: Rng, place: Place): string {
  const short = place.plate.length === 2;
  const d = (n: number): string => rng.chars(digits, n);
  const l = (n: number): string => rng.chars(plateLetters, n);
  const patterns: readonly (() => string)[] = short
    ? [
        () => d(5),
        () => d(4) + l(1),
        () => d(3) + l(2),
        () => d(1) + l(1) + d(3),
        () => d(1) + l(2) + d(2),
      ]
    : [
        () => d(5),
        () => d(4) + l(1),
        () => d(3) + l(2),
        () => d(1) + l(1) + d(2),
        () => d(2) + l(2),
      ];
  return `${place.plate} ${rng.pick(patterns)()}`;
}

/** OC insurers: name | policy number prefix. */
const insurers = lines(`
  PZU SA|PZU
  TUiR Warta SA|WAR
  STU Ergo Hestia SA|EH
  TUiR Allianz Polska SA|ALL
  Generali TU SA|GEN
  Link4 TU SA|L4
  UNIQA TU SA|UNQ
  Compensa TU SA|CMP
  InterRisk TU SA|IR
  Wiener TU SA|WNR
`).map((row) => {
  const [name = '', prefix = ''] = row.split('|');
  return { name, prefix };
});

/** An OC insurer and a policy number in its style. */
export function drawInsurance(rng: Rng): { insurer: string; policyNumber: string } {
  const insurer = rng.pick(insurers);
  return { insurer: insurer.name, policyNumber: `${insurer.prefix}${rng.chars(digits, 10)}` };
}
