/**
 * Storage of the dev identity provider's artefacts (interactions, sessions, grants, codes,
 * tokens) for `oidc-provider`: one in-memory map per provider, each entry with its expiry. The
 * library's own quick-start adapter keeps one map for the whole process and warns on every
 * start; a provider of our own keeps its data to itself (tests run several at once) and quietly.
 * A real provider keeps this in its own database; this one lives and dies with the dev hub.
 */
import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';

/**
 * The models whose entries die with their grant (`revokeByGrantId`). Others carry a `grantId`
 * too (an interaction remembers the session's grant) and must outlive its revocation: a citizen
 * switching accounts revokes the previous person's grant in the middle of their own login.
 */
const grantable = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'PreAuthorizedCode',
]);

interface Entry {
  payload: AdapterPayload;
  /** Epoch ms, or Infinity. */
  expiresAt: number;
}

/** A factory of per-model adapters that share one provider-wide map. */
export function createDevProviderStorage(now: () => number = Date.now): AdapterFactory {
  const entries = new Map<string, Entry>();
  const uidIndex = new Map<string, string>();
  const userCodeIndex = new Map<string, string>();
  const grants = new Map<string, Set<string>>();

  const live = (key: string): AdapterPayload | undefined => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry.payload;
  };

  // Expired entries go when read, and in a sweep now and then, so a long dev session stays small.
  let writes = 0;
  const sweep = () => {
    const at = now();
    for (const [key, entry] of entries) if (entry.expiresAt <= at) entries.delete(key);
    for (const index of [uidIndex, userCodeIndex]) {
      for (const [id, key] of index) if (!entries.has(key)) index.delete(id);
    }
    for (const [grantId, members] of grants) {
      for (const key of members) if (!entries.has(key)) members.delete(key);
      if (members.size === 0) grants.delete(grantId);
    }
  };

  return (model: string): Adapter => {
    const keyOf = (id: string) => `${model}:${id}`;
    return {
      async upsert(id, payload, expiresIn) {
        if (++writes % 256 === 0) sweep();
        const key = keyOf(id);
        entries.set(key, {
          payload,
          expiresAt: typeof expiresIn === 'number' ? now() + expiresIn * 1000 : Infinity,
        });
        if (payload.uid) uidIndex.set(payload.uid, key);
        if (payload.userCode) userCodeIndex.set(payload.userCode, key);
        if (payload.grantId && grantable.has(model)) {
          const members = grants.get(payload.grantId) ?? new Set<string>();
          members.add(key);
          grants.set(payload.grantId, members);
        }
      },
      async find(id) {
        return live(keyOf(id));
      },
      async findByUid(uid) {
        const key = uidIndex.get(uid);
        return key ? live(key) : undefined;
      },
      async findByUserCode(userCode) {
        const key = userCodeIndex.get(userCode);
        return key ? live(key) : undefined;
      },
      async consume(id) {
        const payload = live(keyOf(id));
        if (payload) payload.consumed = Math.floor(now() / 1000);
      },
      async destroy(id) {
        entries.delete(keyOf(id));
      },
      async revokeByGrantId(grantId) {
        for (const key of grants.get(grantId) ?? []) entries.delete(key);
        grants.delete(grantId);
      },
    };
  };
}
