/**
 * `/v1/citizen`: the citizen's API: login through the OpenID Connect provider (`/oidc`, see
 * `oidc.routes.ts`) and its dev-mode shortcut (`POST /login {pesel}`, for tests and the demo),
 * activation and deactivation (A3), devices, history (H3) and peer sessions (F4).
 */
import { Hono } from 'hono';
import {
  ActivationBody,
  LoginBody,
  PeerSessionBody,
  type ActivationResponse,
  type DeviceView,
  type HistoryEntry,
  type LoginResponse,
} from '../../contracts/index.js';
import type { AuditEvent, DeviceRecord } from '../../adapters/records/index.js';
import { HubError } from '../errors.js';
import type { HubContext } from '../context.js';
import { randomId } from '../security/crypto.js';
import { createPeerSession, endPendingAfterDeactivation } from '../sessions/citizen-service.js';
import { phoneHashOf } from '../sessions/subjects.js';
import { citizenAuth, type HubEnv } from './auth.middleware.js';
import { oidcRoutes } from './oidc.routes.js';
import { parseBody } from './validate.js';

function deviceView(d: DeviceRecord): DeviceView {
  return {
    deviceId: d.id,
    name: d.name,
    createdAt: d.createdAt,
    active: !d.deactivatedAt,
    ...(d.deactivatedAt ? { deactivatedAt: d.deactivatedAt } : {}),
  };
}

function historyEntry(e: AuditEvent): HistoryEntry {
  return {
    sessionId: e.sessionId,
    at: e.at,
    verifier: {
      id: e.verifierId,
      name: e.verifierName,
      kind: e.verifierKind,
      ...(e.verifierBranch === undefined ? {} : { branch: e.verifierBranch }),
    },
    flow: e.flow,
    claims: e.claims,
    outcome: e.outcome,
    ...(e.legalBasis === undefined ? {} : { legalBasis: e.legalBasis }),
  };
}

/** The citizen's routes. */
export function citizenRoutes(ctx: HubContext): Hono<HubEnv> {
  const app = new Hono<HubEnv>();
  const anyToken = citizenAuth(ctx, { allowDevice: true });
  const now = () => new Date(ctx.clock.now()).toISOString();

  app.route('/oidc', oidcRoutes(ctx));

  // Dev mode's shortcut past the identity provider: the tests and `npm run demo` log in with a
  // bare PESEL. Production has no such route (`not_found`); citizens use `/oidc`.
  app.post('/login', async (c) => {
    if (!ctx.config.devMode)
      throw new HubError('not_found', 'log in through the identity provider');
    const { pesel } = await parseBody(c, LoginBody);
    const person = await ctx.registers.findPerson({ pesel });
    if (!person) throw new HubError('not_found', 'no such citizen in the register');
    const { token, expiresAt } = await ctx.tokens.citizen(pesel);
    return c.json({
      citizenToken: token,
      expiresAt: new Date(expiresAt).toISOString(),
    } satisfies LoginResponse);
  });

  app.post('/activation', citizenAuth(ctx, { allowDevice: false }), async (c) => {
    const { phone, deviceName } = await parseBody(c, ActivationBody);
    const { pesel, citizenRef } = c.get('citizen');
    // Pushes by phone must reach the phone's owner: only the number on record can be enrolled
    // (a stand-in for confirming it by SMS).
    const person = await ctx.registers.findPerson({ pesel });
    if (!person || person.phone !== phone) {
      throw new HubError('forbidden', 'this is not the phone number on your record', {
        issues: [{ path: 'phone', message: 'must be the phone number on your record' }],
      });
    }
    const phoneHash = phoneHashOf(ctx, phone);
    const owner = await ctx.records.citizens.findByPhoneHash(phoneHash);
    if (owner && owner.citizenRef !== citizenRef) {
      throw new HubError('conflict', 'this phone number is registered to someone else');
    }
    const existing = await ctx.records.citizens.getEnrollment(citizenRef);
    await ctx.records.citizens.upsertEnrollment({
      citizenRef,
      phoneHash,
      activatedAt: existing?.activatedAt ?? now(),
    });
    const deviceId = `d_${randomId(12)}`;
    await ctx.records.citizens.insertDevice({
      id: deviceId,
      citizenRef,
      name: deviceName,
      createdAt: now(),
    });
    const deviceToken = await ctx.tokens.device(pesel, deviceId);
    return c.json({ deviceId, deviceToken } satisfies ActivationResponse, 201);
  });

  app.delete('/activation', anyToken, async (c) => {
    const { citizenRef } = c.get('citizen');
    const at = now();
    const devices = await ctx.records.citizens.listDevices(citizenRef);
    let deactivated = 0;
    for (const device of devices) {
      if (device.deactivatedAt) continue;
      await ctx.records.citizens.deactivateDevice(device.id, at);
      deactivated++;
    }
    await ctx.records.citizens.deleteEnrollment(citizenRef);
    ctx.notify.disconnectCitizen({ citizenRef });
    await endPendingAfterDeactivation(ctx, citizenRef);
    return c.json({ deactivated });
  });

  app.get('/devices', anyToken, async (c) => {
    const devices = await ctx.records.citizens.listDevices(c.get('citizen').citizenRef);
    return c.json({ devices: devices.map(deviceView) });
  });

  app.delete('/devices/:id', anyToken, async (c) => {
    const device = await ctx.records.citizens.getDevice(c.req.param('id'));
    if (!device || device.citizenRef !== c.get('citizen').citizenRef) {
      throw new HubError('not_found', 'no such device');
    }
    await ctx.records.citizens.deactivateDevice(device.id, now());
    ctx.notify.disconnectCitizen({ deviceId: device.id });
    await endPendingAfterDeactivation(ctx, device.citizenRef, device.id);
    const updated = await ctx.records.citizens.getDevice(device.id);
    return c.json(deviceView(updated ?? device));
  });

  app.get('/history', anyToken, async (c) => {
    const events = await ctx.records.audit.list({
      citizenRef: c.get('citizen').citizenRef,
      limit: 200,
    });
    return c.json({ entries: events.map(historyEntry) });
  });

  app.post('/peer-sessions', anyToken, async (c) => {
    const body = await parseBody(c, PeerSessionBody);
    return c.json(
      await createPeerSession(ctx, c.get('citizen').pesel, body.request, body.displaySeconds),
      201,
    );
  });
  return app;
}
