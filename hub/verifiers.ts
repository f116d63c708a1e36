/**
 * Onboarding verifier institutions (PRODUCT §2 administrator, A1, A5): register, approve,
 * suspend, change what a registration permits (origins, claims, flows, display policy, webhook),
 * issue, rotate (with an overlap) and revoke API keys. Used by the admin API and the demo seed.
 */
import type {
  CreateVerifierBody,
  PatchVerifierBody,
  PatchVerifierResponse,
  RotateKeyResponse,
  VerifierView,
} from '../contracts/index.js';
import type { VerifierRecord } from '../adapters/records/index.js';
import { assertWebhookUrl, mintWebhookSecret, webhookRecord } from './webhooks/webhook-secrets.js';
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
  assertPrivilegedPolice(record);
  await ctx.records.verifiers.insert(record);
  return record;
}

function assertPrivilegedPolice(verifier: VerifierRecord): void {
  if (verifier.flows.includes('privileged') && verifier.kind !== 'police') {
    throw new HubError('forbidden', 'only police units may use the privileged flow');
  }
}

/**
 * `PATCH /v1/admin/verifiers/:id`: changes what the registration permits. New sessions follow
 * the new policy at once; live sessions keep what they were created with, except origins, which
 * every new socket connection is checked against (A4). A webhook URL set for the first time, or
 * `rotateSecret`, makes a secret that is answered this once; after a rotation the old secret
 * still signs for `webhookSecretOverlapMs`.
 */
export async function patchVerifier(
  ctx: HubContext,
  id: string,
  body: PatchVerifierBody,
): Promise<PatchVerifierResponse> {
  const current = await load(ctx, id);
  const next: VerifierRecord = {
    ...current,
    ...(body.claims === undefined ? {} : { claims: body.claims }),
    ...(body.flows === undefined ? {} : { flows: body.flows }),
    ...(body.origins === undefined ? {} : { origins: body.origins }),
    ...(body.retain === undefined ? {} : { retain: body.retain }),
    ...(body.displaySeconds === undefined ? {} : { displaySeconds: body.displaySeconds }),
  };
  assertPrivilegedPolice(next);
  let webhookSecret: string | undefined;
  if (body.webhook === null) {
    delete next.webhook;
  } else if (body.webhook !== undefined) {
    assertWebhookUrl(ctx, body.webhook.url);
    if (!current.webhook || body.webhook.rotateSecret) {
      webhookSecret = mintWebhookSecret();
      next.webhook = webhookRecord(ctx, body.webhook.url, webhookSecret, current.webhook);
    } else {
      next.webhook = { ...current.webhook, url: body.webhook.url };
    }
  }
  if (!(await ctx.records.verifiers.update(next)))
    throw new HubError('not_found', 'no such verifier');
  const view = await verifierView(ctx, id);
  return webhookSecret === undefined ? view : { ...view, webhookSecret };
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

/**
 * Rotates a key: mints a new one (answered once) and lets the old one work for `overlapSeconds`
 * more, so the backend can switch without a moment in which neither works. A revoked or already
 * rotated key cannot be rotated again (`conflict`): rotate the new one.
 */
export async function rotateApiKey(
  ctx: HubContext,
  verifierId: string,
  keyId: string,
  overlapSeconds: number,
): Promise<RotateKeyResponse> {
  await load(ctx, verifierId);
  const old = await ctx.records.apiKeys.get(keyId);
  if (!old || old.verifierId !== verifierId) {
    throw new HubError('not_found', 'no such key for this verifier');
  }
  if (old.revokedAt) throw new HubError('conflict', 'the key is revoked');
  if (old.validUntil) throw new HubError('conflict', 'the key was rotated already');
  const validUntil = new Date(ctx.clock.now() + overlapSeconds * 1000).toISOString();
  const fresh = await issueApiKey(ctx, verifierId);
  await ctx.records.apiKeys.limitValidity(verifierId, keyId, validUntil);
  return { ...fresh, previous: { keyId, validUntil } };
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
    keys: keys.map((k) => ({
      keyId: k.keyId,
      createdAt: k.createdAt,
      revoked: !!k.revokedAt,
      ...(k.validUntil === undefined ? {} : { validUntil: k.validUntil }),
    })),
    ...(v.webhook === undefined
      ? {}
      : {
          webhook: {
            url: v.webhook.url,
            secretCreatedAt: v.webhook.secretCreatedAt,
            ...(v.webhook.previousSecretUntil === undefined
              ? {}
              : { previousSecretUntil: v.webhook.previousSecretUntil }),
          },
        }),
  };
}
