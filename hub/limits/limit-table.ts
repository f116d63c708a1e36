/**
 * Every volume limit and guess budget of the hub in one table (issue "abuse resistance"; SPEC
 * A7–A9, P3): a name, what it counts, its key, and its default `points` per `seconds`. Changing
 * a limit is one line of configuration: `LIMIT_<NAME>=<points>/<duration>` (e.g.
 * `LIMIT_SESSION_CREATE=50/1s`, `LIMIT_CODE_IP=60/1h`), parsed by `hub/main.ts`.
 *
 * Two kinds share the table. A *rate* counts every request and answers `rate_limited` once the
 * window's points are used. A *budget* counts wrong secrets (pairing code, SMS code, match
 * number): an attempt reserves a point before the check and gets it back when the secret was
 * right, so parallel guesses cannot slip past the count, and only wrong ones use it up; an
 * exhausted budget answers `too_many_attempts`. docs/SECURITY.md derives the numbers.
 */
import { z } from 'zod';

/** One limit: `points` per `seconds`. */
export interface LimitRule {
  points: number;
  seconds: number;
}

/** The limits, their defaults and what each one guards. */
export const limitDefaults = {
  // ---- verifier backends (per API key / verifier) ----
  /** Any request of one API key. */
  api_key: { points: 100, seconds: 1 },
  /** `POST /v1/sessions` per verifier. */
  session_create: { points: 20, seconds: 1 },
  /** F5 privileged lookups per verifier (A6). */
  privileged: { points: 30, seconds: 60 },
  /** F2/F3 requests one verifier sends one citizen (push, SMS): protects the citizen's slot. */
  subject_requests: { points: 3, seconds: 1800 },
  /** F2 pushes and F3 SMS to one citizen from all verifiers together. */
  subject_messages: { points: 10, seconds: 3600 },
  /** F2/F3 subject look-ups per verifier (probing whether people are enrolled). */
  subject_lookups: { points: 60, seconds: 60 },
  // ---- citizens ----
  /** Any request of one citizen (citizen or device token). */
  citizen: { points: 30, seconds: 10 },
  /** F4 peer sessions one citizen opens. */
  peer_sessions: { points: 10, seconds: 600 },
  /** Device activations per citizen. */
  activations: { points: 5, seconds: 3600 },
  // ---- network ----
  /** Unauthenticated and citizen HTTP requests per client IP. */
  ip: { points: 300, seconds: 10 },
  /** Socket handshakes per client IP. */
  ip_handshake: { points: 200, seconds: 10 },
  /** Commands per socket; twice the rate in one window disconnects the socket. */
  socket_events: { points: 20, seconds: 1 },
  // ---- guess budgets (wrong secrets) ----
  /** Wrong pairing codes / forged QRs per device (P3). */
  code_device: { points: 5, seconds: 600 },
  /** Wrong pairing codes / forged QRs / match numbers per citizen (P3). */
  code_citizen: { points: 5, seconds: 600 },
  /** Wrong pairing codes per client IP, whatever the accounts behind it. */
  code_ip: { points: 30, seconds: 3600 },
  /** Wrong pairing codes cluster-wide: past it, joining by typed code pauses (QR still works). */
  code_cluster: { points: 600, seconds: 60 },
  /** Wrong codes, forged QRs or match numbers per session (P3); the session ends after them. */
  code_session: { points: 5, seconds: 600 },
  /** Wrong SMS codes a verifier types, over all its sessions (never the citizen's budget). */
  otp_verifier: { points: 50, seconds: 3600 },
} as const satisfies Record<string, LimitRule>;

/** A limit's name. */
export type LimitName = keyof typeof limitDefaults;

/** Every limit's name. */
export const limitNames = Object.keys(limitDefaults) as LimitName[];

/** The limits in force: the defaults with any overrides. */
export type LimitTable = Record<LimitName, LimitRule>;

const unitSeconds = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/** Parses `<points>/<n><s|m|h|d>` (e.g. `20/1s`, `5/10m`); throws with a readable message. */
export function parseLimitRule(text: string): LimitRule {
  const match = /^(\d+)\/(\d+)([smhd])$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not <points>/<duration>, e.g. 20/1s or 5/10m`);
  const points = Number(match[1]);
  const seconds = Number(match[2]) * unitSeconds[match[3] as keyof typeof unitSeconds];
  if (points < 1 || seconds < 1) throw new Error(`"${text}": points and duration must be > 0`);
  return { points, seconds };
}

/** The environment variable that overrides a limit (`code_ip` → `LIMIT_CODE_IP`). */
export function limitEnvName(name: LimitName): string {
  return `LIMIT_${name.toUpperCase()}`;
}

/** Limit overrides as the config schema takes them. */
export const LimitOverridesSchema = z
  .partialRecord(
    z.enum(limitNames as [LimitName, ...LimitName[]]),
    z.strictObject({
      points: z.number().int().positive(),
      seconds: z.number().int().positive(),
    }),
  )
  .default({});

/** The full table from overrides. */
export function limitTable(overrides: Partial<LimitTable> = {}): LimitTable {
  return { ...limitDefaults, ...overrides };
}
