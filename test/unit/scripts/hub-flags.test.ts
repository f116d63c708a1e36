/**
 * The hub's Node flags are the same wherever a hub is started: `npm start` (package.json) and the
 * scripts and benchmarks that start hub processes (`hubNodeFlags`), so what is measured is what
 * runs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hubNodeFlags, repoRoot } from '../../../scripts/lib/hub-process.js';

describe('hub process flags', () => {
  it('npm start passes exactly hubNodeFlags to node', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.start).toBe(`node ${hubNodeFlags.join(' ')} --import tsx hub/main.ts`);
  });
});
