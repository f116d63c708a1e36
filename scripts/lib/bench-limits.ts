/**
 * Which limits the benchmarks raise, and why: the hub's limits stay on in every benchmark, but one
 * load generator is one client IP and one API key, which a crowd of clerks and phones is not, so
 * the per-IP and per-key (per-verifier) limits it alone would exhaust are raised through the
 * documented `LIMIT_<NAME>=points/duration` variables — only those, only their points (the
 * windows stay), and each benchmark prints what it raised. The limiter still counts every
 * request.
 */
import { createConfig } from '../../hub/config.js';
import {
  limitTable,
  parseLimitRule,
  type LimitName,
  type LimitTable,
} from '../../hub/limits/limit-table.js';

const MANY = 1_000_000;

/**
 * What enrolling `devices` devices of (at most) 100 dev citizens from one IP exceeds: the per-IP
 * limit (a listing, a login per citizen, an activation per device), and with more than one
 * device per citizen the per-citizen request and activation limits.
 */
function enrolmentLimits(devices: number): Record<string, string> {
  const defaults = limitTable();
  const citizens = Math.min(devices, 100);
  const perCitizen = Math.ceil(devices / citizens);
  return {
    ...(1 + citizens + devices > defaults.ip.points ? { LIMIT_IP: `${MANY}/10s` } : {}),
    ...(perCitizen > defaults.citizen.points ? { LIMIT_CITIZEN: `${MANY}/10s` } : {}),
    ...(perCitizen > defaults.activations.points ? { LIMIT_ACTIVATIONS: `${perCitizen}/1h` } : {}),
  };
}

/** The limits one load generator (one IP, one API key) would exhaust in the load runs. */
export function loadLimits(phones: number): Record<string, string> {
  return {
    LIMIT_API_KEY: `${MANY}/1s`,
    LIMIT_SESSION_CREATE: `${MANY}/1s`,
    LIMIT_IP_HANDSHAKE: `${MANY}/10s`,
    ...enrolmentLimits(phones),
  };
}

/** What enrolling and connecting `sockets` devices from one IP needs (one socket per device). */
export function idleLimits(sockets: number): Record<string, string> {
  const nodeCap = createConfig().maxSocketsPerNode;
  return {
    LIMIT_IP_HANDSHAKE: `${MANY}/10s`,
    ...enrolmentLimits(sockets),
    ...(sockets + 100 > nodeCap ? { MAX_SOCKETS_PER_NODE: String(sockets + 100) } : {}),
  };
}

/** The load limits as the hub's table, for timing the limiter with what the hub ran. */
export function tableOf(env: Record<string, string>): LimitTable {
  const overrides: Partial<Record<LimitName, { points: number; seconds: number }>> = {};
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith('LIMIT_')) {
      overrides[key.slice(6).toLowerCase() as LimitName] = parseLimitRule(value);
    }
  }
  return limitTable(overrides);
}
