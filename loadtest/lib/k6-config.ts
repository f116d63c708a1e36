/**
 * The load tests' configuration, read from k6's `__ENV` (set with `-e NAME=value` or the
 * environment) and checked once in the init context, so a typo fails before any VU starts. The
 * only reader of `__ENV`; scenario scripts get a typed `LoadConfig`. Every variable is listed,
 * with its default, in loadtest/README.md.
 */
import { durationMs } from './duration.ts';

/** The two ways a verification scenario can load the hub. */
export type LoadModel = 'closed' | 'open';

/** Settings shared by every scenario. */
export interface LoadConfig {
  /** Base URLs of the hub nodes: `HUB_URLS` (comma-separated) or else `HUB_URL`. */
  hubUrls: string[];
  /** `ADMIN_TOKEN`: the hub's admin bearer token (required). */
  adminToken: string;
  /** `ORIGIN`: the web origin the widgets claim. */
  origin: string;
  /** `VERIFIERS`: verifiers registered by setup. */
  verifiers: number;
  /** `KEYS_PER_VERIFIER`: API keys issued to each. */
  keysPerVerifier: number;
  /** `MODEL`: `closed` (constant-vus) or `open` (constant-arrival-rate). */
  model: LoadModel;
  /** `VUS`: VUs of the closed model; also the citizen slots provisioned. */
  vus: number;
  /** `DURATION`: how long the closed or open model runs (k6 duration string). */
  duration: string;
  /** `RATE`: verifications started per second in the open model (a whole number: k6's `rate`). */
  rate: number;
  /** `MAX_VUS`: VUs the open model may use (≤ 100 citizens). */
  maxVus: number;
  /** `DISPLAY_SECONDS`: the display window each request asks for. */
  displaySeconds: number;
  /** `STEP_TIMEOUT_MS`: how long one step may wait for the hub. */
  stepTimeoutMs: number;
  /** `APPROVE_P99_MS`: the open model's approve→data p99 target. */
  approveP99Ms: number;
}

/** Reads a string variable. */
export function envString(name: string, fallback: string): string {
  const value = __ENV[name];
  return value === undefined || value.trim() === '' ? fallback : value.trim();
}

/** Reads an integer variable within [min, max]; throws on anything else. */
export function envInt(name: string, fallback: number, min: number, max: number): number {
  const raw = __ENV[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/** Reads a positive number variable. */
export function envNumber(name: string, fallback: number): number {
  const raw = __ENV[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} must be a positive number, got "${raw}"`);
  }
  return value;
}

/** Reads a k6 duration variable (checked). */
export function envDuration(name: string, fallback: string): string {
  const value = envString(name, fallback);
  try {
    durationMs(value);
  } catch {
    throw new Error(`${name} must be a duration like 90s or 2m, got "${value}"`);
  }
  return value;
}

/** Reads the shared settings; `defaults` are the scenario's own. */
export function loadConfig(defaults: { vus?: number; model?: LoadModel } = {}): LoadConfig {
  const urls = envString('HUB_URLS', '')
    .split(',')
    .map((u) => u.trim().replace(/\/+$/, ''))
    .filter((u) => u !== '');
  const hubUrls =
    urls.length > 0 ? urls : [envString('HUB_URL', 'http://localhost:3000').replace(/\/+$/, '')];
  for (const url of hubUrls) {
    if (!/^https?:\/\/[^/]+$/.test(url)) throw new Error(`not a hub base URL: "${url}"`);
  }
  const adminToken = envString('ADMIN_TOKEN', '');
  if (adminToken === '') {
    throw new Error('ADMIN_TOKEN is required (npm start and npm run cluster print it)');
  }
  const model = envString('MODEL', defaults.model ?? 'closed');
  if (model !== 'closed' && model !== 'open') {
    throw new Error(`MODEL must be closed or open, got "${model}"`);
  }
  const origin = envString('ORIGIN', 'https://loadtest.example');
  if (!/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i.test(origin)) {
    throw new Error(`ORIGIN must be scheme://host[:port], got "${origin}"`);
  }
  return {
    hubUrls,
    adminToken,
    origin,
    verifiers: envInt('VERIFIERS', 4, 1, 100),
    keysPerVerifier: envInt('KEYS_PER_VERIFIER', 1, 1, 10),
    model,
    vus: envInt('VUS', defaults.vus ?? 10, 1, 100),
    duration: envDuration('DURATION', '1m'),
    // k6 reads constant-arrival-rate's `rate` as an integer and refuses the options otherwise.
    rate: envInt('RATE', 10, 1, 100_000),
    maxVus: envInt('MAX_VUS', 50, 1, 100),
    displaySeconds: envInt('DISPLAY_SECONDS', 30, 1, 600),
    stepTimeoutMs: envInt('STEP_TIMEOUT_MS', 10_000, 100, 600_000),
    approveP99Ms: envNumber('APPROVE_P99_MS', 10),
  };
}
