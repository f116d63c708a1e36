/**
 * A small summarizer of V8 `.cpuprofile` files (what `node --cpu-prof` writes): self time per
 * function and per package or repository file, optionally only over time windows (the closed
 * rounds), since the profile covers the process's whole life. Sample timestamps are V8's monotonic
 * clock in µs, the clock `process.hrtime` reads on Linux, so the benchmark can name the windows
 * from its own process. Also renders a summary as Markdown.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { markdownTable } from './markdown.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** One line of a summary. */
export interface ProfileEntry {
  /** `function` (and line) or package/file. */
  name: string;
  /** Package (`jose`), repository file (`hub/sessions/presentation.ts`), `node:…` or `(v8)`. */
  where: string;
  selfMs: number;
  /** Share of the busy (non-idle) time. */
  percent: number;
}

/** What a profile says about where the time went. */
export interface ProfileSummary {
  file: string;
  /** Busy time in the windows, ms. */
  busyMs: number;
  idleMs: number;
  /** Whether the windows matched no sample and the whole profile was used instead. */
  wholeProfile: boolean;
  functions: ProfileEntry[];
  /** Every package and file, heaviest first (the Markdown shows as many as `functions`). */
  groups: ProfileEntry[];
}

/** The main thread's profile in `dir` (other threads, such as tsx's loader, write their own). */
function mainThreadProfile(dir: string): string | undefined {
  // CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile: the main thread is thread 0.
  const main = readdirSync(dir).find((f) => f.endsWith('.cpuprofile') && f.split('.')[4] === '0');
  return main === undefined ? undefined : join(dir, main);
}

/** Where a frame's code lives: a package, a repository file, Node's internals or V8. */
export function placeOf(url: string, repoRoot: string): string {
  if (!url) return '(native)';
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [first, second] = url.slice(modules + '/node_modules/'.length).split('/');
    return first?.startsWith('@') ? `${first}/${second}` : (first ?? url);
  }
  const root = pathToFileURL(repoRoot).href.replace(/\/?$/, '/');
  return url.startsWith(root) ? url.slice(root.length) : url;
}

function top(totals: Map<string, ProfileEntry>, busyMs: number, count: number): ProfileEntry[] {
  return [...totals.values()]
    .map((e) => ({ ...e, percent: busyMs > 0 ? (e.selfMs / busyMs) * 100 : 0 }))
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, count);
}

/** A window of the monotonic clock, µs. */
interface TimeSpan {
  fromUs: number;
  toUs: number;
}

/**
 * A function's label: its name (an anonymous one by the nearest named caller) and, for compiled
 * JavaScript, its line (TypeScript run through tsx has no useful line numbers).
 */
function labelOf(node: ProfileNode, parentOf: Map<number, ProfileNode>): string {
  const { functionName, url, lineNumber } = node.callFrame;
  let name = functionName;
  for (let up = parentOf.get(node.id); !name && up; up = parentOf.get(up.id)) {
    if (up.callFrame.functionName) name = `(anonymous in ${up.callFrame.functionName})`;
  }
  return `${name || '(anonymous)'}${url && !url.endsWith('.ts') ? `:${lineNumber + 1}` : ''}`;
}

/** One thread's profile over time windows (see `summarizeProfiles`). */
function summarizeFile(
  file: string,
  repoRoot: string,
  count: number,
  windows?: TimeSpan[],
): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, ProfileNode>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parentOf.set(child, node);
  const times: number[] = [];
  let t = profile.startTime;
  for (const delta of profile.timeDeltas) times.push((t += delta));
  const inWindow = (i: number) =>
    !windows || windows.some((w) => times[i]! >= w.fromUs && times[i]! <= w.toUs);
  const wholeProfile = windows !== undefined && !times.some((_, i) => inWindow(i));
  const functions = new Map<string, ProfileEntry>();
  const groups = new Map<string, ProfileEntry>();
  let busyMs = 0;
  let idleMs = 0;
  for (let i = 0; i < profile.samples.length - 1; i++) {
    if (!wholeProfile && !inWindow(i)) continue;
    const ms = (times[i + 1]! - times[i]!) / 1000;
    const node = byId.get(profile.samples[i]!);
    if (!node) continue;
    const frame = node.callFrame;
    if (frame.functionName === '(idle)') {
      idleMs += ms;
      continue;
    }
    busyMs += ms;
    const where = frame.functionName.startsWith('(') ? '(v8)' : placeOf(frame.url, repoRoot);
    const name = labelOf(node, parentOf);
    const fn = functions.get(`${where} ${name}`) ?? { name, where, selfMs: 0, percent: 0 };
    fn.selfMs += ms;
    functions.set(`${where} ${name}`, fn);
    const group = groups.get(where) ?? { name: where, where, selfMs: 0, percent: 0 };
    group.selfMs += ms;
    groups.set(where, group);
  }
  return {
    file,
    busyMs,
    idleMs,
    wholeProfile,
    functions: top(functions, busyMs, count),
    groups: top(groups, busyMs, groups.size),
  };
}

/**
 * Summarizes the main thread's profile that `node --cpu-prof` wrote into `dir` over `windows`
 * (monotonic µs; the whole profile when absent or when no sample falls inside any):
 * its `count` heaviest functions and packages or files.
 */
export function summarizeProfiles(
  dir: string,
  repoRoot: string,
  count: number,
  windows?: TimeSpan[],
): ProfileSummary | undefined {
  const main = mainThreadProfile(dir);
  return main === undefined ? undefined : summarizeFile(main, repoRoot, count, windows);
}

/** A summary as a Markdown section: the heaviest functions, then packages and files. */
export function profileMarkdown(p: ProfileSummary): string {
  const ms = (n: number) => n.toFixed(1);
  return [
    '## Where the hub CPU goes (closed model, `--cpu-prof`)',
    '',
    `${ms(p.busyMs)} ms busy, ${ms(p.idleMs)} ms idle on the main thread ` +
      `${p.wholeProfile ? '(the whole profile: the run windows matched no sample)' : 'during the closed rounds'}; ` +
      'the figures above were measured under the profiler. Self time; `(native)` is C++ called from JavaScript ' +
      '(socket writes, crypto), `(v8)` the garbage collector and the engine itself.',
    '',
    markdownTable(
      ['function (self time)', 'where', 'ms', '% of busy'],
      p.functions.map((e) => [e.name, e.where, ms(e.selfMs), ms(e.percent)]),
      ['l', 'l', 'r', 'r'],
    ),
    '',
    markdownTable(
      ['package / file', 'ms', '% of busy'],
      p.groups.slice(0, p.functions.length).map((e) => [e.name, ms(e.selfMs), ms(e.percent)]),
      ['l', 'r', 'r'],
    ),
  ].join('\n');
}
