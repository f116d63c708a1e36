/**
 * `/v1/admin`: the administrator's API (A5): onboard, approve, suspend and change verifiers
 * (PATCH: origins, claims, flows, display policy, webhook), issue, rotate and revoke API keys, read and verify the audit log (H2), and the verification report (counts per
 * verifier and day, outcomes per flow; no personal data) that every record store computes alike.
 */
import { Hono } from 'hono';
import {
  AuditQuery,
  CreateVerifierBody,
  PatchVerifierBody,
  RotateKeyBody,
  VerificationReportQuery,
  type PatchVerifierResponse,
  type RotateKeyResponse,
  type VerificationReport,
} from '../../contracts/index.js';
import type { HubContext } from '../context.js';
import {
  issueApiKey,
  patchVerifier,
  registerVerifier,
  revokeApiKey,
  rotateApiKey,
  setVerifierStatus,
  verifierView,
} from '../verifiers.js';
import { adminAuth, type HubEnv } from './auth.middleware.js';
import { parseBody, parseQuery } from './validate.js';

/** The administrator's routes. */
export function adminRoutes(ctx: HubContext, adminToken: string): Hono<HubEnv> {
  const app = new Hono<HubEnv>();
  app.use('*', adminAuth(adminToken));
  app.post('/verifiers', async (c) => {
    const verifier = await registerVerifier(ctx, await parseBody(c, CreateVerifierBody));
    return c.json({ verifierId: verifier.id, status: verifier.status }, 201);
  });
  app.get('/verifiers', async (c) => {
    const all = await ctx.records.verifiers.list();
    return c.json({ verifiers: await Promise.all(all.map((v) => verifierView(ctx, v.id))) });
  });
  app.get('/verifiers/:id', async (c) => c.json(await verifierView(ctx, c.req.param('id'))));
  app.patch('/verifiers/:id', async (c) => {
    const body = await parseBody(c, PatchVerifierBody);
    const patched = await patchVerifier(ctx, c.req.param('id'), body);
    return c.json(patched satisfies PatchVerifierResponse);
  });
  app.post('/verifiers/:id/approve', async (c) => {
    const verifier = await setVerifierStatus(ctx, c.req.param('id'), 'active');
    return c.json({ status: verifier.status });
  });
  app.post('/verifiers/:id/suspend', async (c) => {
    const verifier = await setVerifierStatus(ctx, c.req.param('id'), 'suspended');
    return c.json({ status: verifier.status });
  });
  app.post('/verifiers/:id/keys', async (c) =>
    c.json(await issueApiKey(ctx, c.req.param('id')), 201),
  );
  app.post('/verifiers/:id/keys/:keyId/rotate', async (c) => {
    // No body (no content type) takes the default overlap.
    const { overlapSeconds } = c.req.header('content-type')
      ? await parseBody(c, RotateKeyBody)
      : RotateKeyBody.parse({});
    const rotated = await rotateApiKey(
      ctx,
      c.req.param('id'),
      c.req.param('keyId'),
      overlapSeconds,
    );
    return c.json(rotated satisfies RotateKeyResponse, 201);
  });
  app.delete('/verifiers/:id/keys/:keyId', async (c) => {
    await revokeApiKey(ctx, c.req.param('id'), c.req.param('keyId'));
    return c.json({ keyId: c.req.param('keyId'), revoked: true });
  });
  app.get('/audit', async (c) => {
    const { limit, before } = parseQuery(c, AuditQuery);
    return c.json({
      events: await ctx.records.audit.list({ limit, ...(before === undefined ? {} : { before }) }),
    });
  });
  app.get('/audit/verify', async (c) => c.json(await ctx.records.audit.verify()));
  app.get('/reports/verifications', async (c) => {
    const { from, to } = parseQuery(c, VerificationReportQuery);
    const report = await ctx.records.audit.report({ from, to });
    return c.json(report satisfies VerificationReport);
  });
  return app;
}
