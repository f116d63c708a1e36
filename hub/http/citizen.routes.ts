/**
 * `/v1/citizen`: the citizen's API: login through the OpenID Connect provider (`/oidc`, see
 * `oidc.routes.ts`) and its dev-mode shortcut (`POST /login {pesel}`, for tests and the demo),
 * activation and deactivation (A3), devices, history (H3) and peer sessions (F4).
 */
import { Hono } from 'hono';
import {
  ActivationBody,
  LoginBody,
  HistoryQuery,
  PeerSessionBody,
  type LoginResponse,
} from '../../contracts/index.js';
import { HubError } from '../errors.js';
import type { HubContext } from '../context.js';
import {
  activateDevice,
  deactivateDevice,
  deactivateService,
  listDevices,
} from '../citizens/devices-service.js';
import { historyCursorKey, historyPage } from '../citizens/history-page.js';
import { createPeerSession } from '../sessions/peer-sessions.js';
import { citizenAuth, type HubEnv } from './auth.middleware.js';
import { oidcRoutes } from './oidc.routes.js';
import { parseBody, parseQuery } from './validate.js';

/** The citizen's routes. */
export function citizenRoutes(ctx: HubContext): Hono<HubEnv> {
  const app = new Hono<HubEnv>();
  const anyToken = citizenAuth(ctx, { allowDevice: true });
  const cursorKey = historyCursorKey(ctx.keys.sealKey);

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
    return c.json(await activateDevice(ctx, c.get('citizen'), phone, deviceName), 201);
  });

  app.delete('/activation', anyToken, async (c) =>
    c.json({ deactivated: await deactivateService(ctx, c.get('citizen').citizenRef) }),
  );

  app.get('/devices', anyToken, async (c) =>
    c.json({ devices: await listDevices(ctx, c.get('citizen').citizenRef) }),
  );

  app.delete('/devices/:id', anyToken, async (c) =>
    c.json(await deactivateDevice(ctx, c.get('citizen').citizenRef, c.req.param('id'))),
  );

  app.get('/history', anyToken, async (c) =>
    c.json(
      await historyPage(ctx, cursorKey, c.get('citizen').citizenRef, parseQuery(c, HistoryQuery)),
    ),
  );

  app.post('/peer-sessions', anyToken, async (c) => {
    const body = await parseBody(c, PeerSessionBody);
    await ctx.limiter.hit('peer_sessions', c.get('citizen').citizenRef);
    return c.json(
      await createPeerSession(ctx, c.get('citizen').pesel, body.request, body.displaySeconds),
      201,
    );
  });
  return app;
}
