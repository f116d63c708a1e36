/** Markdown tables and number formats for the benchmarks' reports. */
import type { Percentiles } from './stats.js';

/** A Markdown table: a header row, a separator, the rows; cells padded to line up. */
export function markdownTable(header: string[], rows: string[][], align?: ('l' | 'r')[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    `| ${cells
      .map((c, i) => (align?.[i] === 'r' ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join(' | ')} |`;
  const separator = `| ${widths
    .map((w, i) => (align?.[i] === 'r' ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w)))
    .join(' | ')} |`;
  return [line(header), separator, ...rows.map(line)].join('\n');
}

/** `n` with `digits` decimals, or `—` when it is no number. */
export const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '—');
/** A ratio: `1.23×`. */
export const times = (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : '—');
/** `p50 / p95 / p99`. */
export const triple = (p: Percentiles, digits = 1) =>
  `${fixed(p.p50, digits)} / ${fixed(p.p95, digits)} / ${fixed(p.p99, digits)}`;
/** A whole number with thousands separators: `10,000`. */
export const grouped = (n: number) =>
  Number.isFinite(n) ? Math.round(n).toLocaleString('en') : '—';
