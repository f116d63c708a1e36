/**
 * The hub's HTTP API as the load generator calls it (PRODUCT §8 wire details): admin, dev-mode,
 * citizen and verifier-backend routes, over an HTTP client that is handed in (`k6/http`'s
 * `asyncRequest` in k6, `fetch` under vitest). Each call names its request with a path template
 * (`POST /v1/sessions`, `DELETE /v1/sessions/:id`), so k6's HTTP metrics group by route and never
 * carry an id. Failures become `HubCallError`s that say which call failed and with which V2
 * error code, never a body value.
 */
import type {
  ActivationResponse,
  CreateSessionResponse,
  DevCitizen,
  LoginResponse,
  PeerSessionResponse,
  SmsMessage,
} from '../../contracts/index.ts';

/** One HTTP request. */
export interface HttpRequest {
  method: string;
  url: string;
  /** Sent as `Authorization: Bearer <auth>`. */
  auth?: string;
  /** Sent as a JSON body. */
  json?: unknown;
  /** The route template, for metrics and messages (no ids in it). */
  name: string;
}

/** An HTTP answer: status (0 when nothing came back) and the parsed JSON body (or null). */
export interface HttpAnswer {
  status: number;
  body: unknown;
  /** Why nothing came back, when status is 0. */
  error?: string;
}

/** Makes an HTTP request. */
export type HttpClient = (request: HttpRequest) => Promise<HttpAnswer>;

/** An HTTP call that did not answer what the hub's contract says it should. */
export class HubCallError extends Error {
  override readonly name = 'HubCallError';
  /** The HTTP status (0: no answer). */
  status: number;
  /** The V2 error code of the answer, if it had one. */
  code: string | undefined;
  constructor(message: string, status: number, code: string | undefined) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** A verifier registration as the admin API creates it. */
export interface VerifierBody {
  name: string;
  kind: string;
  branch?: string;
  claims: Record<string, string[]>;
  flows: string[];
  origins: string[];
  retain?: boolean;
  displaySeconds?: number;
}

/** The calls the load tests make on one hub node. */
export interface HubApi {
  readonly baseUrl: string;
  createVerifier(adminToken: string, body: VerifierBody): Promise<{ verifierId: string }>;
  approveVerifier(adminToken: string, verifierId: string): Promise<void>;
  suspendVerifier(adminToken: string, verifierId: string): Promise<void>;
  issueKey(adminToken: string, verifierId: string): Promise<{ keyId: string; apiKey: string }>;
  /** `GET /v1/dev/citizens?limit=N` (dev mode; the hub gives at most 100). */
  devCitizens(limit: number): Promise<DevCitizen[]>;
  login(pesel: string): Promise<LoginResponse>;
  activate(citizenToken: string, phone: string, deviceName: string): Promise<ActivationResponse>;
  createSession(apiKey: string, body: unknown): Promise<CreateSessionResponse>;
  /** `DELETE /v1/sessions/:id`; true when the hub cancelled it (false if it had ended). */
  cancelSession(apiKey: string, sessionId: string): Promise<boolean>;
  /** `GET /v1/dev/sms?phone=` of this node's console SMS gateway, oldest first. */
  smsOutbox(phone: string): Promise<SmsMessage[]>;
  createPeerSession(token: string, body: unknown): Promise<PeerSessionResponse>;
}

/** The V2 error code of an error body, if it has one. */
export function errorCodeOf(body: unknown): string | undefined {
  const error = (body as { error?: { code?: unknown } } | null)?.error;
  return typeof error?.code === 'string' ? error.code : undefined;
}

/** Throws a `HubCallError` unless the answer has `status`; returns its body. */
export function expectStatus<T>(answer: HttpAnswer, status: number, what: string): T {
  if (answer.status === status) return answer.body as T;
  const code = errorCodeOf(answer.body);
  const message = (answer.body as { error?: { message?: unknown } } | null)?.error?.message;
  const detail =
    answer.status === 0
      ? `no answer (${answer.error ?? 'connection failed'})`
      : `HTTP ${answer.status}${code ? ` ${code}` : ''}${typeof message === 'string' ? `: ${message}` : ''}`;
  throw new HubCallError(`${what}: expected HTTP ${status}, got ${detail}`, answer.status, code);
}

/** The API of the hub node at `baseUrl` over `http`. */
export function hubApi(baseUrl: string, http: HttpClient): HubApi {
  const base = baseUrl.replace(/\/+$/, '');
  const call = (method: string, path: string, name: string, auth?: string, json?: unknown) =>
    http({
      method,
      url: base + path,
      name: `${method} ${name}`,
      ...(auth === undefined ? {} : { auth }),
      ...(json === undefined ? {} : { json }),
    });
  const admin = (id: string) => `/v1/admin/verifiers/${encodeURIComponent(id)}`;
  const setStatus = async (token: string, id: string, action: string, what: string) => {
    const answer = await call(
      'POST',
      `${admin(id)}/${action}`,
      `/v1/admin/verifiers/:id/${action}`,
      token,
    );
    expectStatus(answer, 200, what);
  };
  return {
    baseUrl: base,
    async createVerifier(adminToken, body) {
      const answer = await call(
        'POST',
        '/v1/admin/verifiers',
        '/v1/admin/verifiers',
        adminToken,
        body,
      );
      return expectStatus(answer, 201, 'registering a verifier');
    },
    approveVerifier: (adminToken, verifierId) =>
      setStatus(adminToken, verifierId, 'approve', 'approving a verifier'),
    suspendVerifier: (adminToken, verifierId) =>
      setStatus(adminToken, verifierId, 'suspend', 'suspending a verifier'),
    async issueKey(adminToken, verifierId) {
      const path = `${admin(verifierId)}/keys`;
      const answer = await call('POST', path, '/v1/admin/verifiers/:id/keys', adminToken);
      return expectStatus(answer, 201, 'issuing an API key');
    },
    async devCitizens(limit) {
      const answer = await call('GET', `/v1/dev/citizens?limit=${limit}`, '/v1/dev/citizens');
      return expectStatus<{ citizens: DevCitizen[] }>(answer, 200, 'listing dev citizens').citizens;
    },
    async login(pesel) {
      const answer = await call('POST', '/v1/citizen/login', '/v1/citizen/login', undefined, {
        pesel,
      });
      return expectStatus(answer, 200, 'citizen login');
    },
    async activate(citizenToken, phone, deviceName) {
      const answer = await call(
        'POST',
        '/v1/citizen/activation',
        '/v1/citizen/activation',
        citizenToken,
        { phone, deviceName },
      );
      return expectStatus(answer, 201, 'activating a device');
    },
    async createSession(apiKey, body) {
      const answer = await call('POST', '/v1/sessions', '/v1/sessions', apiKey, body);
      return expectStatus(answer, 201, 'POST /v1/sessions');
    },
    async cancelSession(apiKey, sessionId) {
      const path = `/v1/sessions/${encodeURIComponent(sessionId)}`;
      const answer = await call('DELETE', path, '/v1/sessions/:id', apiKey);
      return answer.status === 200;
    },
    async smsOutbox(phone) {
      const path = `/v1/dev/sms?phone=${encodeURIComponent(phone)}`;
      const answer = await call('GET', path, '/v1/dev/sms');
      return expectStatus<{ messages: SmsMessage[] }>(answer, 200, 'reading the SMS outbox')
        .messages;
    },
    async createPeerSession(token, body) {
      const answer = await call(
        'POST',
        '/v1/citizen/peer-sessions',
        '/v1/citizen/peer-sessions',
        token,
        body,
      );
      return expectStatus(answer, 201, 'POST /v1/citizen/peer-sessions');
    },
  };
}
