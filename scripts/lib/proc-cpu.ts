/**
 * CPU time and memory of another process, read from `/proc` (Linux): user + system time in
 * milliseconds from `/proc/<pid>/stat`, resident memory from `/proc/<pid>/status`. Used by the
 * benchmarks to charge hub and Redis processes for the work measured (and to see what else kept
 * the machine busy meanwhile), and by this process to see how many files it may open.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

/** `sysconf(_SC_CLK_TCK)`: the unit of `utime`/`stime` (100 on every Linux seen). */
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    } catch {
      ticksPerSecond = 100;
    }
    if (!Number.isFinite(ticksPerSecond) || ticksPerSecond <= 0) ticksPerSecond = 100;
  }
  return ticksPerSecond;
}

function statCpuMs(statPath: string): number {
  const stat = readFileSync(statPath, 'utf8');
  // The command name (field 2) is in parentheses and may hold spaces: count from after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / clockTicks();
}

/** User + system CPU time of process `pid` so far (all its threads), in ms (resolution: 10 ms). */
export function cpuTimeMs(pid: number): number {
  return statCpuMs(`/proc/${pid}/stat`);
}

/** The same for the process's main thread only (where its JavaScript event loop runs). */
export function mainThreadCpuMs(pid: number): number {
  return statCpuMs(`/proc/${pid}/task/${pid}/stat`);
}

/** The command line of process `pid` (arguments joined by spaces). */
export function commandLine(pid: number): string {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
}

/** The resident set size of process `pid` (`VmRSS`), in KiB. */
export function rssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kib === undefined) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kib);
}

/** This process's soft limit on open files (`ulimit -n`), from `/proc/self/limits`. */
export function openFilesLimit(): number {
  const limits = readFileSync('/proc/self/limits', 'utf8');
  const soft = /^Max open files\s+(\S+)/m.exec(limits)?.[1];
  return soft === undefined || soft === 'unlimited' ? Number.POSITIVE_INFINITY : Number(soft);
}

/**
 * CPU time the whole machine has spent busy so far (every core: user, nice, system, irq,
 * softirq, steal from `/proc/stat`), in ms: what else ran meanwhile is this less what the
 * measured processes used.
 */
export function machineBusyMs(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/);
  // cpu user nice system idle iowait irq softirq steal …
  const ticks = [1, 2, 3, 6, 7, 8].reduce((sum, i) => sum + Number(cpu[i] ?? 0), 0);
  return (ticks * 1000) / clockTicks();
}
