/**
 * The benchmark's `.cpuprofile` summarizer: self time per function and per package or repository
 * file, only inside the windows it is given, idle time apart.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { placeOf, summarizeProfiles } from '../../../scripts/lib/cpu-profile.js';

const root = '/repo';
const frame = (id: number, functionName: string, url: string) => ({
  id,
  callFrame: { functionName, url, lineNumber: 9 },
});

/** Samples 1 ms apart from t = 1000 µs: jose, jose, hub file, idle, GC, then jose late. */
function writeProfile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cpu-profile-test-'));
  const profile = {
    nodes: [
      frame(1, '(root)', ''),
      frame(2, 'sign', 'file:///repo/node_modules/jose/dist/sign.js'),
      frame(3, 'transition', 'file:///repo/hub/sessions/session-engine.ts'),
      frame(4, '(idle)', ''),
      frame(5, '(garbage collector)', ''),
    ],
    startTime: 0,
    samples: [2, 2, 3, 4, 5, 2, 2],
    timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000, 1000],
  };
  writeFileSync(join(dir, 'CPU.20260101.000000.42.0.001.cpuprofile'), JSON.stringify(profile));
  writeFileSync(join(dir, 'CPU.20260101.000000.42.1.002.cpuprofile'), JSON.stringify(profile));
  return dir;
}

describe('cpu-profile', () => {
  it('places frames in packages, repository files, node internals or native code', () => {
    expect(placeOf('file:///repo/node_modules/@hono/node-server/dist/x.js', root)).toBe(
      '@hono/node-server',
    );
    expect(placeOf('file:///repo/node_modules/a/node_modules/jose/x.js', root)).toBe('jose');
    expect(placeOf('file:///repo/hub/main.ts', root)).toBe('hub/main.ts');
    expect(placeOf('node:internal/crypto/util', root)).toBe('node:internal/crypto');
    expect(placeOf('', root)).toBe('(native)');
  });

  it('sums self time inside the windows only, idle apart, heaviest first', () => {
    const dir = writeProfile();
    // Sample times: 1000, 2000, …, 7000 µs; each lasts until the next.
    const summary = summarizeProfiles(dir, root, 10, [{ fromUs: 1000, toUs: 5000 }])!;
    expect(summary.wholeProfile).toBe(false);
    expect(summary.idleMs).toBe(1);
    expect(summary.busyMs).toBe(4);
    expect(summary.groups.map((g) => [g.name, g.selfMs])).toEqual([
      ['jose', 2],
      ['hub/sessions/session-engine.ts', 1],
      ['(v8)', 1],
    ]);
    expect(summary.functions[0]).toMatchObject({ name: 'sign:10', where: 'jose', percent: 50 });
  });

  it('names an anonymous function by its nearest named caller, TypeScript without lines', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cpu-profile-test-'));
    const profile = {
      nodes: [
        { ...frame(1, 'transition', 'file:///repo/hub/sessions/session-engine.ts'), children: [2] },
        frame(2, '', 'node:internal/crypto/util'),
      ],
      startTime: 0,
      samples: [2, 2],
      timeDeltas: [1000, 1000],
    };
    writeFileSync(join(dir, 'CPU.20260101.000000.42.0.001.cpuprofile'), JSON.stringify(profile));
    const summary = summarizeProfiles(dir, root, 10)!;
    expect(summary.functions[0]).toMatchObject({
      name: '(anonymous in transition):10',
      where: 'node:internal/crypto',
    });
    expect(summarizeProfiles(writeProfile(), root, 10)!.functions[1]!.name).toBe('transition');
  });

  it('falls back to the whole profile when no sample is inside the windows', () => {
    const summary = summarizeProfiles(writeProfile(), root, 10, [{ fromUs: 9e9, toUs: 9e9 + 1 }])!;
    expect(summary.wholeProfile).toBe(true);
    // The last sample has no successor, so no duration: jose has three of the six counted.
    expect(summary.groups[0]).toMatchObject({ name: 'jose', selfMs: 3 });
  });
});
