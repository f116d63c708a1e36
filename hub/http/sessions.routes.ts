/**
 * `/v1/sessions`: the verifier backend's API (API key): create, read the state, find sessions by
 * the verifier's reference, cancel, and fetch the signed result once (PRODUCT §6, E3).
 */
import { Hono } from 'hono';
import { CreateSessionBody, SessionListQuery } from '../../contracts/index.js';
import type { HubContext } from '../context.js';
import {
  cancelSession,
  createSession,
  sessionsByReference,
  sessionStatus,
  takeResult,
} from '../sessions/verifier-service.js';
import { verifierAuth, type HubEnv } from './auth.middleware.js';
import { parseBody, parseQuery } from './validate.js';

/** The verifier backend's routes. */
export function sessionsRoutes(ctx: HubContext): Hono<HubEnv> {
  const app = new Hono<HubEnv>();
  app.use('*', verifierAuth(ctx));
  app.post('/', async (c) => {
    const body = await parseBody(c, CreateSessionBody);
    return c.json(await createSession(ctx, c.get('verifier'), body), 201);
  });
  app.get('/', async (c) => {
    const { reference, limit } = parseQuery(c, SessionListQuery);
    return c.json(await sessionsByReference(ctx, c.get('verifier').id, reference, limit));
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
