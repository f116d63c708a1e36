/**
 * What the hub's limits cost per verification, measured directly: the hub has no switch that
 * turns its limiter off, so instead of comparing a hub with and without limits this times, in
 * this process, the exact limiter calls one F1 verification makes on the hub, on the hub's own
 * limiter (`hub/limits/limiter.ts`, in memory as under `npm start`) with the same table:
 *
 * - `hit('api_key')` (hub/http/auth.middleware.ts) and `hit('session_create')`
 *   (hub/sessions/verifier-service.ts) for `POST /v1/sessions`;
 * - `hit('ip_handshake')` (hub/sockets/socket-guard.ts) for the widget's handshake;
 * - `socketEvent` (socket-guard.ts) for `pairing:join` and for `request:approve`;
 * - `reserve([code_cluster])` and its refund (hub/sessions/citizen-service.ts), and
 *   `reserve([code_device, code_citizen, code_ip])` and its refund (hub/sessions/code-check.ts),
 *   for joining by a right code.
 *
 * Budget keys rotate over as many phones as the benchmark uses, so the counters' maps hold as
 * many entries as in the measured hub. Socket-event keys change every two verifications: a
 * benchmark phone sends a few commands per one-second window, so the hub makes a fresh counter
 * about every fourth event — the same proportion here, and never the `limited` path.
 */
import { createLimiter } from '../../hub/limits/limiter.js';
import type { LimitTable } from '../../hub/limits/limit-table.js';

/** Limiter calls per F1 verification (counting each refund as one call). */
const limiterCallsPerVerification = 9;

/** The measured cost. */
export interface LimiterCost {
  verifications: number;
  /** CPU time of this process per verification's limiter calls, µs. */
  cpuUsPerVerification: number;
  /** Wall time per verification's limiter calls, µs. */
  wallUsPerVerification: number;
  /** Limiter calls per verification. */
  calls: number;
}

/** Times the limiter calls of `verifications` verifications (after as many for warm-up). */
export async function measureLimiterCost(
  table: LimitTable,
  verifications: number,
  phones: number,
): Promise<LimiterCost> {
  const limiter = createLimiter(table);
  const one = async (i: number) => {
    const phone = i % phones;
    const socketId = `phone-socket-${Math.floor(i / 2)}`;
    await limiter.hit('api_key', 'k_bench');
    await limiter.hit('session_create', 'v_bench');
    await limiter.hit('ip_handshake', '127.0.0.1');
    await limiter.socketEvent(socketId);
    const cluster = await limiter.reserve([['code_cluster', 'all']]);
    const own = await limiter.reserve([
      ['code_device', `d_${phone}`],
      ['code_citizen', `c_${phone}`],
      ['code_ip', '127.0.0.1'],
    ]);
    await own.refund();
    await cluster.refund();
    await limiter.socketEvent(socketId);
  };
  for (let i = 0; i < verifications; i++) await one(i);
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  for (let i = verifications; i < 2 * verifications; i++) await one(i);
  const wallUs = (performance.now() - t0) * 1000;
  const used = process.cpuUsage(cpu);
  return {
    verifications,
    cpuUsPerVerification: (used.user + used.system) / verifications,
    wallUsPerVerification: wallUs / verifications,
    calls: limiterCallsPerVerification,
  };
}
