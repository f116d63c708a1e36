/**
 * `/v1/sessions`: the verifier backend's API (API key): create, read the state, cancel, and
 * fetch the signed presentation once (PRODUCT §6, E3).
 */
import { Hono } from 'hono';
import { CreateSessionBody } from '../../contracts/index.js';
import type { HubContext } from '../context.js';
import {
  cancelSession,
  createSession,
  sessionStatus,
  takeResult,
} from '../sessions/verifier-service.js';
import { verifierAuth, type HubEnv } from './auth.middleware.js';
import { parseBody } from './validate.js';

/** The verifier backend's routes. */
export function sessionsRoutes(ctx: HubContext): Hono<HubEnv> {
  const app = new Hono<HubEnv>();
  app.use('*', verifierAuth(ctx));
  app.post('/', async (c) => {
    const body = await parseBody(c, CreateSessionBody);
    return c.json(await createSession(ctx, c.get('verifier'), body), 201);
  });
  app.get('/:id', async (c) =>
    c.json(await sessionStatus(ctx, c.get('verifier').id, c.req.param('id'))),
  );
  app.delete('/:id', async (c) => {
    const session = await cancelSession(ctx, c.get('verifier').id, c.req.param('id'));
    return c.json(await sessionStatus(ctx, c.get('verifier').id, session.id));
  });
  app.get('/:id/result', async (c) =>
    c.json(await takeResult(ctx, c.get('verifier').id, c.req.param('id'))),
  );
  return app;
}
