/**
 * Onboarding verifier institutions (PRODUCT §2 administrator, A1, A5): register, approve,
 * suspend, issue and revoke API keys. Used by the admin API and by the demo seed.
 */
import type { CreateVerifierBody, VerifierView } from '../contracts/index.js';
import type { VerifierRecord } from '../adapters/records/index.js';
import { HubError } from './errors.js';
import type { HubContext } from './context.js';
import { mintApiKey } from './security/api-keys.js';
import { randomId } from './security/crypto.js';

/** Registers a verifier in `pending`. */
export async function registerVerifier(
  ctx: HubContext,
  body: CreateVerifierBody,
): Promise<VerifierRecord> {
  const record: VerifierRecord = {
    id: `v_${randomId(12)}`,
    name: body.name,
    kind: body.kind,
    ...(body.branch === undefined ? {} : { branch: body.branch }),
    claims: body.claims,
    flows: body.flows,
    origins: body.origins,
    retain: body.retain,
    displaySeconds: body.displaySeconds,
    status: 'pending',
    createdAt: new Date(ctx.clock.now()).toISOString(),
  };
  if (body.flows.includes('privileged') && body.kind !== 'police') {
    throw new HubError('forbidden', 'only police units may use the privileged flow');
  }
  await ctx.records.verifiers.insert(record);
  return record;
}

async function load(ctx: HubContext, id: string): Promise<VerifierRecord> {
  const verifier = await ctx.records.verifiers.get(id);
  if (!verifier) throw new HubError('not_found', 'no such verifier');
  return verifier;
}

/** Sets the status; suspension also cuts the verifier's live widget sockets on every node. */
export async function setVerifierStatus(
  ctx: HubContext,
  id: string,
  status: 'active' | 'suspended',
): Promise<VerifierRecord> {
  const verifier = { ...(await load(ctx, id)), status };
  await ctx.records.verifiers.update(verifier);
  if (status === 'suspended') ctx.notify.disconnectVerifier(id);
  return verifier;
}

/** Mints an API key for the verifier; the full key is returned once and never stored (A1). */
export async function issueApiKey(
  ctx: HubContext,
  verifierId: string,
): Promise<{ keyId: string; apiKey: string }> {
  await load(ctx, verifierId);
  const minted = mintApiKey();
  await ctx.records.apiKeys.insert({
    keyId: minted.keyId,
    verifierId,
    hash: minted.hash,
    createdAt: new Date(ctx.clock.now()).toISOString(),
  });
  return { keyId: minted.keyId, apiKey: minted.apiKey };
}

/** Revokes one of the verifier's keys. */
export async function revokeApiKey(
  ctx: HubContext,
  verifierId: string,
  keyId: string,
): Promise<void> {
  const at = new Date(ctx.clock.now()).toISOString();
  if (!(await ctx.records.apiKeys.revoke(verifierId, keyId, at))) {
    throw new HubError('not_found', 'no such key for this verifier');
  }
}

/** The admin API's view of a verifier, with its keys (never their hashes). */
export async function verifierView(ctx: HubContext, id: string): Promise<VerifierView> {
  const v = await load(ctx, id);
  const keys = await ctx.records.apiKeys.listFor(id);
  return {
    verifierId: v.id,
    name: v.name,
    kind: v.kind,
    ...(v.branch === undefined ? {} : { branch: v.branch }),
    claims: v.claims,
    flows: v.flows,
    origins: v.origins,
    retain: v.retain,
    displaySeconds: v.displaySeconds,
    status: v.status,
    createdAt: v.createdAt,
    keys: keys.map((k) => ({ keyId: k.keyId, createdAt: k.createdAt, revoked: !!k.revokedAt })),
  };
}
