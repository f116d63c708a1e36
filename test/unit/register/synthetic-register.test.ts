/**
 * The synthetic register as an adapter: the register contract suite, determinism, the fixed
 * sample profiles dev mode relies on, lookups and option checks (PRODUCT §5, §8, D2).
 */
import { describe, expect, it } from 'vitest';
import { createSyntheticRegister } from '../../../adapters/registers/index.js';
import type { SyntheticPerson } from '../../../adapters/registers/index.js';
import { describeRegisterAdapter } from './register.contract.js';

const today = '2025-06-15';

describeRegisterAdapter('synthetic', () => createSyntheticRegister({ size: 200, today }));

describe('synthetic register: determinism [§5]', () => {
  it('[§5] the same seed, size and today give byte-identical persons', () => {
    const a = createSyntheticRegister({ seed: 'alpha', size: 1000, today });
    const b = createSyntheticRegister({ seed: 'alpha', size: 1000, today });
    for (const index of [0, 1, 5, 17, 123, 500, 999]) {
      expect(b.person(index)).toEqual(a.person(index));
      expect(JSON.stringify(b.person(index))).toBe(JSON.stringify(a.person(index)));
    }
  });

  it('[§5] the default seed is mdok and the default size 1000', () => {
    const register = createSyntheticRegister({ today });
    expect(register.seed).toBe('mdok');
    expect(register.size).toBe(1000);
    expect(register.person(42)).toEqual(
      createSyntheticRegister({ seed: 'mdok', today }).person(42),
    );
  });

  it('[§5] a different seed gives different people', () => {
    const a = createSyntheticRegister({ seed: 1, size: 50, today });
    const b = createSyntheticRegister({ seed: 2, size: 50, today });
    const differing = [...a.people()].filter((p, i) => p.pesel !== b.person(i).pesel);
    expect(differing.length).toBeGreaterThan(45);
    expect(a.person(20).fullName).not.toBe(b.person(20).fullName);
  });

  it('[§5] person i does not depend on the size of the register', () => {
    const small = createSyntheticRegister({ size: 100, today });
    const large = createSyntheticRegister({ size: 3000, today });
    for (const index of [0, 13, 99]) expect(large.person(index)).toEqual(small.person(index));
  });

  it('[§5] people() yields every person in index order', () => {
    const register = createSyntheticRegister({ size: 30, today });
    const people = [...register.people()];
    expect(people).toHaveLength(30);
    expect(people.map((p) => p.index)).toEqual([...Array(30).keys()]);
    expect(people[7]).toEqual(register.person(7));
  });
});

describe('synthetic register: sample() for dev mode [§8]', () => {
  const register = createSyntheticRegister({ size: 1000, today });

  it('[§8] the first five are adults with a valid ID card, licence and insured car', async () => {
    const sample = await register.sample(5);
    for (const [index, entry] of sample.entries()) {
      const person = register.person(index);
      expect(entry.pesel).toBe(person.pesel);
      expect(person.age).toBeGreaterThanOrEqual(18);
      const { id_card, driving_licence, vehicle_registration, vehicle_insurance } =
        person.documents;
      expect(id_card.status).toBe('valid');
      expect(driving_licence?.status).toBe('valid');
      expect(vehicle_registration?.status).toBe('valid');
      expect(vehicle_insurance?.status).toBe('valid');
    }
  });

  it('[§8] the next ones show a minor and ID cards revoked, suspended and expired', () => {
    const profile = (index: number): SyntheticPerson => register.person(index);
    expect(profile(5).age).toBeLessThan(18);
    expect(profile(5).documents.school_id?.status).toBe('valid');
    expect(profile(6).documents.id_card.status).toBe('revoked');
    expect(profile(7).documents.id_card.status).toBe('suspended');
    expect(profile(8).documents.pensioner_id?.status).toBe('valid');
    expect(profile(9).documents.student_id?.status).toBe('valid');
    expect(profile(10).documents.id_card.status).toBe('expired');
    expect(profile(11).documents.vehicle_insurance?.status).toBe('expired');
    expect(profile(12).documents.driving_licence?.status).toBe('suspended');
    expect(profile(13).documents.large_family_card?.status).toBe('valid');
  });

  it('[§8] the profiles hold for any seed', () => {
    for (const seed of ['x', 'y', 7]) {
      const other = createSyntheticRegister({ seed, size: 20, today });
      expect(other.person(0).documents.vehicle_insurance?.status).toBe('valid');
      expect(other.person(5).age).toBeLessThan(18);
      expect(other.person(6).documents.id_card.status).toBe('revoked');
    }
  });

  it('[§8] sample() is clamped to the register size', async () => {
    const tiny = createSyntheticRegister({ size: 3, today });
    expect(await tiny.sample(10)).toHaveLength(3);
    expect(await tiny.sample(-1)).toEqual([]);
  });
});

describe('synthetic register: lookups and reads [§5, D2]', () => {
  const register = createSyntheticRegister({ size: 500, today });

  it('[§5] findPerson finds anyone by PESEL or by phone, in any common phone notation', async () => {
    const person = register.person(321);
    const expected = {
      pesel: person.pesel,
      phone: person.phone,
      givenNames: person.givenNames,
      familyName: person.familyName,
    };
    expect(await register.findPerson({ pesel: person.pesel })).toEqual(expected);
    expect(await register.findPerson({ phone: person.phone })).toEqual(expected);
    const national = person.phone.slice(3);
    const spaced = `${national.slice(0, 3)} ${national.slice(3, 6)} ${national.slice(6)}`;
    expect(await register.findPerson({ phone: spaced })).toEqual(expected);
  });

  it('[D2] readDocuments cuts each asked document to the asked claims', async () => {
    const driver = register.person(0);
    const answer = await register.readDocuments(driver.pesel, [
      { type: 'driving_licence', claims: ['categories', 'expiry_date', 'age_over_18'] },
      { type: 'vehicle_insurance', claims: ['registration_number', 'document_valid'] },
      { type: 'school_id', claims: ['school_name'] },
    ]);
    expect(answer).toEqual([
      {
        type: 'driving_licence',
        status: 'valid',
        claims: {
          categories: driver.documents.driving_licence?.claims.categories,
          expiry_date: driver.documents.driving_licence?.claims.expiry_date,
        },
      },
      {
        type: 'vehicle_insurance',
        status: 'valid',
        claims: {
          registration_number: driver.documents.vehicle_insurance?.claims.registration_number,
        },
      },
    ]);
  });

  it('[D2] values handed out are copies the caller cannot change', async () => {
    const driver = register.person(0);
    const ask = [{ type: 'driving_licence' as const, claims: ['categories' as const] }];
    const [first] = await register.readDocuments(driver.pesel, ask);
    (first!.claims.categories as string[]).push('Z');
    const [second] = await register.readDocuments(driver.pesel, ask);
    expect(second!.claims.categories).toEqual(driver.documents.driving_licence?.claims.categories);
  });

  it('[§5] readDocuments reports the status as of today', async () => {
    const revoked = register.person(6);
    const expired = register.person(10);
    const [a] = await register.readDocuments(revoked.pesel, [{ type: 'id_card', claims: [] }]);
    const [b] = await register.readDocuments(expired.pesel, [
      { type: 'id_card', claims: ['expiry_date'] },
    ]);
    expect(a!.status).toBe('revoked');
    expect(b!.status).toBe('expired');
    expect(String(b!.claims.expiry_date) < today).toBe(true);
  });

  it('[§5] find() picks people by any property', () => {
    const minor = register.find((p) => p.age < 18);
    const withCar = register.find((p) => p.documents.vehicle_registration !== undefined);
    const revoked = register.find((p) => p.documents.id_card.status === 'revoked');
    expect(minor?.age).toBeLessThan(18);
    expect(withCar?.documents.vehicle_insurance).toBeDefined();
    expect(revoked?.documents.id_card.recordedStatus).toBe('revoked');
    expect(register.find(() => false)).toBeUndefined();
  });
});

describe('synthetic register: options', () => {
  it('rejects a bad size or date', () => {
    expect(() => createSyntheticRegister({ size: -1 })).toThrow(RangeError);
    expect(() => createSyntheticRegister({ size: 1.5 })).toThrow(RangeError);
    expect(() => createSyntheticRegister({ size: 2_000_000 })).toThrow(RangeError);
    expect(() => createSyntheticRegister({ today: '2025-02-30' })).toThrow(RangeError);
    expect(() => createSyntheticRegister({ today: '15.06.2025' })).toThrow(RangeError);
  });

  it('rejects persons outside the register', () => {
    const register = createSyntheticRegister({ size: 10, today });
    expect(() => register.person(10)).toThrow(RangeError);
    expect(() => register.person(-1)).toThrow(RangeError);
    expect(() => register.person(0.5)).toThrow(RangeError);
  });

  it('defaults today to the current UTC date', () => {
    const before = new Date().toISOString().slice(0, 10);
    const register = createSyntheticRegister({ size: 1 });
    const after = new Date().toISOString().slice(0, 10);
    expect([before, after]).toContain(register.today);
  });

  it('an empty register answers nothing', async () => {
    const register = createSyntheticRegister({ size: 0, today });
    expect(await register.sample(5)).toEqual([]);
    expect([...register.people()]).toEqual([]);
  });
});
