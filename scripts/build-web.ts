/**
 * Builds both front ends with Vite: the verifier widget (`dist/web/verifier/mdok-verify.js`) and
 * the citizen app (`dist/web/citizen/`), and prints their gzipped sizes. With `--if-needed` it
 * builds only when a bundle is missing or older than its sources (what `npm start` runs first).
 * `buildWeb()` does the same from code (the browser tests build before they start).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const root = new URL('..', import.meta.url).pathname;

interface Target {
  name: string;
  config: string;
  /** A file that exists when the bundle was built. */
  output: string;
  outDir: string;
  sources: string[];
}

const targets: Target[] = [
  {
    name: 'verifier widget',
    config: 'web-verifier/vite.config.ts',
    output: 'dist/web/verifier/mdok-verify.js',
    outDir: 'dist/web/verifier',
    sources: ['web-verifier', 'contracts'],
  },
  {
    name: 'citizen app',
    config: 'web-citizen/vite.config.ts',
    output: 'dist/web/citizen/index.html',
    outDir: 'dist/web/citizen',
    sources: ['web-citizen', 'web-verifier/src', 'contracts'],
  },
];

function newest(path: string): number {
  const full = join(root, path);
  const stat = statSync(full, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(
    stat.mtimeMs,
    ...readdirSync(full)
      .filter((entry) => entry !== 'node_modules')
      .map((entry) => newest(join(path, entry))),
  );
}

function files(dir: string): string[] {
  const full = join(root, dir);
  return readdirSync(full).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(join(root, path)).isDirectory() ? files(path) : [path];
  });
}

/** Options of `buildWeb`. */
export interface BuildWebOptions {
  /** Build a bundle only when it is missing or older than its sources. */
  ifNeeded: boolean;
}

/** Builds the widget and the citizen app into `dist/web/` and prints their gzipped sizes. */
export async function buildWeb(options: BuildWebOptions): Promise<void> {
  for (const target of targets) {
    const built = statSync(join(root, target.output), { throwIfNoEntry: false })?.mtimeMs ?? 0;
    if (options.ifNeeded && built > Math.max(...target.sources.map(newest))) continue;
    await build({ configFile: join(root, target.config), logLevel: 'warn' });
    const sizes = files(target.outDir)
      .filter((file) => /\.(js|css|html)$/.test(file))
      .map((file) => {
        const body = readFileSync(join(root, file));
        return { file, raw: body.length, gzip: gzipSync(body).length };
      });
    const total = sizes.reduce((sum, s) => sum + s.gzip, 0);
    console.log(
      `${target.name}: ${(total / 1024).toFixed(1)} kB gzipped in ${sizes.length} file(s)`,
    );
    for (const s of sizes) {
      console.log(
        `  ${s.file}  ${(s.raw / 1024).toFixed(1)} kB, ${(s.gzip / 1024).toFixed(1)} kB gz`,
      );
    }
  }
}

// Run as a script (`tsx scripts/build-web.ts [--if-needed]`), not when imported.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildWeb({ ifNeeded: process.argv.includes('--if-needed') });
}
