/**
 * Enforces the windows (S3, E1, E2) on the hub, never in the browser: every node polls the
 * store's deadline index and moves sessions whose window ended — `timed_out`, `failed` (stuck
 * in delivery) or `expired` (display window over). The compare-and-set makes each move happen
 * exactly once however many nodes poll, and it holds when the node that created the session is
 * gone.
 *
 * A pass drains everything that is due, not one batch: batches of {@link BATCH} ids are moved
 * {@link CONCURRENCY} at a time (with Redis each move is a few round trips, so doing them one
 * after another would cap a node at a few hundred per second), yielding to the event loop
 * between batches so that HTTP and sockets are served meanwhile. Each batch is shuffled so that
 * nodes draining the same backlog mostly work on different sessions. The backlog (sessions due
 * and not yet moved) and the lag (how late the latest moves were) are kept for metrics.
 */
import { HubError } from '../errors.js';
import type { HubContext } from '../context.js';
import { transition } from './session-engine.js';
import type { SessionAction } from './state-machine.js';

/** Due ids fetched per query. */
export const BATCH = 200;

/** Sessions moved at once within a batch. */
export const CONCURRENCY = 64;

/** What became of one due id. */
export type ReapOutcome =
  /** This call moved it. */
  | 'moved'
  /** It was no longer due (moved by another node, or its deadline changed). */
  | 'not_due'
  /** Its record is gone (past its time-to-live); dropped from the index. */
  | 'gone'
  /** The move was refused (a lost race retried too often): it stays due for the next pass. */
  | 'stuck';

/** What became of one due id, and for a move how late it was (ms past the deadline). */
export interface ReapResult {
  outcome: ReapOutcome;
  lateMs?: number;
}

/** How a due session in a given state ends. */
type Ending = 'timeOut' | 'fail' | 'expire';

function endingOf(state: string): Ending {
  if (state === 'delivered') return 'expire';
  // Approved but never delivered: the register read or the delivery is stuck.
  if (state === 'approved') return 'fail';
  return 'timeOut';
}

/** Thrown from the guard when the session needs another ending than the one tried. */
class OtherEnding extends HubError {
  readonly ending: Ending;
  constructor(ending: Ending) {
    super('conflict', `needs ${ending}`);
    this.ending = ending;
  }
}

/**
 * Moves one due session, if it is still due. Rejects only when a store fails. The common case
 * (a pairing or approval window over) is one read and one compare-and-set: the ending is checked
 * against the fresh record inside the transition rather than read beforehand.
 */
export async function reapSession(ctx: HubContext, id: string): Promise<ReapResult> {
  let ending: Ending = 'timeOut';
  for (let attempt = 0; attempt < 3; attempt++) {
    let lateMs = 0;
    let noLongerDue = false;
    const tried = ending;
    const action: SessionAction = tried === 'expire' ? 'expire' : 'timeOut';
    try {
      await transition(ctx, id, action, {
        guard: (current) => {
          const now = ctx.clock.now();
          if (current.deadlineAt === null || current.deadlineAt > now) {
            noLongerDue = true;
            throw new HubError('conflict', 'no longer due');
          }
          const wanted = endingOf(current.state);
          if (wanted !== tried) throw new OtherEnding(wanted);
          lateMs = now - current.deadlineAt;
        },
        ...(tried === 'fail' ? { reason: 'failed' as const } : {}),
      });
      return { outcome: 'moved', lateMs };
    } catch (error) {
      if (error instanceof OtherEnding) {
        ending = error.ending;
        continue;
      }
      if (!(error instanceof HubError)) throw error;
      if (error.code === 'not_found') {
        // Past its time-to-live: only the index entry is left.
        await ctx.sessions.forgetDue(id);
        return { outcome: 'gone' };
      }
      return { outcome: noLongerDue ? 'not_due' : 'stuck' };
    }
  }
  return { outcome: 'stuck' };
}

/** What the reaper measured (for metrics and logs). */
export interface ReaperStats {
  /**
   * Sessions whose window is over and that are not moved yet: counted when the current (or last)
   * pass began, less those it has handled since. 0 when the reaper keeps up.
   */
  backlog: number;
  /** How late (ms past its deadline) the latest-moved session of the current or last pass was. */
  lagMs: number;
  /** The largest lateness seen in the current or last pass, in ms. */
  maxLagMs: number;
  /** Sessions moved by this node since it started. */
  moved: number;
  /** Passes run since the node started. */
  passes: number;
  /** Duration of the last finished pass, in ms. */
  lastPassMs: number;
}

/** A running reaper. */
export interface Reaper {
  /** Runs one pass now, draining everything due (tests call it after moving the clock). */
  sweep(): Promise<void>;
  /** Sessions due and not yet moved (see {@link ReaperStats.backlog}). */
  backlog(): number;
  /** Everything measured. */
  stats(): ReaperStats;
  /** Stops polling; resolves when a pass in progress has finished. */
  stop(): Promise<void>;
}

/** Fisher–Yates, in place. */
function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Starts polling every `config.reaperIntervalMs`. */
export function startReaper(ctx: HubContext): Reaper {
  let running: Promise<void> | null = null;
  let stopped = false;
  const stats: ReaperStats = {
    backlog: 0,
    lagMs: 0,
    maxLagMs: 0,
    moved: 0,
    passes: 0,
    lastPassMs: 0,
  };

  /** Moves `ids` with at most CONCURRENCY in flight; rejects with the first store failure. */
  async function moveAll(ids: string[], stuck: Set<string>): Promise<void> {
    let next = 0;
    let failure: unknown;
    const worker = async () => {
      while (next < ids.length && failure === undefined) {
        const id = ids[next++]!;
        try {
          const { outcome, lateMs } = await reapSession(ctx, id);
          if (outcome === 'stuck') stuck.add(id);
          else stats.backlog = Math.max(0, stats.backlog - 1);
          if (outcome === 'moved') {
            stats.moved++;
            stats.lagMs = lateMs ?? 0;
            stats.maxLagMs = Math.max(stats.maxLagMs, stats.lagMs);
          }
        } catch (error) {
          failure ??= error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, ids.length) }, worker));
    if (failure !== undefined) throw failure;
  }

  const sweep = async (): Promise<void> => {
    const started = ctx.clock.now();
    stats.passes++;
    stats.maxLagMs = 0;
    stats.lagMs = 0;
    stats.backlog = await ctx.sessions.countDue(started);
    // Ids this pass could not move: skipped for the rest of the pass (the next one retries).
    const stuck = new Set<string>();
    try {
      while (!stopped) {
        const now = ctx.clock.now();
        const limit = BATCH + stuck.size;
        const fetched = await ctx.sessions.due(now, limit);
        const ids = shuffle(fetched.filter((id) => !stuck.has(id)));
        if (ids.length === 0) break;
        await moveAll(ids, stuck);
        if (fetched.length < limit) break;
        await yieldToEventLoop();
      }
    } finally {
      stats.lastPassMs = ctx.clock.now() - started;
    }
  };
  const tick = () => {
    if (running || stopped) return;
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
    backlog: () => stats.backlog,
    stats: () => ({ ...stats }),
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      if (running) await running;
    },
  };
}
