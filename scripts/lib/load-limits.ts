/**
 * The limits a load from this one machine reaches, lifted — for `npm run bench:reaper`, which
 * creates sessions of many kinds of callers from one IP and one API key. The list is
 * `loadtest/hub.env`, the file k6 runs source too, so the two never drift apart (`npm run bench`
 * and `bench:cluster` raise only the three F1 reaches: bench-limits.ts). The limiter still runs on
 * every request: only its thresholds move.
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
