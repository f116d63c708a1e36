/**
 * API-key hashes in MongoDB (PRODUCT A1): one document per key, `_id` = key id. Revoking sets
 * `revokedAt` only where it is unset (a filtered update, atomic on the server), so the first
 * revocation time is kept as in the other stores, and sets `expiresAt` for the TTL index: a
 * revoked key is deleted once its retention ends.
 */
import type { ApiKeyRepository } from '../record-store.js';
import type { MongoRecordContext } from './mongo-context.js';
import { fromApiKeyDocument, toApiKeyDocument, toDate } from './mongo-documents.js';
import { insertNew } from './mongo-insert.js';

/** The API-key repository of a MongoDB record store. */
export function createMongoApiKeyRepository(context: MongoRecordContext): ApiKeyRepository {
  const { apiKeys } = context.collections;
  const { assertOpen } = context;
  const expiry = () => new Date(context.now() + context.revokedKeyRetentionMs);
  return {
    async insert(key) {
      assertOpen();
      await insertNew(apiKeys, toApiKeyDocument(key, expiry()), `API key ${key.keyId}`);
    },
    async get(keyId) {
      assertOpen();
      const doc = await apiKeys.findOne({ _id: keyId });
      return doc === null ? null : fromApiKeyDocument(doc);
    },
    async listFor(verifierId) {
      assertOpen();
      const docs = await apiKeys.find({ verifierId }).sort({ createdAt: 1, _id: 1 }).toArray();
      return docs.map(fromApiKeyDocument);
    },
    async revoke(verifierId, keyId, at) {
      assertOpen();
      const revokedAt = toDate(at, 'revokedAt');
      const result = await apiKeys.updateOne(
        { _id: keyId, verifierId, revokedAt: { $exists: false } },
        { $set: { revokedAt, expiresAt: expiry() } },
      );
      if (result.matchedCount === 1) return true;
      // Not updated: unknown, someone else's, or revoked already (which still counts).
      return (await apiKeys.countDocuments({ _id: keyId, verifierId }, { limit: 1 })) === 1;
    },
    async limitValidity(verifierId, keyId, validUntil) {
      assertOpen();
      const until = toDate(validUntil, 'validUntil');
      const result = await apiKeys.updateOne(
        { _id: keyId, verifierId, validUntil: { $exists: false } },
        { $set: { validUntil: until } },
      );
      if (result.matchedCount === 1) return true;
      return (await apiKeys.countDocuments({ _id: keyId, verifierId }, { limit: 1 })) === 1;
    },
  };
}
