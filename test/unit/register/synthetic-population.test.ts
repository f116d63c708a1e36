/**
 * The synthetic population itself (PRODUCT §5): valid and unique identifiers, documents that
 * agree with each other and with the person, every status turning up, exactly the contract's
 * claims on each document, and plausible Polish data.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  claimsByDocument,
  derivedClaims,
  isValidPesel,
  peselBirthDate,
} from '../../../contracts/index.js';
import type { DocumentType } from '../../../contracts/index.js';
import { createSyntheticRegister, isValidIdCardNumber } from '../../../adapters/registers/index.js';
import type { SyntheticDocument, SyntheticPerson } from '../../../adapters/registers/index.js';
import { addDays, addYears, ageOn } from '../../../adapters/registers/synthetic/dates.js';

const today = '2025-06-15';
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

let people: SyntheticPerson[];
beforeAll(() => {
  people = [...createSyntheticRegister({ size: 5000, today }).people()];
});

/** Every document of every person. */
function allDocuments(): SyntheticDocument[] {
  return people.flatMap((person) => Object.values(person.documents) as SyntheticDocument[]);
}

describe('synthetic population: identifiers [§5]', () => {
  it('[§5] every PESEL is valid and encodes the birth date and sex', () => {
    for (const person of people) {
      expect(isValidPesel(person.pesel), person.pesel).toBe(true);
      expect(peselBirthDate(person.pesel)).toBe(person.birthDate);
      const sexDigit = Number(person.pesel.charAt(9));
      expect(sexDigit % 2 === 0 ? 'F' : 'M').toBe(person.sex);
    }
  });

  it('[§5] PESELs and phone numbers are unique over 5000 persons', () => {
    expect(new Set(people.map((p) => p.pesel)).size).toBe(people.length);
    expect(new Set(people.map((p) => p.phone)).size).toBe(people.length);
  });

  it('[§5] phone numbers are Polish mobiles: +48 and nine digits starting 5–8', () => {
    for (const person of people) expect(person.phone).toMatch(/^\+48[5-8]\d{8}$/);
  });

  it('[§5] every ID card number passes the check-digit validation and is unique', () => {
    const numbers = people.map((p) => String(p.documents.id_card.claims.document_number));
    for (const number of numbers) expect(isValidIdCardNumber(number), number).toBe(true);
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it('[§5] PESELs and phones stay unique past 5000, where PESEL collisions are redrawn', async () => {
    // With this seed four first draws collide, so the redraw path is taken.
    const register = createSyntheticRegister({ seed: 'big', size: 50_000, today });
    const everyone = await register.sample(register.size);
    expect(new Set(everyone.map((p) => p.pesel)).size).toBe(50_000);
    expect(new Set(everyone.map((p) => p.phone)).size).toBe(50_000);
    for (const person of everyone.slice(-100)) expect(isValidPesel(person.pesel)).toBe(true);
  });
});

describe('synthetic population: claims [§5, D2]', () => {
  it('[D2] each document has exactly its type’s source claims, never a derived one', () => {
    for (const document of allDocuments()) {
      const expected = (claimsByDocument[document.type] as readonly string[]).filter(
        (claim) => !(derivedClaims as readonly string[]).includes(claim),
      );
      expect(Object.keys(document.claims).sort()).toEqual([...expected].sort());
    }
  });

  it('[§5] claim values have the contract’s shapes', () => {
    const dateClaims = new Set([
      'birth_date',
      'issue_date',
      'expiry_date',
      'first_registration_date',
      'inspection_valid_until',
      'valid_from',
      'valid_until',
    ]);
    for (const document of allDocuments().slice(0, 6000)) {
      for (const [claim, value] of Object.entries(document.claims)) {
        if (dateClaims.has(claim)) expect(value, claim).toMatch(isoDate);
        else if (claim === 'categories') expect(Array.isArray(value)).toBe(true);
        else if (claim === 'production_year') expect(typeof value).toBe('number');
        else expect(typeof value, claim).toBe('string');
      }
    }
  });

  it('[§5] the ID card agrees with the person', () => {
    for (const person of people) {
      const claims = person.documents.id_card.claims;
      expect(claims.pesel).toBe(person.pesel);
      expect(claims.birth_date).toBe(person.birthDate);
      expect(claims.given_names).toBe(person.givenNames);
      expect(claims.family_name).toBe(person.familyName);
      expect(claims.sex).toBe(person.sex);
      expect(claims.nationality).toBe('POL');
      expect(claims.birth_place).toBe(person.birthPlace);
      expect(claims.photo).toBe(person.photo);
      expect(claims.issuing_authority).toMatch(/^(Prezydent|Burmistrz) Miasta \p{Lu}/u);
    }
  });

  it('[§5] an ID card runs ten years, or six when issued before the 12th birthday', () => {
    for (const person of people) {
      const { issue_date: issue, expiry_date: expiry } = person.documents.id_card.claims;
      const years = ageOn(person.birthDate, String(issue)) < 12 ? 6 : 10;
      expect(issue > person.birthDate).toBe(true);
      expect(expiry).toBe(addYears(String(issue), years));
    }
  });
});

describe('synthetic population: consistency [§5]', () => {
  it('[§5] registration and insurance describe the same car, owned by the person', () => {
    let cars = 0;
    for (const person of people) {
      const registration = person.documents.vehicle_registration;
      const insurance = person.documents.vehicle_insurance;
      expect(registration === undefined).toBe(insurance === undefined);
      if (registration === undefined || insurance === undefined) continue;
      cars++;
      expect(person.age).toBeGreaterThanOrEqual(18);
      expect(insurance.claims.registration_number).toBe(registration.claims.registration_number);
      expect(insurance.claims.vin).toBe(registration.claims.vin);
      expect(registration.claims.owner_name).toBe(person.fullName);
      expect(insurance.claims.holder_name).toBe(person.fullName);
      expect(registration.claims.vin).toMatch(/^[A-HJ-NPR-Z0-9]{17}$/);
      expect(registration.claims.registration_number).toMatch(/^[A-Z]{2,3} [0-9A-Z]{4,5}$/);
      const firstRegistration = String(registration.claims.first_registration_date);
      expect(Number(firstRegistration.slice(0, 4))).toBeGreaterThanOrEqual(
        Number(registration.claims.production_year),
      );
      expect(firstRegistration <= today).toBe(true);
      expect(insurance.claims.valid_until).toBe(
        addDays(addYears(String(insurance.claims.valid_from), 1), -1),
      );
    }
    expect(cars).toBeGreaterThan(people.length / 5);
  });

  it('[§5] driving licences: issued at 18 or later, valid fifteen years, category B', () => {
    for (const person of people) {
      const licence = person.documents.driving_licence;
      if (person.age < 18) expect(licence).toBeUndefined();
      if (licence === undefined) continue;
      const issue = String(licence.claims.issue_date);
      expect(ageOn(person.birthDate, issue)).toBeGreaterThanOrEqual(18);
      expect(issue <= today).toBe(true);
      expect(licence.claims.expiry_date).toBe(addYears(issue, 15));
      expect(licence.claims.categories).toContain('B');
      expect(licence.claims.issuing_authority).toMatch(/^(Prezydent Miasta|Starosta Powiatu) /);
    }
    const starosta = people.filter((p) =>
      String(p.documents.driving_licence?.claims.issuing_authority).startsWith('Starosta'),
    );
    expect(starosta.length).toBeGreaterThan(100);
  });

  it('[§5] school IDs are for and only for minors from 7; student IDs for 19–26', () => {
    for (const person of people) {
      const minor = person.age >= 7 && person.age < 18;
      expect(person.documents.school_id !== undefined).toBe(minor);
      if (person.documents.student_id !== undefined) {
        expect(person.age).toBeGreaterThanOrEqual(19);
        expect(person.age).toBeLessThanOrEqual(26);
      }
    }
  });

  it('[§5] large family cards go to parents of three or more, and to some minors', () => {
    const holders = people.filter((p) => p.documents.large_family_card !== undefined);
    expect(holders.length).toBeGreaterThan(50);
    for (const holder of holders.filter((p) => p.age >= 18)) {
      expect(holder.children).toBeGreaterThanOrEqual(3);
    }
  });

  it('[§5] pensioner IDs come from ZUS or KRUS and mostly to people of pension age', () => {
    const pensioners = people.filter((p) => p.documents.pensioner_id !== undefined);
    for (const pensioner of pensioners) {
      expect(pensioner.documents.pensioner_id?.claims.issuing_authority).toMatch(/^(ZUS|KRUS) /);
    }
    const senior = pensioners.filter((p) => p.age >= 60);
    expect(senior.length / pensioners.length).toBeGreaterThan(0.8);
    const sixtyFivePlus = people.filter((p) => p.age >= 65);
    const covered = sixtyFivePlus.filter((p) => p.documents.pensioner_id !== undefined);
    expect(covered.length / sixtyFivePlus.length).toBeGreaterThan(0.8);
  });

  it('[§5] ages run from schoolchildren to old age, with minors and pensioners', () => {
    const ages = people.map((p) => p.age);
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(7);
    expect(Math.max(...ages)).toBeLessThanOrEqual(96);
    expect(ages.filter((age) => age < 18).length / ages.length).toBeGreaterThan(0.08);
    expect(ages.filter((age) => age >= 60).length / ages.length).toBeGreaterThan(0.15);
  });

  it('[§5] family names take the feminine form for women', () => {
    for (const person of people) {
      if (person.sex === 'F') expect(person.familyName).not.toMatch(/(ki|y)$/);
      else expect(person.familyName).not.toMatch(/(ska|cka|dzka)$/);
    }
    expect(people.some((p) => p.familyName.endsWith('ska'))).toBe(true);
  });

  it('[§5] statuses follow from recorded status and expiry date on today', () => {
    for (const document of allDocuments()) {
      const claims = document.claims as Record<string, unknown>;
      const expiry = claims.expiry_date ?? claims.valid_until;
      if (document.recordedStatus !== 'valid') {
        expect(document.status).toBe(document.recordedStatus);
      } else if (typeof expiry === 'string') {
        expect(document.status).toBe(expiry < today ? 'expired' : 'valid');
      } else {
        expect(document.status).toBe('valid');
      }
    }
  });
});

describe('synthetic population: statuses [§5]', () => {
  it('[§5] a 2000-person register has expired, suspended and revoked ID cards', () => {
    const statuses = people.slice(0, 2000).map((p) => p.documents.id_card.status);
    for (const status of ['valid', 'expired', 'suspended', 'revoked'] as const) {
      expect(statuses, status).toContain(status);
    }
    expect(statuses.filter((s) => s === 'valid').length / statuses.length).toBeGreaterThan(0.8);
  });

  it('[§5] other document types show non-valid statuses too', () => {
    const seen = new Map<DocumentType, Set<string>>();
    for (const document of allDocuments().slice(0, 8000)) {
      seen.set(document.type, (seen.get(document.type) ?? new Set()).add(document.status));
    }
    expect(seen.get('driving_licence')).toEqual(
      new Set(['valid', 'expired', 'suspended', 'revoked']),
    );
    expect(seen.get('vehicle_insurance')).toContain('expired');
    expect(seen.get('student_id')).toContain('expired');
  });
});

describe('synthetic population: portraits [§5]', () => {
  it('[§5] every photo is a self-contained SVG data URI of 1–3 KB', () => {
    for (const person of people.slice(0, 500)) {
      expect(person.photo).toMatch(/^data:image\/svg\+xml;base64,[A-Za-z0-9+/]+=*$/);
      expect(person.photo.length).toBeGreaterThan(1000);
      expect(person.photo.length).toBeLessThan(3000);
      const svg = Buffer.from(person.photo.split(',')[1]!, 'base64').toString('utf8');
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>.*<\/svg>$/);
      expect(svg.replace('http://www.w3.org/2000/svg', '')).not.toMatch(/href|url\(|https?:/);
    }
  });

  it('[§5] portraits differ between people and every photo document shows the same one', () => {
    const photos = new Set(people.slice(0, 200).map((p) => p.photo));
    expect(photos.size).toBeGreaterThan(190);
    for (const person of people.slice(0, 200)) {
      for (const document of Object.values(person.documents) as SyntheticDocument[]) {
        const claims = document.claims as Record<string, unknown>;
        if ('photo' in claims) expect(claims.photo).toBe(person.photo);
      }
    }
  });
});
