/**
 * The open model (constant arrival rate): verifications start on a fixed schedule, `rate` per
 * second, whatever the server's latency — the load a crowd of independent clerks makes — and
 * each one's timings are kept. A start that finds no free phone is dropped and counted (like
 * k6's `dropped_iterations`): it means the server fell behind the rate.
 */
import { performance } from 'node:perf_hooks';
import type { F1Driver, VerificationTiming } from './f1-driver.js';

/** Options of an open run. */
export interface OpenRunOptions {
  /** Verifications started per second. */
  rate: number;
  /** How long verifications keep starting. */
  seconds: number;
}

/** What an open run came to. */
export interface OpenRunResult {
  rate: number;
  seconds: number;
  started: number;
  completed: number;
  failed: number;
  /** Starts that found every phone busy. */
  dropped: number;
  errors: string[];
  timings: VerificationTiming[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the open model on `driver`; resolves once every started verification has ended. */
export async function runOpen(driver: F1Driver, options: OpenRunOptions): Promise<OpenRunResult> {
  const timings: VerificationTiming[] = [];
  const errors: string[] = [];
  const running = new Set<Promise<void>>();
  let started = 0;
  let failed = 0;
  let dropped = 0;
  const total = Math.round(options.rate * options.seconds);
  const t0 = performance.now();
  const start = () => {
    if (driver.freePhones() === 0) {
      dropped++;
      return;
    }
    started++;
    const one: Promise<void> = driver.verifyOnce().then(
      (timing) => {
        timings.push(timing);
      },
      (error: unknown) => {
        failed++;
        if (errors.length < 5) errors.push((error as Error).message);
      },
    );
    running.add(one);
    void one.finally(() => running.delete(one));
  };
  for (let scheduled = 0; scheduled < total;) {
    // Every start due by now: the schedule, not the timer's punctuality, sets the rate.
    const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * options.rate) + 1);
    for (; scheduled < due; scheduled++) start();
    const nextAt = t0 + (scheduled / options.rate) * 1000;
    await sleep(Math.max(0, nextAt - performance.now()));
  }
  await Promise.all(running);
  return {
    rate: options.rate,
    seconds: options.seconds,
    started,
    completed: timings.length,
    failed,
    dropped,
    errors,
    timings,
  };
}
