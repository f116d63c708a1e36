/**
 * Readiness (operations): whether this node should get traffic. A list of named checks, each run
 * with a time bound so that `/readyz` answers quickly even while a dependency is frozen, and
 * re-run on every probe, so a node that was not ready becomes ready again by itself as soon as
 * its dependencies are. A background pass on a timer keeps the last verdict fresh for callers
 * that must not wait (the API guard in app.ts) and logs each change of verdict once, with the
 * failing check's reason: an operator reads "records lost" in the log instead of guessing from a
 * wave of 401s.
 */
import type { Logger } from 'pino';

/** A check says "not ready" by throwing; its message is the reason shown to operators. */
export interface ReadinessCheck {
  /** Short name shown in logs and in `/readyz`'s answer (`redis`, `stores`, `records`). */
  name: string;
  /**
   * Resolves when ready; rejects with the reason otherwise — a {@link NotReadyError} marked
   * `critical` for a condition that does not heal by itself (records lost).
   */
  check(): Promise<void>;
}

/** A check's verdict that an operator must act on (records lost), not wait out. */
export class NotReadyError extends Error {
  override readonly name = 'NotReadyError';
  /** True when waiting will not help (data lost): logged at `error`, not `warn`. */
  readonly critical: boolean;

  constructor(message: string, options: { critical?: boolean } = {}) {
    super(message);
    this.critical = options.critical ?? false;
  }
}

/** The outcome of one round of checks. */
export interface ReadinessReport {
  ready: boolean;
  /** The first failing check and why, when not ready. */
  failed?: { check: string; reason: string; critical: boolean };
}

/** Options of {@link createReadiness}. */
export interface ReadinessOptions {
  checks: ReadinessCheck[];
  /** Longest a check may take before it counts as failed, in ms. */
  timeoutMs: number;
  /** How often the background pass runs, in ms; 0 turns it off. */
  intervalMs: number;
  logger: Logger;
}

/** The node's readiness. */
export interface Readiness {
  /** Runs every check now (concurrent probes share one round) and answers the verdict. */
  check(): Promise<ReadinessReport>;
  /** The last verdict, without waiting (ready until a round has said otherwise). */
  last(): ReadinessReport;
  /** From now on the node answers not ready (graceful shutdown): it is leaving. */
  drain(): void;
  /** Stops the background pass. */
  stop(): void;
}

function bounded(check: ReadinessCheck, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new NotReadyError(`${check.name} did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    check.check().then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** Creates the readiness of a node and starts its background pass. */
export function createReadiness(options: ReadinessOptions): Readiness {
  const { logger } = options;
  let lastReport: ReadinessReport = { ready: true };
  let draining = false;
  let round: Promise<ReadinessReport> | null = null;

  const record = (report: ReadinessReport): ReadinessReport => {
    const was = lastReport;
    lastReport = report;
    if (report.failed && was.failed?.reason !== report.failed.reason) {
      const fields = { check: report.failed.check, reason: report.failed.reason };
      if (report.failed.critical) logger.error(fields, `not ready: ${report.failed.reason}`);
      else logger.warn(fields, `not ready: ${report.failed.reason}`);
    } else if (report.ready && !was.ready) {
      logger.info('ready again');
    }
    return report;
  };

  const runRound = async (): Promise<ReadinessReport> => {
    if (draining) {
      return {
        ready: false,
        failed: { check: 'shutdown', reason: 'the node is shutting down', critical: false },
      };
    }
    const results = await Promise.allSettled(
      options.checks.map((c) => bounded(c, options.timeoutMs)),
    );
    for (const [i, result] of results.entries()) {
      if (result.status === 'fulfilled') continue;
      const error = result.reason as Error;
      return record({
        ready: false,
        failed: {
          check: options.checks[i]!.name,
          reason: error.message,
          critical: error instanceof NotReadyError && error.critical,
        },
      });
    }
    return record({ ready: true });
  };

  const check = (): Promise<ReadinessReport> => {
    round ??= runRound().finally(() => {
      round = null;
    });
    return round;
  };

  const timer =
    options.intervalMs > 0 ? setInterval(() => void check(), options.intervalMs) : undefined;
  timer?.unref();

  return {
    check,
    last: () => lastReport,
    drain() {
      if (draining) return;
      draining = true;
      lastReport = {
        ready: false,
        failed: { check: 'shutdown', reason: 'the node is shutting down', critical: false },
      };
    },
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}
