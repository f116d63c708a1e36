/**
 * `/openapi.json` (PRODUCT §6): an OpenAPI 3.1 document generated from the zod contracts with
 * zod 4's `z.toJSONSchema` — every route of openapi-routes.ts with its auth, body, query, answer
 * and the V2 error body narrowed to the V3 codes that route may answer, grouped by HTTP status.
 * Dev mode also serves `/docs`, a self-contained page (no CDN, no script from elsewhere) that
 * lists the operations and their schemas from the document.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import {
  ErrorBody,
  PROTOCOL_VERSION,
  httpStatusOf,
  type ErrorCode,
} from '../../contracts/index.js';
import type { HubContext } from '../context.js';
import type { HubEnv } from './auth.middleware.js';
import { apiRoutes, type RouteAuth, type RouteDoc } from './openapi-routes.js';
import { IdParam } from './openapi-schemas.js';
import { docsPageHtml } from './openapi-docs-page.js';

/** A JSON object (the document and its parts). */
type Json = Record<string, unknown>;

/** Options of {@link buildOpenApiDocument}. */
export interface OpenApiOptions {
  /** Include the dev-mode routes. */
  devMode: boolean;
  /** The hub's public base URL (the document's server). */
  publicUrl: string;
}

/** JSON Schema of a zod schema, as request input or answer output, without `$schema`. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
  }) as Json;
  return rest;
}

const securityOf: Readonly<Record<RouteAuth, Json[]>> = {
  none: [],
  apiKey: [{ apiKey: [] }],
  admin: [{ admin: [] }],
  citizen: [{ citizenToken: [] }],
  citizenOrDevice: [{ citizenToken: [] }, { deviceToken: [] }],
  metrics: [{ metricsToken: [] }],
};

/** `:id` → `{id}`. */
function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** Codes a route may answer: its own, plus those every route of its kind may answer. */
function errorCodesOf(route: RouteDoc): ErrorCode[] {
  const codes = new Set<ErrorCode>(route.errors);
  if (route.body || route.query) codes.add('invalid_request');
  if (route.path.startsWith('/v1/')) codes.add('not_found');
  codes.add('internal');
  return [...codes];
}

function errorResponses(route: RouteDoc): Json {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errorCodesOf(route)) {
    const status = httpStatusOf[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  if (route.body) byStatus.set(413, ['invalid_request']);
  if (route.path === '/readyz') byStatus.set(503, ['internal']);
  const responses: Json = {};
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[String(status)] = {
      description: `\`${codes.join('`, `')}\``,
      content: {
        'application/json': {
          schema: {
            allOf: [
              { $ref: '#/components/schemas/ErrorBody' },
              {
                type: 'object',
                properties: {
                  error: { type: 'object', properties: { code: { enum: codes } } },
                },
              },
            ],
          },
        },
      },
    };
  }
  return responses;
}

function operation(route: RouteDoc): Json {
  const parameters: Json[] = [];
  for (const match of route.path.matchAll(/:([A-Za-z0-9_]+)/g)) {
    parameters.push({
      name: match[1],
      in: 'path',
      required: true,
      schema: jsonSchema(IdParam, 'input'),
    });
  }
  if (route.query) {
    const query = jsonSchema(route.query, 'input');
    const properties = (query.properties ?? {}) as Record<string, Json>;
    const required = new Set((query.required ?? []) as string[]);
    for (const [name, schema] of Object.entries(properties)) {
      parameters.push({ name, in: 'query', required: required.has(name), schema });
    }
  }
  const op: Json = {
    operationId: route.id,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    security: securityOf[route.auth],
    ...(parameters.length > 0 ? { parameters } : {}),
    responses: {
      [String(route.ok.status)]: {
        description: route.ok.description,
        content: {
          [route.ok.contentType ?? 'application/json']: {
            schema: jsonSchema(route.ok.schema, 'output'),
          },
        },
      },
      ...errorResponses(route),
    },
  };
  if (route.body) {
    op.requestBody = {
      required: true,
      content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
    };
  }
  return op;
}

/** The routes the document lists for this configuration. */
export function documentedRoutes(options: { devMode: boolean }): RouteDoc[] {
  return apiRoutes.filter((route) => options.devMode || !route.devOnly);
}

/** Builds the OpenAPI 3.1 document. */
export function buildOpenApiDocument(options: OpenApiOptions): Json {
  const paths: Record<string, Json> = {};
  for (const route of documentedRoutes(options)) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method]: operation(route) };
  }
  const bearer = (description: string): Json => ({ type: 'http', scheme: 'bearer', description });
  return {
    openapi: '3.1.0',
    info: {
      title: 'mDok Hub',
      version: String(PROTOCOL_VERSION),
      description:
        'Real-time identity verification: a verifier sees register data only after the citizen ' +
        'approved it on their own phone. This document covers the HTTP API; the Socket.IO ' +
        'namespaces `/verifier` and `/citizen` are typed in `contracts/events.ts`. Every error ' +
        'answer has the one shape `{ "error": { "code", "message", "issues"?, "details"? } }` (V2) ' +
        'with the codes of V3.',
    },
    servers: [{ url: options.publicUrl }],
    tags: [
      { name: 'verifier backend', description: 'Institutions’ backends, with an API key (A1).' },
      { name: 'citizen', description: 'The citizen app, with a citizen or device token.' },
      { name: 'administrator', description: 'Onboarding and audit, with the admin token (A5).' },
      { name: 'dev mode', description: 'Only in dev mode (the embedded default).' },
      {
        name: 'operations',
        description: 'Keys, probes, metrics and this document (metrics: `METRICS_TOKEN`).',
      },
    ],
    paths,
    components: {
      securitySchemes: {
        apiKey: bearer('A verifier backend’s API key: `Authorization: Bearer <apiKey>`.'),
        admin: bearer('The administrator’s token: `Authorization: Bearer <ADMIN_TOKEN>`.'),
        citizenToken: bearer('A citizen token from login: `Authorization: Bearer <token>`.'),
        deviceToken: bearer('A device token from activation: `Authorization: Bearer <token>`.'),
        metricsToken: bearer('The scraper’s token: `Authorization: Bearer <METRICS_TOKEN>`.'),
      },
      schemas: { ErrorBody: jsonSchema(ErrorBody, 'output') },
    },
  };
}

/** `GET /openapi.json`, and in dev mode `GET /docs`. */
export function openApiRoutes(ctx: HubContext): Hono<HubEnv> {
  const app = new Hono<HubEnv>();
  // Built once: the routes do not change while the node runs.
  const document = buildOpenApiDocument({
    devMode: ctx.config.devMode,
    publicUrl: ctx.config.publicUrl,
  });
  const body = JSON.stringify(document);
  app.get('/openapi.json', (c) => {
    c.header('access-control-allow-origin', '*');
    c.header('cache-control', 'public, max-age=300');
    return c.body(body, 200, { 'content-type': 'application/json; charset=utf-8' });
  });
  if (ctx.config.devMode) {
    const page = docsPageHtml();
    app.get('/docs', (c) => c.html(page));
  }
  return app;
}
