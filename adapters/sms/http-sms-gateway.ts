/**
 * The HTTP SMS gateway (PRODUCT F3): hands each message to the operator's SMS provider as one
 * JSON POST. The contract the provider (or a small shim in front of it) implements:
 *
 * - `POST <url>` with `content-type: application/json` and the body
 *   `{ "to": "+48600100200", "text": "…", "messageId": "<id>", "sender"?: "mDok" }`;
 * - the configured auth header (default `authorization: <value>`, e.g. `Bearer <token>`);
 * - `idempotency-key: <messageId>`: the same on every retry of one message, so a provider that
 *   received a message whose answer was lost sends it once;
 * - any 2xx means accepted; 408, 425, 429 and 5xx (and timeouts, refused connections) are
 *   retried after a jittered, growing pause (`retry-after` in seconds is honoured up to a cap);
 *   any other status is final.
 *
 * Each attempt is bounded by `timeoutMs`, and retries by `retries`, so the caller (a clerk's
 * request waiting for the code to go out) waits at most about
 * `(retries + 1) × timeoutMs + retries × maxBackoffMs`. Errors and log lines carry the message id,
 * attempt and status only: never the phone number, the text or the code in it (PRODUCT "no
 * personal data in logs").
 */
import { randomUUID } from 'node:crypto';
import type { SmsGateway } from './sms-gateway.js';

/** Options of {@link createHttpSmsGateway}. */
export interface HttpSmsGatewayOptions {
  /** The provider's endpoint (http or https). */
  url: string;
  /** Value of the auth header (e.g. `Bearer <token>`). Default: none sent. */
  auth?: string;
  /** Name of the auth header. Default `authorization`. */
  authHeader?: string;
  /** Optional `sender` field (alphanumeric sender id), when the provider wants one. */
  sender?: string;
  /** Longest wait for one attempt's answer, in ms. Default 3000. */
  timeoutMs?: number;
  /** Attempts after the first one, for retryable failures. Default 2. */
  retries?: number;
  /** First pause before a retry, in ms; it doubles each time, with full jitter. Default 200. */
  backoffMs?: number;
  /** Longest pause before a retry (also caps `retry-after`), in ms. Default 2000. */
  maxBackoffMs?: number;
  /** Told of each attempt's outcome (for a log line without personal data). Default: nothing. */
  onAttempt?: (attempt: SmsAttempt) => void;
  /** The fetch to use. Default: the global fetch. */
  fetch?: typeof fetch;
  /** Random number in [0, 1) for the jitter. Default `Math.random`. */
  random?: () => number;
}

/** One attempt to hand a message over, as reported to `onAttempt` (no personal data). */
export interface SmsAttempt {
  messageId: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** The provider's HTTP status, when it answered. */
  status?: number;
  /** What went wrong without an answer (`timeout`, `network`). */
  failure?: 'timeout' | 'network';
  ok: boolean;
  /** Whether another attempt follows. */
  willRetry: boolean;
  ms: number;
}

/** The provider refused a message or could not be reached; carries no personal data. */
export class SmsGatewayError extends Error {
  override readonly name = 'SmsGatewayError';
  readonly messageId: string;
  readonly attempts: number;
  /** The last HTTP status, when the provider answered. */
  readonly status: number | undefined;

  constructor(message: string, details: { messageId: string; attempts: number; status?: number }) {
    super(message);
    this.messageId = details.messageId;
    this.attempts = details.attempts;
    this.status = details.status;
  }
}

const RETRYABLE = new Set([408, 425, 429]);

function retryable(status: number): boolean {
  return RETRYABLE.has(status) || status >= 500;
}

/** `retry-after` in ms (seconds form only; dates are not worth the clock-skew trouble here). */
function retryAfterMs(header: string | null): number | undefined {
  if (header === null || !/^\d+$/.test(header.trim())) return undefined;
  return Number(header.trim()) * 1000;
}

/** An SMS gateway that POSTs each message to the provider's HTTP endpoint. */
export function createHttpSmsGateway(options: HttpSmsGatewayOptions): SmsGateway {
  const url = new URL(options.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`the SMS gateway URL must be http or https, got ${url.protocol}`);
  }
  const timeoutMs = options.timeoutMs ?? 3000;
  const retries = Math.max(0, Math.floor(options.retries ?? 2));
  const backoffMs = options.backoffMs ?? 200;
  const maxBackoffMs = options.maxBackoffMs ?? 2000;
  const doFetch = options.fetch ?? fetch;
  const random = options.random ?? Math.random;
  const authHeader = (options.authHeader ?? 'authorization').toLowerCase();

  return {
    async send(to, text) {
      const messageId = randomUUID();
      const body = JSON.stringify({
        to,
        text,
        messageId,
        ...(options.sender === undefined ? {} : { sender: options.sender }),
      });
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'idempotency-key': messageId,
      };
      if (options.auth !== undefined) headers[authHeader] = options.auth;
      for (let attempt = 1; ; attempt++) {
        const started = performance.now();
        let status: number | undefined;
        let failure: SmsAttempt['failure'];
        let wait: number | undefined;
        try {
          const res = await doFetch(url, {
            method: 'POST',
            headers,
            body,
            signal: AbortSignal.timeout(timeoutMs),
            redirect: 'error',
          });
          status = res.status;
          wait = retryAfterMs(res.headers.get('retry-after'));
          // The body is not used; read it so the connection can be reused.
          await res.arrayBuffer().catch(() => undefined);
        } catch (error) {
          failure =
            error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
              ? 'timeout'
              : 'network';
        }
        const ok = status !== undefined && status >= 200 && status < 300;
        const again =
          !ok && attempt <= retries && (failure !== undefined || retryable(status ?? 0));
        options.onAttempt?.({
          messageId,
          attempt,
          ...(status === undefined ? {} : { status }),
          ...(failure === undefined ? {} : { failure }),
          ok,
          willRetry: again,
          ms: Math.round(performance.now() - started),
        });
        if (ok) return;
        if (!again) {
          const what = failure ?? `answered ${status}`;
          throw new SmsGatewayError(
            `the SMS provider did not accept message ${messageId} (${what}, attempt ${attempt})`,
            { messageId, attempts: attempt, ...(status === undefined ? {} : { status }) },
          );
        }
        const ceiling = Math.min(maxBackoffMs, backoffMs * 2 ** (attempt - 1));
        const pause = Math.min(maxBackoffMs, Math.max(wait ?? 0, random() * ceiling));
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    },
  };
}
