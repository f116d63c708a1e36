/**
 * Enforces the windows (S3, E1, E2) on the hub, never in the browser: every node polls the
 * store's deadline index and moves sessions whose window ended — `timed_out`, `failed` (stuck
 * in delivery) or `expired` (display window over). The compare-and-set makes each move happen
 * exactly once however many nodes poll, and it holds when the node that created the session is
 * gone.
 */
import { HubError } from '../errors.js';
import type { HubContext } from '../context.js';
import { transition } from './session-engine.js';
import type { SessionAction } from './state-machine.js';

const BATCH = 200;

/** Moves one due session, if it is still due. */
export async function reapSession(ctx: HubContext, id: string): Promise<void> {
  const session = await ctx.sessions.get(id);
  if (!session) {
    await ctx.sessions.forgetDue(id);
    return;
  }
  const now = ctx.clock.now();
  if (session.deadlineAt === null || session.deadlineAt > now) return;
  const action: SessionAction = session.state === 'delivered' ? 'expire' : 'timeOut';
  try {
    await transition(ctx, id, action, {
      guard: (current) => {
        if (current.deadlineAt === null || current.deadlineAt > ctx.clock.now()) {
          throw new HubError('conflict', 'no longer due');
        }
      },
      ...(session.state === 'approved' ? { reason: 'failed' as const } : {}),
    });
  } catch (error) {
    if (!(error instanceof HubError)) throw error;
  }
}

/** A running reaper. */
export interface Reaper {
  /** Runs one pass now (tests call it after moving the clock). */
  sweep(): Promise<void>;
  stop(): void;
}

/** Starts polling every `config.reaperIntervalMs`. */
export function startReaper(ctx: HubContext): Reaper {
  let running: Promise<void> | null = null;
  const sweep = async (): Promise<void> => {
    const ids = await ctx.sessions.due(ctx.clock.now(), BATCH);
    for (const id of ids) await reapSession(ctx, id);
  };
  const tick = () => {
    if (running) return;
    running = sweep()
      .catch((error: unknown) => ctx.logger.error({ err: error }, 'reaper pass failed'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, ctx.config.reaperIntervalMs);
  timer.unref();
  return {
    sweep: async () => {
      if (running) await running;
      await sweep();
    },
    stop: () => clearInterval(timer),
  };
}
