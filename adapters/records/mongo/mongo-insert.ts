/**
 * Inserting a document under its natural key: the `_id` index refuses a second one, and the
 * refusal becomes the same "already exists" error the other record stores throw (ids are random,
 * so a clash is a bug and must be loud).
 */
import type { Collection, OptionalUnlessRequiredId } from 'mongodb';
import { duplicateKeyFields } from './mongo-errors.js';

/** Inserts `doc`; rejects with "`what` already exists" on a duplicate key. */
export async function insertNew<T extends { _id: unknown }>(
  collection: Collection<T>,
  doc: T,
  what: string,
): Promise<void> {
  try {
    await collection.insertOne(doc as OptionalUnlessRequiredId<T>);
  } catch (error) {
    const fields = duplicateKeyFields(error);
    if (fields === null) throw error;
    throw new Error(`${what} already exists (${fields.join(', ') || 'unique index'})`, {
      cause: error,
    });
  }
}
