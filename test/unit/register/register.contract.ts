/**
 * The contract suite of `RegisterAdapter` (PRODUCT §5, D2): what any register adapter must do,
 * whatever stands behind it. Each implementation's test file calls `describeRegisterAdapter`
 * with a factory; the suite only uses the interface, finding its subjects through `sample()`.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  claimsByDocument,
  derivedClaims,
  documentTypes,
  isValidPesel,
  peselCheckDigit,
} from '../../../contracts/index.js';
import type { Claim } from '../../../contracts/index.js';
import type { RegisterAdapter } from '../../../adapters/registers/index.js';

/** A valid PESEL of someone born in 1850, whom no register of the living holds. */
const nobodysPesel = `508201${'1234'}`;
const unknownPesel = nobodysPesel + String(peselCheckDigit(nobodysPesel));

/** Runs the register adapter contract against adapters made by `makeAdapter`. */
export function describeRegisterAdapter(
  name: string,
  makeAdapter: () => RegisterAdapter | Promise<RegisterAdapter>,
): void {
  describe(`RegisterAdapter contract: ${name}`, () => {
    let adapter: RegisterAdapter;
    beforeEach(async () => {
      adapter = await makeAdapter();
    });

    it('[§8] sample() is stable across calls and honours the limit', async () => {
      const first = await adapter.sample(5);
      expect(first).toHaveLength(5);
      expect(await adapter.sample(5)).toEqual(first);
      expect((await adapter.sample(3)).map((p) => p.pesel)).toEqual(
        first.slice(0, 3).map((p) => p.pesel),
      );
      expect(await adapter.sample(0)).toEqual([]);
    });

    it('[§5] sampled persons have a valid PESEL, an E.164 phone and names', async () => {
      for (const person of await adapter.sample(10)) {
        expect(isValidPesel(person.pesel)).toBe(true);
        expect(person.phone).toMatch(/^\+[1-9]\d{7,14}$/);
        expect(person.givenNames.length).toBeGreaterThan(0);
        expect(person.familyName.length).toBeGreaterThan(0);
        expect(Object.keys(person).sort()).toEqual(['familyName', 'givenNames', 'pesel', 'phone']);
      }
    });

    it('[§5] findPerson finds a person by PESEL and by phone', async () => {
      const [person] = await adapter.sample(1);
      expect(person).toBeDefined();
      expect(await adapter.findPerson({ pesel: person!.pesel })).toEqual(person);
      expect(await adapter.findPerson({ phone: person!.phone })).toEqual(person);
    });

    it('[§5] findPerson answers null for someone it does not hold', async () => {
      expect(await adapter.findPerson({ pesel: unknownPesel })).toBeNull();
      expect(await adapter.findPerson({ phone: '+15550000000' })).toBeNull();
    });

    it('[D2] readDocuments returns exactly the asked claims', async () => {
      const [person] = await adapter.sample(1);
      const asked: Claim[] = ['given_names', 'document_number', 'expiry_date'];
      const answer = await adapter.readDocuments(person!.pesel, [
        { type: 'id_card', claims: asked },
      ]);
      expect(answer).toHaveLength(1);
      expect(answer[0]!.type).toBe('id_card');
      expect(Object.keys(answer[0]!.claims).sort()).toEqual([...asked].sort());
      expect(answer[0]!.claims.given_names).toBe(person!.givenNames);
    });

    it('[D2] readDocuments never returns derived claims, even when asked', async () => {
      const [person] = await adapter.sample(1);
      const answer = await adapter.readDocuments(
        person!.pesel,
        documentTypes.map((type) => ({ type, claims: claimsByDocument[type] })),
      );
      expect(answer.length).toBeGreaterThan(0);
      for (const document of answer) {
        for (const derived of derivedClaims) expect(document.claims).not.toHaveProperty(derived);
      }
    });

    it('[D2] an empty claims ask returns only the status', async () => {
      const [person] = await adapter.sample(1);
      const answer = await adapter.readDocuments(person!.pesel, [{ type: 'id_card', claims: [] }]);
      expect(answer).toHaveLength(1);
      expect(answer[0]!.claims).toEqual({});
      expect(['valid', 'expired', 'suspended', 'revoked']).toContain(answer[0]!.status);
    });

    it('[§5] claims of another document type are not returned', async () => {
      const [person] = await adapter.sample(1);
      const answer = await adapter.readDocuments(person!.pesel, [
        { type: 'id_card', claims: ['categories', 'vin', 'pesel'] },
      ]);
      expect(Object.keys(answer[0]!.claims)).toEqual(['pesel']);
    });

    it('[§5] only held documents are answered, each with a known status', async () => {
      const [person] = await adapter.sample(1);
      const answer = await adapter.readDocuments(
        person!.pesel,
        documentTypes.map((type) => ({ type, claims: [] })),
      );
      const types = answer.map((document) => document.type);
      expect(new Set(types).size).toBe(types.length);
      for (const document of answer) {
        expect(['valid', 'expired', 'suspended', 'revoked']).toContain(document.status);
      }
    });

    it('[§5] readDocuments for an unknown PESEL is empty', async () => {
      expect(
        await adapter.readDocuments(unknownPesel, [{ type: 'id_card', claims: ['pesel'] }]),
      ).toEqual([]);
    });
  });
}
