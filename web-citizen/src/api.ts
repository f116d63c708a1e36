/**
 * The hub's HTTP API as the citizen app calls it (PRODUCT §6, §8): one `fetch` wrapper that
 * adds the bearer token, reads the V2 error shape, turns a dead network into `network`, and
 * answers a typed `Result` instead of throwing. The page is served by the hub, so the API is on
 * the same origin.
 */
import type {
  ActivationResponse,
  DevCitizen,
  DeviceView,
  HistoryPage,
  LoginResponse,
  PeerSessionResponse,
} from '../../contracts/http.js';
import type {
  OidcLoginResponse,
  OidcProviderView,
  OidcStartResponse,
} from '../../contracts/oidc.js';
import type { VerificationRequest } from '../../contracts/requests.js';
import { errorCodes } from '../../contracts/errors.js';
import { sampleServerDate } from './clock.js';
import type { AppError } from './error-text.js';

/** Success with data, or an error the app can explain. */
export type Result<T> = { ok: true; data: T } | { ok: false; error: AppError };

/** Which credential a call uses. */
export type TokenKind = 'citizen' | 'device';

/** What the API client needs from the app. */
export interface ApiOptions {
  /** Origin of the hub, e.g. `location.origin`. */
  base: string;
  /** The current token of a kind, or null. */
  token: (kind: TokenKind) => string | null;
  /** Called when a token was refused (401), so the app can log out or re-activate. */
  onUnauthorized?: (kind: TokenKind) => void;
}

function toAppError(body: unknown, status: number): AppError {
  const error = (body as { error?: { code?: unknown; message?: unknown; issues?: unknown } } | null)
    ?.error;
  const code = (errorCodes as readonly unknown[]).includes(error?.code)
    ? (error!.code as AppError['code'])
    : status === 401
      ? 'unauthorized'
      : 'internal';
  const first = Array.isArray(error?.issues) ? (error.issues[0] as { path?: unknown }) : null;
  return {
    code,
    message: typeof error?.message === 'string' ? error.message : '',
    ...(typeof first?.path === 'string' ? { where: first.path } : {}),
  };
}

/** The typed API client. */
export interface Api {
  devCitizens(limit: number): Promise<Result<{ citizens: DevCitizen[] }>>;
  /** Dev mode's shortcut past the identity provider. */
  login(pesel: string): Promise<Result<LoginResponse>>;
  /** The identity provider the login button names (`not_found` when there is none). */
  oidcProvider(): Promise<Result<OidcProviderView>>;
  /** Starts a login at the provider; the hub sets its login cookie on this origin. */
  oidcStart(lang: 'pl' | 'en'): Promise<Result<OidcStartResponse>>;
  /** Hands the provider's answer (the callback page's query string) to the hub. */
  oidcCallback(query: string): Promise<Result<OidcLoginResponse>>;
  activate(phone: string, deviceName: string): Promise<Result<ActivationResponse>>;
  devices(): Promise<Result<{ devices: DeviceView[] }>>;
  deactivateDevice(deviceId: string): Promise<Result<DeviceView>>;
  deactivateAll(): Promise<Result<{ deactivated: number }>>;
  /** A page of the history, newest first; `before`: the previous page's `next`. */
  history(before?: string): Promise<Result<HistoryPage>>;
  peerSession(request: VerificationRequest): Promise<Result<PeerSessionResponse>>;
}

/** Creates the API client. */
export function createApi(options: ApiOptions): Api {
  async function call<T>(
    method: string,
    path: string,
    kind: TokenKind | 'device-or-citizen' | null,
    body?: unknown,
  ): Promise<Result<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    let used: TokenKind | null = null;
    if (kind) {
      used = kind === 'device-or-citizen' ? (options.token('device') ? 'device' : 'citizen') : kind;
      const token = options.token(used);
      if (!token) return { ok: false, error: { code: 'unauthorized', message: 'no token' } };
      headers.authorization = `Bearer ${token}`;
    }
    if (body !== undefined) headers['content-type'] = 'application/json';
    const sentAt = Date.now();
    let response: Response;
    try {
      response = await fetch(options.base + path, {
        method,
        headers,
        cache: 'no-store',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      return { ok: false, error: { code: 'network', message: String(error) } };
    }
    sampleServerDate(response.headers.get('date'), sentAt, Date.now());
    let parsed: unknown = null;
    try {
      parsed = await response.json();
    } catch {
      // An empty or non-JSON body (a proxy's error page): judged by the status alone.
    }
    if (response.ok) return { ok: true, data: parsed as T };
    const error = toAppError(parsed, response.status);
    if (error.code === 'unauthorized' && used) options.onUnauthorized?.(used);
    return { ok: false, error };
  }

  const any = 'device-or-citizen' as const;
  return {
    devCitizens: (limit) => call('GET', `/v1/dev/citizens?limit=${limit}`, null),
    login: (pesel) => call('POST', '/v1/citizen/login', null, { pesel }),
    oidcProvider: () => call('GET', '/v1/citizen/oidc', null),
    oidcStart: (lang) => call('POST', '/v1/citizen/oidc/start', null, { lang }),
    oidcCallback: (query) => call('POST', '/v1/citizen/oidc/callback', null, { query }),
    activate: (phone, deviceName) =>
      call('POST', '/v1/citizen/activation', 'citizen', { phone, deviceName }),
    devices: () => call('GET', '/v1/citizen/devices', any),
    deactivateDevice: (id) => call('DELETE', `/v1/citizen/devices/${encodeURIComponent(id)}`, any),
    deactivateAll: () => call('DELETE', '/v1/citizen/activation', any),
    history: (before) =>
      call(
        'GET',
        `/v1/citizen/history${before === undefined ? '' : `?before=${encodeURIComponent(before)}`}`,
        any,
      ),
    peerSession: (request) => call('POST', '/v1/citizen/peer-sessions', any, { request }),
  };
}
