/**
 * k6 duration strings (`500ms`, `30s`, `2m`, `1h30m`) as milliseconds, for the scenarios that
 * wait themselves (the soak's hold, the burst's lead). Pure, so vitest checks it.
 */

const unitMs: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/** Milliseconds of a k6 duration string; throws on anything else. */
export function durationMs(text: string): number {
  const trimmed = text.trim();
  let total = 0;
  let consumed = '';
  const token = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
  for (let match = token.exec(trimmed); match; match = token.exec(trimmed)) {
    total += Number(match[1]) * unitMs[match[2]!]!;
    consumed += match[0];
  }
  if (trimmed === '' || consumed !== trimmed) throw new Error(`not a duration: "${text}"`);
  return total;
}
