/**
 * The limits a load from this one machine reaches, lifted — for the benchmarks that start their
 * own hub (`npm run bench`, `bench:cluster`, `bench:reaper`). The list is `loadtest/hub.env`, the
 * file k6 runs source too, so the two never drift apart. The limiter still runs on every request:
 * only its thresholds move.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './hub-process.js';

/** `LIMIT_<NAME>` → value, as `loadtest/hub.env` sets them. */
export function loadTestLimits(): Record<string, string> {
  const text = readFileSync(join(repoRoot, 'loadtest', 'hub.env'), 'utf8');
  const limits: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^(LIMIT_[A-Z_]+)=(\S+)\s*$/.exec(line.trim());
    if (match) limits[match[1]!] = match[2]!;
  }
  return limits;
}
