/**
 * Creates the record store's collections, validators and indexes, idempotently: every hub node
 * runs it at start, any number at once. A missing collection is created with its validator; an
 * existing one gets the current validator through `collMod` (so a newer hub tightens an older
 * database); `createIndexes` is a no-op for indexes that exist as specified and fails loudly for
 * an index of the same name with other options, which the operator must resolve. Needs the
 * `dbAdmin` and `readWrite` roles on the database.
 */
import type { Db } from 'mongodb';
import { collectionNames, indexSpecs } from './mongo-collections.js';
import type { CollectionName } from './mongo-collections.js';
import { NAMESPACE_EXISTS, hasCode } from './mongo-errors.js';
import { validators } from './mongo-validators.js';

/** How the validators are applied: every write checked, an invalid one refused. */
export const VALIDATION = { validationLevel: 'strict', validationAction: 'error' } as const;

/** Brings `db` to the record store's schema. */
export async function ensureMongoRecordSchema(db: Db): Promise<void> {
  const existing = new Set(
    (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name),
  );
  for (const name of Object.values(collectionNames) as CollectionName[]) {
    const validator = { $jsonSchema: validators[name] };
    let created = false;
    if (!existing.has(name)) {
      try {
        await db.createCollection(name, { validator, ...VALIDATION });
        created = true;
      } catch (error) {
        // Another node created it between our listing and now: update it like an existing one.
        if (!hasCode(error, NAMESPACE_EXISTS)) throw error;
      }
    }
    if (!created) await db.command({ collMod: name, validator, ...VALIDATION });
    const indexes = indexSpecs[name];
    if (indexes.length > 0) await db.collection(name).createIndexes(indexes);
  }
}
