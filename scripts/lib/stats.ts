/** Small statistics for the benchmark: percentiles of latency samples. */

/** p50, p95 and p99 of a sample (nearest rank), in its unit. */
export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
}

/** The nearest-rank percentiles of `samples` (NaN for an empty sample). */
export function percentiles(samples: readonly number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted.length === 0
      ? Number.NaN
      : sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}
