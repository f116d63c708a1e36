/**
 * A small typed client of the hub's verifier-backend API (PRODUCT §6, §8), for Node ≥ 20: create
 * a session, read its state, find sessions by your reference, cancel, and fetch the result once
 * and verify it against the hub's JWKS (issuer, audience, `typ`, session, nonce, expiry). Every
 * answer is parsed with the contract's zod schema; every error answer becomes a `HubApiError`
 * with the hub's code, its details and `Retry-After`. It holds the API key: use it on your
 * backend only, never in a page (A2).
 */
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import type { z } from 'zod';
import {
  CreateSessionResponse,
  ErrorBody,
  SessionListResponse,
  SessionResult,
  SessionStatusResponse,
  type CreateSessionBody,
} from '../../contracts/index.js';
import { HubApiError } from './hub-api-error.js';
import { verifyResult, type VerifiedResult } from './result-verifier.js';

/** Options of {@link createHubClient}. */
export interface HubClientOptions {
  /** The hub's base URL, e.g. `https://hub.example`. */
  url: string;
  /** Your API key (`mdok_…`), from the administrator. */
  apiKey: string;
  /** Your verifier id (`v_…`): the audience every signed token must name. */
  verifierId: string;
  /** The issuer signed tokens must name. Default: `url` (the hub's `PUBLIC_URL`). */
  issuer?: string;
  /** How long one call may take, in ms. Default 10,000. */
  timeoutMs?: number;
  /** The fetch to use. Default: the global one. */
  fetch?: typeof fetch;
}

/** The body of `POST /v1/sessions`, as you write it (defaults may be left out). */
export type CreateSessionInput = z.input<typeof CreateSessionBody>;

/** The verified result, and the answer it came in. */
export interface FetchedResult extends VerifiedResult {
  /** The answer as received (after its shape was checked). */
  raw: SessionResult;
}

/** The typed client. */
export interface HubClient {
  /** `POST /v1/sessions`. Keep the `nonce` you sent: `fetchResult` checks it. */
  createSession(body: CreateSessionInput): Promise<CreateSessionResponse>;
  /** `GET /v1/sessions/:id`: the state, never a claim. */
  getSession(sessionId: string): Promise<SessionStatusResponse>;
  /** `GET /v1/sessions?reference=…`: your sessions with that reference, newest first. */
  findSessions(reference: string): Promise<SessionStatusResponse[]>;
  /** `DELETE /v1/sessions/:id` (S5). */
  cancelSession(sessionId: string): Promise<SessionStatusResponse>;
  /**
   * `GET /v1/sessions/:id/result` — once, inside the display window (E3) — verified: the outcome
   * always, the presentation with raw claims only for `retain: true` requests.
   */
  fetchResult(sessionId: string, expected?: { nonce?: string }): Promise<FetchedResult>;
}

function retryAfter(res: Response, details?: { retryAfterSeconds?: number | undefined }) {
  const header = Number(res.headers.get('retry-after'));
  return Number.isFinite(header) && header > 0 ? header : details?.retryAfterSeconds;
}

/** Creates a client for one verifier's backend. */
export function createHubClient(options: HubClientOptions): HubClient {
  const base = options.url.replace(/\/$/, '');
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const jwks: JWTVerifyGetKey = createRemoteJWKSet(new URL(`${base}/.well-known/jwks.json`));

  async function call<S extends z.ZodType>(
    schema: S,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<z.output<S>> {
    let res: Response;
    try {
      res = await doFetch(base + path, {
        method,
        headers: {
          authorization: `Bearer ${options.apiKey}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new HubApiError('network', `${method} ${path}: no answer`, { status: 0, cause: error });
    }
    const json: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const parsed = ErrorBody.safeParse(json);
      if (!parsed.success) {
        throw new HubApiError('invalid_response', `${method} ${path}: ${res.status}`, {
          status: res.status,
        });
      }
      const { code, message, issues, details } = parsed.data.error;
      throw new HubApiError(code, message, {
        status: res.status,
        ...(issues ? { issues } : {}),
        attemptsLeft: details?.attemptsLeft,
        retryAfterSeconds: retryAfter(res, details),
      });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new HubApiError('invalid_response', `${method} ${path}: not the contract's answer`, {
        status: res.status,
      });
    }
    return parsed.data;
  }

  const id = (sessionId: string) => encodeURIComponent(sessionId);
  return {
    createSession: (body) => call(CreateSessionResponse, 'POST', '/v1/sessions', body),
    getSession: (sessionId) => call(SessionStatusResponse, 'GET', `/v1/sessions/${id(sessionId)}`),
    async findSessions(reference) {
      const query = new URLSearchParams({ reference });
      return (await call(SessionListResponse, 'GET', `/v1/sessions?${query}`)).sessions;
    },
    cancelSession: (sessionId) =>
      call(SessionStatusResponse, 'DELETE', `/v1/sessions/${id(sessionId)}`),
    async fetchResult(sessionId, expected = {}) {
      const raw = await call(SessionResult, 'GET', `/v1/sessions/${id(sessionId)}/result`);
      const verified = await verifyResult(raw, {
        jwks,
        issuer: options.issuer ?? base,
        verifierId: options.verifierId,
        sessionId,
        nonce: expected.nonce,
      });
      return { ...verified, raw };
    },
  };
}
