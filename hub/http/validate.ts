/**
 * Parsing HTTP input at the boundary (V1): JSON bodies and query strings through strict zod
 * schemas, every issue reported in the V2 shape.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import { toIssues } from '../../contracts/index.js';
import { HubError } from '../errors.js';

/** Parses the JSON body with `schema`; `invalid_request` with all issues otherwise. */
export async function parseBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new HubError('invalid_request', 'the body must be JSON (content-type: application/json)');
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch (error) {
    throw new HubError('invalid_request', 'the body is not valid JSON', { cause: error });
  }
  return parseValue(schema, body, 'body');
}

/** Parses the query string with `schema`. */
export function parseQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return parseValue(schema, c.req.query(), 'query');
}

/** Parses any value, turning zod issues into an `invalid_request` HubError. */
export function parseValue<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new HubError('invalid_request', `invalid ${what}`, { issues: toIssues(parsed.error) });
  }
  return parsed.data;
}
