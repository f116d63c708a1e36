/**
 * API-key hashes in Redis (PRODUCT A1): one hash per key (all its fields are strings) and a set
 * of key ids per verifier. Revoking (and limiting the validity of a rotated key) is one script
 * that checks the owner and sets `revokedAt` (`validUntil`) only if unset, so the first time is
 * kept, as in the in-memory store.
 */
import type { ApiKeyRecord, ApiKeyRepository } from '../record-store.js';
import { compareStrings, fromHash, hashArgs, insertHash, setOnceIf } from './redis-context.js';
import type { RedisRecordContext } from './redis-context.js';

const REQUIRED = ['keyId', 'verifierId', 'hash', 'createdAt'] as const;
const OPTIONAL = ['revokedAt', 'validUntil'] as const;
const FIELDS = [...REQUIRED, ...OPTIONAL] as const;

/** The API-key repository of a Redis record store. */
export function createRedisApiKeyRepository(context: RedisRecordContext): ApiKeyRepository {
  const { client, keys, assertOpen } = context;

  async function read(keyId: string): Promise<ApiKeyRecord | null> {
    return fromHash(await client.hGetAll(keys.apiKey(keyId)), REQUIRED, OPTIONAL);
  }

  return {
    async insert(key) {
      assertOpen();
      const inserted = await insertHash(client, keys.apiKey(key.keyId), hashArgs(key, FIELDS), {
        kind: 'set',
        key: keys.verifierKeys(key.verifierId),
        member: key.keyId,
      });
      if (!inserted) throw new Error(`API key ${key.keyId} already exists`);
    },
    async get(keyId) {
      assertOpen();
      return read(keyId);
    },
    async listFor(verifierId) {
      assertOpen();
      const keyIds = await client.sMembers(keys.verifierKeys(verifierId));
      const found = await Promise.all(keyIds.map(read));
      // A set has no order: oldest first, then by id, so the answer is stable.
      return found
        .filter((key) => key !== null)
        .sort(
          (a, b) => compareStrings(a.createdAt, b.createdAt) || compareStrings(a.keyId, b.keyId),
        );
    },
    async revoke(verifierId, keyId, at) {
      assertOpen();
      return setOnceIf(
        client,
        keys.apiKey(keyId),
        { field: 'verifierId', value: verifierId },
        'revokedAt',
        at,
      );
    },
    async limitValidity(verifierId, keyId, validUntil) {
      assertOpen();
      return setOnceIf(
        client,
        keys.apiKey(keyId),
        { field: 'verifierId', value: verifierId },
        'validUntil',
        validUntil,
      );
    },
  };
}
