/**
 * Verifier registrations in MongoDB (PRODUCT D3, A5): one document per verifier, `_id` = its id,
 * so a second insert under the same id is refused by the database itself. `list()` answers in
 * registration order (`createdAt`, then id), served by an index.
 */
import type { VerifierRepository } from '../record-store.js';
import type { MongoRecordContext } from './mongo-context.js';
import { fromVerifierDocument, toVerifierDocument } from './mongo-documents.js';
import { insertNew } from './mongo-insert.js';

/** The verifier repository of a MongoDB record store. */
export function createMongoVerifierRepository(context: MongoRecordContext): VerifierRepository {
  const { verifiers } = context.collections;
  const { assertOpen } = context;
  return {
    async insert(verifier) {
      assertOpen();
      await insertNew(verifiers, toVerifierDocument(verifier), `verifier ${verifier.id}`);
    },
    async get(id) {
      assertOpen();
      const doc = await verifiers.findOne({ _id: id });
      return doc === null ? null : fromVerifierDocument(doc);
    },
    async list() {
      assertOpen();
      const docs = await verifiers.find({}).sort({ createdAt: 1, _id: 1 }).toArray();
      return docs.map(fromVerifierDocument);
    },
    async update(verifier) {
      assertOpen();
      const doc = toVerifierDocument(verifier);
      const result = await verifiers.replaceOne({ _id: doc._id }, doc);
      return result.matchedCount === 1;
    },
  };
}
