/**
 * `/v1/dev`: dev mode's helpers (PRODUCT §8): sample synthetic identities for the login picker
 * and the console SMS gateway's outbox. Mounted only in dev mode.
 */
import { Hono } from 'hono';
import {
  DevCitizensQuery,
  DevSmsQuery,
  type DevCitizen,
  type SmsMessage,
} from '../../contracts/index.js';
import { HubError } from '../errors.js';
import type { HubContext } from '../context.js';
import type { HubEnv } from './auth.middleware.js';
import { parseQuery } from './validate.js';

/** Dev mode's routes; `outbox` reads the console SMS gateway, when there is one. */
export function devRoutes(
  ctx: HubContext,
  outbox: ((phone: string) => SmsMessage[]) | undefined,
): Hono<HubEnv> {
  const app = new Hono<HubEnv>();
  app.get('/citizens', async (c) => {
    const { limit } = parseQuery(c, DevCitizensQuery);
    const people = await ctx.registers.sample(limit);
    const citizens: DevCitizen[] = people.map((p) => ({
      pesel: p.pesel,
      phone: p.phone,
      givenName: p.givenNames.split(' ')[0]!,
      familyName: p.familyName,
    }));
    return c.json({ citizens });
  });
  app.get('/sms', (c) => {
    const { phone } = parseQuery(c, DevSmsQuery);
    if (!outbox) throw new HubError('not_found', 'the SMS gateway keeps no outbox');
    return c.json({ messages: outbox(phone) });
  });
  return app;
}
