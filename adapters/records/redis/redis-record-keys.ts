/**
 * The key layout of the Redis record store, in one place so operators can read what lives where.
 * Every key starts with the store's prefix; each kind of key has its own namespace so no id can
 * make two kinds of key collide (ids are random, citizen refs and phone hashes are hex hashes).
 */

/** The names of every key the Redis record store uses. */
export interface RecordKeys {
  /** String: a verifier registration as JSON. */
  verifier(id: string): string;
  /** List: verifier ids in insertion order (what `verifiers.list()` walks). */
  verifierIds: string;
  /** Hash: one API key (flat string fields). */
  apiKey(keyId: string): string;
  /** Set: the key ids of one verifier. */
  verifierKeys(verifierId: string): string;
  /** Hash: one citizen's enrollment (flat string fields). */
  enrollment(citizenRef: string): string;
  /** Hash: phoneHash → citizenRef, the index behind `findByPhoneHash`. */
  enrollmentsByPhone: string;
  /** Hash: one device (flat string fields). */
  device(id: string): string;
  /** List: one citizen's device ids in insertion order. */
  citizenDevices(citizenRef: string): string;
  /** Stream: the audit log; entry ids are `<seq>-0`, field `event` holds the event as JSON. */
  auditStream: string;
  /** Hash: `seq` and `hash` of the newest audit event (the chain's head). */
  auditHead: string;
  /** List: one citizen's audit seqs, newest first. */
  auditCitizen(citizenRef: string): string;
  /**
   * Sorted set: the sessions of one verifier and reference hash; score = `expiresAt` (ms),
   * member = the entry as JSON. The key expires with its last entry.
   */
  sessionReference(verifierId: string, referenceHash: string): string;
}

/** The key names under `prefix`. */
export function recordKeys(prefix: string): RecordKeys {
  return {
    verifier: (id) => `${prefix}verifier:${id}`,
    verifierIds: `${prefix}verifiers`,
    apiKey: (keyId) => `${prefix}apikey:${keyId}`,
    verifierKeys: (verifierId) => `${prefix}verifier-keys:${verifierId}`,
    enrollment: (citizenRef) => `${prefix}enrollment:${citizenRef}`,
    enrollmentsByPhone: `${prefix}enrollments-by-phone`,
    device: (id) => `${prefix}device:${id}`,
    citizenDevices: (citizenRef) => `${prefix}citizen-devices:${citizenRef}`,
    auditStream: `${prefix}audit`,
    auditHead: `${prefix}audit:head`,
    auditCitizen: (citizenRef) => `${prefix}audit:citizen:${citizenRef}`,
    sessionReference: (verifierId, referenceHash) =>
      `${prefix}session-refs:${verifierId}:${referenceHash}`,
  };
}
