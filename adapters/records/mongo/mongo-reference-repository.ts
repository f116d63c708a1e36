/**
 * Sessions by the verifier's reference in MongoDB (`GET /v1/sessions?reference=…`): one document
 * per session (`_id` = session id, so a second entry for a session is refused by the database),
 * found through the `sessions_by_reference` index, newest first, and deleted by the TTL index
 * once the session's state is gone. The TTL monitor runs about once a minute, so reads also
 * filter on `expiresAt`.
 */
import type { SessionReferenceRepository } from '../record-store.js';
import type { MongoRecordContext } from './mongo-context.js';
import {
  fromSessionReferenceDocument,
  toDate,
  toSessionReferenceDocument,
} from './mongo-documents.js';
import { DUPLICATE_KEY, hasCode } from './mongo-errors.js';

/** The reference repository of a MongoDB record store. */
export function createMongoReferenceRepository(
  context: MongoRecordContext,
): SessionReferenceRepository {
  const { sessionRefs } = context.collections;
  const { assertOpen } = context;
  return {
    async add(entry) {
      assertOpen();
      try {
        await sessionRefs.insertOne(toSessionReferenceDocument(entry));
      } catch (error) {
        // The session has its entry already (a retried write): nothing to do.
        if (!hasCode(error, DUPLICATE_KEY)) throw error;
      }
    },
    async find({ verifierId, referenceHash, now, limit }) {
      assertOpen();
      if (limit <= 0) return [];
      const docs = await sessionRefs
        .find({ verifierId, referenceHash, expiresAt: { $gt: toDate(now, 'now') } })
        .sort({ createdAt: -1, _id: -1 })
        .limit(limit)
        .toArray();
      return docs.map(fromSessionReferenceDocument);
    },
  };
}
