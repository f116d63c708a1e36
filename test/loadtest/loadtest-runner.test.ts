/**
 * `npm run loadtest -- <scenario> [k6 options]` (scripts/loadtest.ts): which k6 command a
 * scenario name becomes, and what happens when k6 is not installed — here k6 is never real: an
 * empty PATH, or a stand-in `k6` that prints its arguments.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { k6Arguments, loadtestScenarios } from '../../scripts/lib/loadtest-scenarios.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const tsxCli = path.join(repoRoot, 'node_modules/tsx/dist/cli.mjs');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the runner with `PATH` set to `pathDir` only. */
function runner(args: string[], pathDir: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [tsxCli, path.join(repoRoot, 'scripts/loadtest.ts'), ...args],
      { cwd: tmpdir(), env: { PATH: pathDir, HOME: tmpdir() } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('the load-test scenario names', () => {
  it('name every scenario of the issue, each an existing script', () => {
    expect(Object.keys(loadtestScenarios).sort()).toEqual([
      'f1',
      'f1-cross-node',
      'f1-open',
      'f2',
      'f3',
      'f4',
      'idle-soak',
      'pairing-burst',
    ]);
    for (const scenario of Object.values(loadtestScenarios)) {
      expect(existsSync(path.join(repoRoot, 'loadtest', scenario.script)), scenario.script).toBe(
        true,
      );
    }
  });

  it('become k6 run with the settings the name implies before the user’s, the script last', () => {
    expect(k6Arguments(loadtestScenarios.f1!, ['-e', 'VUS=20'])).toEqual([
      'run',
      '-e',
      'MODEL=closed',
      '-e',
      'VUS=20',
      'loadtest/f1-code.ts',
    ]);
    expect(k6Arguments(loadtestScenarios['idle-soak']!, [])).toEqual([
      'run',
      'loadtest/idle-soak.ts',
    ]);
  });
});

describe('npm run loadtest', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'loadtest-runner-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A stand-in k6 that prints its working directory and arguments and exits with `code`. */
  async function fakeK6(code = 0): Promise<void> {
    const file = path.join(dir, 'k6');
    await writeFile(file, `#!/bin/sh\nprintf '%s\\n' "$PWD" "$@"\nexit ${code}\n`);
    await chmod(file, 0o755);
  }

  it('says plainly that k6 is missing and how to get it, and exits non-zero', async () => {
    const run = await runner(['f1'], dir);
    expect(run.code).toBe(127);
    expect(run.stderr).toContain('k6 is not installed');
    expect(run.stderr).toContain('loadtest/README.md');
    expect(run.stdout).toBe('');
  });

  it('runs the scenario’s script from the repository root, passing k6 options through', async () => {
    await fakeK6();
    const run = await runner(['f1-open', '-e', 'RATE=40', '--summary-export', 'out.json'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([
      repoRoot.replace(/\/$/, ''),
      'run',
      '-e',
      'MODEL=open',
      '-e',
      'RATE=40',
      '--summary-export',
      'out.json',
      'loadtest/f1-code.ts',
    ]);
  });

  it('exits with k6’s code (99: a threshold failed)', async () => {
    await fakeK6(99);
    expect((await runner(['f2'], dir)).code).toBe(99);
  });

  it('refuses an unknown scenario with the list of scenarios', async () => {
    const run = await runner(['f9'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown scenario "f9"');
    expect(run.stderr).toContain('idle-soak');
  });
});
