/**
 * The HTTP surface, route by route, as the OpenAPI document (openapi.ts) presents it: who may
 * call it, the zod schema of its body, query and answers (from `contracts/` where they live
 * there, else openapi-schemas.ts), and the V3 error codes it may answer. A route that the app
 * serves without an entry here fails the coverage test (test/integration/openapi.test.ts), which
 * names the route; the front ends' static files and the demo pages are listed in
 * {@link nonApiRoutes} instead, because they serve HTML and scripts, not the API.
 */
import type { z } from 'zod';
import {
  ActivationBody,
  ActivationResponse,
  CreateSessionBody,
  CreateSessionResponse,
  CreateVerifierBody,
  DevCitizensQuery,
  DevSmsQuery,
  DeviceView,
  LoginBody,
  LoginResponse,
  OidcCallbackBody,
  OidcLoginResponse,
  OidcProviderView,
  OidcStartBody,
  OidcStartResponse,
  PeerSessionBody,
  PeerSessionResponse,
  PatchVerifierBody,
  PatchVerifierResponse,
  RotateKeyBody,
  RotateKeyResponse,
  AuditQuery,
  HistoryPage,
  HistoryQuery,
  SessionListQuery,
  SessionListResponse,
  SessionResult,
  SessionStatusResponse,
  VerificationReport,
  VerificationReportQuery,
  VerifierView,
  type ErrorCode,
} from '../../contracts/index.js';
import {
  ApiKeyIssuedResponse,
  ApiKeyRevokedResponse,
  AuditListResponse,
  AuditVerifyResponse,
  DeactivationResponse,
  DevCitizensResponse,
  DevSmsResponse,
  DeviceListResponse,
  HealthResponse,
  JwksResponse,
  OpenApiResponse,
  ReadyResponse,
  VerifierCreatedResponse,
  VerifierListResponse,
  VerifierStatusResponse,
} from './openapi-schemas.js';
import { z as zod } from 'zod';

/** Who may call a route (PRODUCT §8 auth headers). */
export type RouteAuth = 'none' | 'apiKey' | 'admin' | 'citizen' | 'citizenOrDevice' | 'metrics';

/** One documented route. */
export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Hono's pattern (`/v1/sessions/:id`). */
  path: string;
  /** Stable operation id. */
  id: string;
  summary: string;
  /** Longer text (markdown), rule IDs included. */
  description?: string;
  tag: 'verifier backend' | 'citizen' | 'administrator' | 'dev mode' | 'operations';
  auth: RouteAuth;
  body?: z.ZodType;
  query?: z.ZodObject;
  /** The success answer. */
  ok: { status: number; schema: z.ZodType; description: string; contentType?: string };
  /** V3 codes this route may answer besides `internal` (always possible). */
  errors: ErrorCode[];
  /** Only mounted in dev mode. */
  devOnly?: boolean;
}

const sessionErrors: ErrorCode[] = ['unauthorized', 'forbidden', 'not_found'];

/** Every API route of the hub. */
export const apiRoutes: RouteDoc[] = [
  {
    method: 'get',
    path: '/v1/sessions',
    id: 'listSessions',
    summary: "The verifier's own sessions by its `reference` (state only, never claims)",
    tag: 'verifier backend',
    auth: 'apiKey',
    query: SessionListQuery,
    ok: { status: 200, schema: SessionListResponse, description: 'Matching sessions.' },
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'rate_limited'],
  },
  {
    method: 'post',
    path: '/v1/sessions',
    id: 'createSession',
    summary: 'Create a verification session',
    description:
      'F1 code (default), F2 push, F3 otp or F5 privileged. Answers a widget token for the ' +
      "clerk's widget (A2) and, per flow, the 8-digit `code` (F1) or the `matchNumber` (F2). " +
      'F3 sends the SMS code before answering.',
    tag: 'verifier backend',
    auth: 'apiKey',
    body: CreateSessionBody,
    ok: { status: 201, schema: CreateSessionResponse, description: 'The session was created.' },
    errors: [
      'invalid_request',
      ...sessionErrors,
      'subject_not_enrolled',
      'subject_busy',
      'register_unavailable',
      'conflict',
    ],
  },
  {
    method: 'get',
    path: '/v1/sessions/:id',
    id: 'getSession',
    summary: "A session's state (never claims)",
    tag: 'verifier backend',
    auth: 'apiKey',
    ok: { status: 200, schema: SessionStatusResponse, description: 'The state.' },
    errors: sessionErrors,
  },
  {
    method: 'delete',
    path: '/v1/sessions/:id',
    id: 'cancelSession',
    summary: 'Cancel a session (S5)',
    tag: 'verifier backend',
    auth: 'apiKey',
    ok: { status: 200, schema: SessionStatusResponse, description: 'The state after cancelling.' },
    errors: [...sessionErrors, 'conflict', 'gone', 'expired'],
  },
  {
    method: 'get',
    path: '/v1/sessions/:id/result',
    id: 'takeResult',
    summary: 'The signed result, once, inside the display window (E3)',
    description:
      'Raw claim values only with `retain: true`, which the citizen saw and approved (E3). A ' +
      'second fetch answers `gone`; after the display window, `expired`.',
    tag: 'verifier backend',
    auth: 'apiKey',
    ok: {
      status: 200,
      schema: SessionResult,
      description: 'The presentation (compact JWS) and claims.',
    },
    errors: [...sessionErrors, 'conflict', 'gone', 'expired'],
  },
  {
    method: 'post',
    path: '/v1/citizen/login',
    id: 'citizenLogin',
    summary: 'Log in (dev-mode stand-in for the identity provider)',
    description: 'Outside dev mode it answers `not_found`: citizens log in through OpenID Connect.',
    tag: 'citizen',
    auth: 'none',
    body: LoginBody,
    ok: { status: 200, schema: LoginResponse, description: 'A citizen token.' },
    errors: ['invalid_request', 'not_found'],
  },
  {
    method: 'post',
    path: '/v1/citizen/activation',
    id: 'activate',
    summary: 'Activate the service on this device (phone on record)',
    tag: 'citizen',
    auth: 'citizen',
    body: ActivationBody,
    ok: { status: 201, schema: ActivationResponse, description: 'The device and its token.' },
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'conflict'],
  },
  {
    method: 'delete',
    path: '/v1/citizen/activation',
    id: 'deactivate',
    summary: 'Deactivate the service and every device (lost phone, A3)',
    tag: 'citizen',
    auth: 'citizenOrDevice',
    ok: { status: 200, schema: DeactivationResponse, description: 'How many devices went.' },
    errors: ['unauthorized'],
  },
  {
    method: 'get',
    path: '/v1/citizen/devices',
    id: 'listDevices',
    summary: "The citizen's devices",
    tag: 'citizen',
    auth: 'citizenOrDevice',
    ok: { status: 200, schema: DeviceListResponse, description: 'Active and deactivated devices.' },
    errors: ['unauthorized'],
  },
  {
    method: 'delete',
    path: '/v1/citizen/devices/:id',
    id: 'deactivateDevice',
    summary: 'Deactivate one device (its sockets drop on every node, A3)',
    tag: 'citizen',
    auth: 'citizenOrDevice',
    ok: { status: 200, schema: DeviceView, description: 'The device, now deactivated.' },
    errors: ['unauthorized', 'not_found'],
  },
  {
    method: 'get',
    path: '/v1/citizen/history',
    id: 'history',
    summary: "The citizen's history, including privileged lookups (H3)",
    tag: 'citizen',
    auth: 'citizenOrDevice',
    query: HistoryQuery,
    ok: {
      status: 200,
      schema: HistoryPage,
      description: 'Newest first, a page at a time: `next` is the `before` of the next page.',
    },
    errors: ['invalid_request', 'unauthorized'],
  },
  {
    method: 'post',
    path: '/v1/citizen/peer-sessions',
    id: 'createPeerSession',
    summary: 'Verify another citizen (F4)',
    tag: 'citizen',
    auth: 'citizenOrDevice',
    body: PeerSessionBody,
    ok: { status: 201, schema: PeerSessionResponse, description: 'The peer session.' },
    errors: ['invalid_request', 'unauthorized', 'forbidden', 'register_unavailable'],
  },
  {
    method: 'get',
    path: '/v1/citizen/oidc',
    id: 'oidcProvider',
    summary: 'The identity provider citizens log in with (its name for the login button)',
    tag: 'citizen',
    auth: 'none',
    ok: { status: 200, schema: OidcProviderView, description: 'The provider.' },
    errors: ['not_found'],
  },
  {
    method: 'post',
    path: '/v1/citizen/oidc/start',
    id: 'oidcStart',
    summary:
      'Start an OpenID Connect login: sets the sealed login cookie, answers the URL to go to',
    tag: 'citizen',
    auth: 'none',
    body: OidcStartBody,
    ok: { status: 200, schema: OidcStartResponse, description: 'Where to send the browser.' },
    errors: ['invalid_request', 'not_found', 'rate_limited', 'register_unavailable'],
  },
  {
    method: 'post',
    path: '/v1/citizen/oidc/callback',
    id: 'oidcCallback',
    summary: "Finish the login with the provider's answer: the citizen token",
    tag: 'citizen',
    auth: 'none',
    body: OidcCallbackBody,
    ok: { status: 200, schema: OidcLoginResponse, description: 'The citizen token.' },
    errors: [
      'invalid_request',
      'unauthorized',
      'forbidden',
      'gone',
      'expired',
      'rate_limited',
      'register_unavailable',
    ],
  },
  {
    method: 'get',
    path: '/v1/admin/reports/verifications',
    id: 'verificationReport',
    summary: 'Verifications per verifier per day and outcomes per flow (no personal data)',
    tag: 'administrator',
    auth: 'admin',
    query: VerificationReportQuery,
    ok: { status: 200, schema: VerificationReport, description: 'The report.' },
    errors: ['invalid_request', 'unauthorized'],
  },
  {
    method: 'post',
    path: '/v1/admin/verifiers',
    id: 'createVerifier',
    summary: 'Register a verifier institution (pending until approved)',
    tag: 'administrator',
    auth: 'admin',
    body: CreateVerifierBody,
    ok: { status: 201, schema: VerifierCreatedResponse, description: 'Registered, pending.' },
    errors: ['invalid_request', 'unauthorized'],
  },
  {
    method: 'get',
    path: '/v1/admin/verifiers',
    id: 'listVerifiers',
    summary: 'Every registered verifier',
    tag: 'administrator',
    auth: 'admin',
    ok: { status: 200, schema: VerifierListResponse, description: 'The registrations.' },
    errors: ['unauthorized'],
  },
  {
    method: 'get',
    path: '/v1/admin/verifiers/:id',
    id: 'getVerifier',
    summary: 'One verifier and its keys (ids only)',
    tag: 'administrator',
    auth: 'admin',
    ok: { status: 200, schema: VerifierView, description: 'The registration.' },
    errors: ['unauthorized', 'not_found'],
  },
  {
    method: 'post',
    path: '/v1/admin/verifiers/:id/approve',
    id: 'approveVerifier',
    summary: 'Approve (activate) a verifier',
    tag: 'administrator',
    auth: 'admin',
    ok: { status: 200, schema: VerifierStatusResponse, description: 'Now active.' },
    errors: ['unauthorized', 'not_found'],
  },
  {
    method: 'post',
    path: '/v1/admin/verifiers/:id/suspend',
    id: 'suspendVerifier',
    summary: 'Suspend a verifier',
    tag: 'administrator',
    auth: 'admin',
    ok: { status: 200, schema: VerifierStatusResponse, description: 'Now suspended.' },
    errors: ['unauthorized', 'not_found'],
  },
  {
    method: 'patch',
    path: '/v1/admin/verifiers/:id',
    id: 'patchVerifier',
    summary: 'Change origins, claims, flows, display policy or webhook of a verifier',
    tag: 'administrator',
    auth: 'admin',
    body: PatchVerifierBody,
    ok: {
      status: 200,
      schema: PatchVerifierResponse,
      description: 'The registration (with a new webhook secret, shown once, when one was made).',
    },
    errors: ['invalid_request', 'unauthorized', 'not_found'],
  },
  {
    method: 'post',
    path: '/v1/admin/verifiers/:id/keys/:keyId/rotate',
    id: 'rotateApiKey',
    summary: 'Rotate an API key: a new key now, the old one valid until the overlap ends',
    tag: 'administrator',
    auth: 'admin',
    body: RotateKeyBody,
    ok: { status: 201, schema: RotateKeyResponse, description: 'The new key (shown once).' },
    errors: ['invalid_request', 'unauthorized', 'not_found', 'conflict'],
  },
  {
    method: 'post',
    path: '/v1/admin/verifiers/:id/keys',
    id: 'issueApiKey',
    summary: 'Issue an API key (shown once, A1)',
    tag: 'administrator',
    auth: 'admin',
    ok: { status: 201, schema: ApiKeyIssuedResponse, description: 'The new key.' },
    errors: ['unauthorized', 'not_found', 'forbidden'],
  },
  {
    method: 'delete',
    path: '/v1/admin/verifiers/:id/keys/:keyId',
    id: 'revokeApiKey',
    summary: 'Revoke an API key',
    tag: 'administrator',
    auth: 'admin',
    ok: { status: 200, schema: ApiKeyRevokedResponse, description: 'Revoked.' },
    errors: ['unauthorized', 'not_found'],
  },
  {
    method: 'get',
    path: '/v1/admin/audit',
    id: 'listAudit',
    summary: 'The audit log, newest first (H1)',
    tag: 'administrator',
    auth: 'admin',
    query: AuditQuery,
    ok: {
      status: 200,
      schema: AuditListResponse,
      description: 'Audit events; the next page: `before` = the last `seq` of this one.',
    },
    errors: ['invalid_request', 'unauthorized'],
  },
  {
    method: 'get',
    path: '/v1/admin/audit/verify',
    id: 'verifyAudit',
    summary: 'Recompute the audit hash chain (H2)',
    tag: 'administrator',
    auth: 'admin',
    ok: { status: 200, schema: AuditVerifyResponse, description: 'Whether the chain is whole.' },
    errors: ['unauthorized'],
  },
  {
    method: 'get',
    path: '/v1/dev/citizens',
    id: 'devCitizens',
    summary: 'Sample synthetic identities (dev mode)',
    tag: 'dev mode',
    auth: 'none',
    query: DevCitizensQuery,
    ok: { status: 200, schema: DevCitizensResponse, description: 'Synthetic citizens.' },
    errors: ['invalid_request'],
    devOnly: true,
  },
  {
    method: 'get',
    path: '/v1/dev/sms',
    id: 'devSms',
    summary: "The console SMS gateway's outbox (dev mode)",
    tag: 'dev mode',
    auth: 'none',
    query: DevSmsQuery,
    ok: { status: 200, schema: DevSmsResponse, description: 'Messages to the phone.' },
    errors: ['invalid_request', 'not_found'],
    devOnly: true,
  },
  {
    method: 'get',
    path: '/.well-known/jwks.json',
    id: 'jwks',
    summary: 'Public keys that verify presentations (D4)',
    tag: 'operations',
    auth: 'none',
    ok: { status: 200, schema: JwksResponse, description: 'A JWK set.' },
    errors: [],
  },
  {
    method: 'get',
    path: '/healthz',
    id: 'healthz',
    summary: 'Liveness: the process is up',
    tag: 'operations',
    auth: 'none',
    ok: { status: 200, schema: HealthResponse, description: 'Up.' },
    errors: [],
  },
  {
    method: 'get',
    path: '/readyz',
    id: 'readyz',
    summary: 'Readiness: this node should get traffic',
    description:
      'Runs the readiness checks within a time bound: the stores answer, Redis answers, the ' +
      'record store still holds its deployment marker, the node is not shutting down. Answers ' +
      '503 with `internal` naming the first failing check otherwise.',
    tag: 'operations',
    auth: 'none',
    ok: { status: 200, schema: ReadyResponse, description: 'Ready.' },
    errors: [],
  },
  {
    method: 'get',
    path: '/metrics',
    id: 'metrics',
    summary: "This node's metrics (Prometheus text format)",
    description:
      "For the operator's scraper, not the internet. With `METRICS_TOKEN` set the scraper sends " +
      '`Authorization: Bearer <METRICS_TOKEN>` (else 401); without it the endpoint is open in ' +
      'dev mode and answers 404 in production. Sessions started and ended by flow and outcome, ' +
      'latency histograms (HTTP, socket commands, approve→data, register, Redis), sockets per ' +
      'namespace, rate-limit refusals by limit, reaper backlog and lag, readiness, work in ' +
      'flight and Node process metrics; no personal data in any label. README: "Metrics".',
    tag: 'operations',
    auth: 'metrics',
    ok: {
      status: 200,
      schema: zod.string(),
      description: 'The text exposition format 0.0.4.',
      contentType: 'text/plain; version=0.0.4; charset=utf-8',
    },
    errors: ['unauthorized', 'not_found'],
  },
  {
    method: 'get',
    path: '/openapi.json',
    id: 'openapi',
    summary: 'This document',
    tag: 'operations',
    auth: 'none',
    ok: { status: 200, schema: OpenApiResponse, description: 'OpenAPI 3.1.' },
    errors: [],
  },
  {
    method: 'get',
    path: '/docs',
    id: 'docs',
    summary: 'A page that shows this document (dev mode)',
    tag: 'dev mode',
    auth: 'none',
    ok: {
      status: 200,
      schema: zod.string(),
      description: 'HTML.',
      contentType: 'text/html',
    },
    errors: [],
    devOnly: true,
  },
];

/**
 * Routes the app serves that are not the API: the built front ends (static files) and the dev
 * demo pages. Matched by prefix of Hono's route pattern.
 */
export const nonApiRoutes: readonly { prefix: string; why: string }[] = [
  { prefix: '/widget/', why: "the clerk's widget script (static files)" },
  { prefix: '/citizen', why: "the citizen's phone app (static files)" },
  { prefix: '/demo/', why: "dev mode's demo host pages and their backends' session routes" },
];

/** Whether a route pattern belongs to the front ends (see {@link nonApiRoutes}). */
export function isNonApiRoute(path: string): boolean {
  return path === '/' || nonApiRoutes.some((r) => path.startsWith(r.prefix));
}
