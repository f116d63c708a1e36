/**
 * The hub's typed configuration. `hub/main.ts` parses the environment into it; tests build it
 * with `createConfig({ ...overrides })`. Every field has a default fit for the embedded default.
 */
import { z } from 'zod';
import { LimitOverridesSchema } from './limits/limit-table.js';
import { OidcConfigSchema } from './oidc/oidc-config.js';

const ms = z.number().int().positive();

/** Configuration schema; the defaults are PRODUCT's numbers. */
export const HubConfigSchema = z.strictObject({
  /** Name of this node in logs and audit events. Default: `hub-<pid>`. */
  nodeId: z.string().min(1).default(`hub-${process.pid}`),
  /** Public base URL (issuer of presentations, origin of the citizen page). */
  publicUrl: z.url().default('http://localhost:3000'),
  /** Dev mode: login stand-in, sample citizens, SMS outbox. Default true. */
  devMode: z.boolean().default(true),
  /** S3 pairing window (citizen must join). Default 180 s. */
  pairingWindowMs: ms.default(180_000),
  /** S3 approval window (after joining). Default 120 s. */
  approvalWindowMs: ms.default(120_000),
  /** S3 hard cap on a session's whole life. Default 10 min. */
  maxSessionMs: ms.default(600_000),
  /** How long an approved session may take to read the register and deliver. Default 30 s. */
  deliveryTimeoutMs: ms.default(30_000),
  /** A2 widget token lifetime (≤ 5 min). Default 5 min. */
  widgetTokenTtlMs: ms.max(300_000).default(300_000),
  /** Citizen (login) token lifetime. Default 1 h. */
  citizenTokenTtlMs: ms.default(3_600_000),
  /**
   * Overrides of the volume limits and guess budgets (P3 among them); the defaults and what
   * each guards are in `hub/limits/limit-table.ts`.
   */
  limits: LimitOverridesSchema,
  /**
   * Proxies whose `X-Forwarded-For` is believed (exact IPs or CIDRs, v4/v6). The client's IP is
   * the rightmost address not in this list; with none, the TCP peer. Default: none.
   */
  trustedProxies: z.array(z.string()).default([]),
  /** Sockets one token (a widget's session, a device) may hold open on one node. Default 5. */
  maxSocketsPerToken: z.number().int().positive().default(5),
  /** Sockets one node holds open at most (both namespaces). Default 50,000. */
  maxSocketsPerNode: z.number().int().positive().default(50_000),
  /** HTTP: time to receive a request's headers. Default 10 s (Node's: 60 s). */
  headersTimeoutMs: ms.default(10_000),
  /** HTTP: time to receive a whole request. Default 15 s (Node's: 5 min). */
  requestTimeoutMs: ms.default(15_000),
  /** P1 oldest QR payload accepted, in seconds. Default 5. */
  qrMaxAgeSeconds: z.number().int().positive().default(5),
  /** V1 HTTP body size limit. Default 64 KiB. */
  bodyLimitBytes: z.number().int().positive().default(65_536),
  /** V1 socket message size limit. Default 16 KiB. */
  socketMaxPayloadBytes: z.number().int().positive().default(16_384),
  /** How often each node looks for sessions whose window ended. Default 250 ms. */
  reaperIntervalMs: ms.default(250),
  /** How often each node reconciles its sockets with the store (lost events). Default 5 s. */
  watchdogIntervalMs: ms.default(5_000),
  /** How long an ended session's state stays readable. Default 15 min. */
  endedRetentionMs: ms.default(900_000),
  /** Webhooks: how long one POST may take before it counts as failed. Default 5 s. */
  webhookTimeoutMs: ms.default(5_000),
  /** Webhooks: attempts before an event is given up. Default 12 (about an hour of back-off). */
  webhookMaxAttempts: z.number().int().positive().default(12),
  /** Webhooks: the first retry's delay; each next one doubles, up to the maximum. Default 1 s. */
  webhookRetryBaseMs: ms.default(1_000),
  /** Webhooks: the longest delay between two attempts. Default 10 min. */
  webhookRetryMaxMs: ms.default(600_000),
  /** Webhooks: how often each node looks for due events. Default 500 ms. */
  webhookPollIntervalMs: ms.default(500),
  /** Webhooks: POSTs one node has in flight to one verifier at most. Default 4. */
  webhookConcurrencyPerVerifier: z.number().int().positive().default(4),
  /** Webhooks: how long a rotated secret still signs beside the new one. Default 24 h. */
  webhookSecretOverlapMs: z.number().int().nonnegative().default(86_400_000),
  /** Origins allowed to open verifier sockets for F4 peer sessions. Default: the public URL's. */
  citizenOrigins: z.array(z.string()).default([]),
  /** Citizen login through an OpenID Connect provider; absent: no such login. */
  oidc: OidcConfigSchema.optional(),
  /** Longest wait for any register call; then `register_unavailable`. Default 5 s. */
  registerTimeoutMs: ms.default(5_000),
  /** Longest a readiness check (store read, Redis PING) may take before `/readyz` fails. Default 1 s. */
  readinessTimeoutMs: ms.default(1_000),
  /** How often readiness is re-checked in the background (log lines, API guard). Default 2 s. */
  readinessIntervalMs: ms.default(2_000),
  /** Graceful shutdown: how long in-flight requests and socket commands may take. Default 10 s. */
  shutdownGraceMs: ms.default(10_000),
  /**
   * Graceful shutdown: how long to keep serving, not ready, before closing the port, so a load
   * balancer notices the failing `/readyz` first. Default 0.
   */
  shutdownDelayMs: z.number().int().nonnegative().default(0),
});

/** The hub's configuration. */
export type HubConfig = z.infer<typeof HubConfigSchema>;

/** A full configuration from partial overrides (tests, embedding). */
export function createConfig(overrides: z.input<typeof HubConfigSchema> = {}): HubConfig {
  const config = HubConfigSchema.parse(overrides);
  if (config.citizenOrigins.length === 0)
    config.citizenOrigins = [new URL(config.publicUrl).origin];
  return config;
}
