/**
 * Builds both front ends with Vite: the verifier widget (`dist/web/verifier/mdok-verify.js`) and
 * the citizen app (`dist/web/citizen/`). Every text file also gets a brotli (`.br`) and a gzip
 * (`.gz`) copy, which the hub serves by `Accept-Encoding`. For the widget it writes
 * `manifest.json` (content hash for the versioned URL, SRI hash, raw/gzip/brotli sizes, checked
 * against the 60 kB gzip budget) and prints the sizes and the script tag. With `--if-needed` it
 * builds only what is missing or older than its sources (what `npm start` runs first);
 * `--package` also assembles the npm package `@mdok/verify` in `web-verifier/dist/` (the same
 * bundle plus one bundled type declaration). `buildWeb()` and `buildWidgetPackage()` do the same
 * from code (the browser and package tests build before they start).
 */
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { build } from 'vite';
import {
  versionedWidgetPath,
  WIDGET_MANIFEST_FILE,
  type WidgetManifest,
} from '../hub/web/widget-manifest.js';

const root = new URL('..', import.meta.url).pathname;

/** The widget's gzipped-size budget. */
export const WIDGET_BUDGET_GZIP_BYTES = 60 * 1024;

interface Target {
  name: string;
  config: string;
  /** Files that exist when the bundle was built. */
  outputs: string[];
  outDir: string;
  sources: string[];
}

const widget: Target = {
  name: 'verifier widget',
  config: 'web-verifier/vite.config.ts',
  outputs: ['dist/web/verifier/mdok-verify.js', `dist/web/verifier/${WIDGET_MANIFEST_FILE}`],
  outDir: 'dist/web/verifier',
  sources: [
    'web-verifier/src',
    'web-verifier/vite.config.ts',
    'web-verifier/contract-purity.ts',
    'web-verifier/package.json',
    'contracts',
  ],
};

/** The backend client's sources (`@mdok/verify/backend`). */
const backendSources = ['web-verifier/backend', 'web-verifier/tsconfig.backend.json', 'contracts'];

const citizen: Target = {
  name: 'citizen app',
  config: 'web-citizen/vite.config.ts',
  outputs: ['dist/web/citizen/index.html'],
  outDir: 'dist/web/citizen',
  sources: ['web-citizen', 'web-verifier/src', 'web-verifier/contract-purity.ts', 'contracts'],
};

/** Where the npm package's files go. */
export const widgetPackageDir = join(root, 'web-verifier');

function newest(path: string): number {
  const full = join(root, path);
  const stat = statSync(full, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(
    stat.mtimeMs,
    ...readdirSync(full)
      .filter((entry) => entry !== 'node_modules' && entry !== 'dist')
      .map((entry) => newest(join(path, entry))),
  );
}

/** Every file below an absolute folder, as absolute paths. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** Whether every output exists and is newer than every source. */
function fresh(target: Target): boolean {
  const built = Math.min(
    ...target.outputs.map(
      (out) => statSync(join(root, out), { throwIfNoEntry: false })?.mtimeMs ?? 0,
    ),
  );
  return built > Math.max(...target.sources.map(newest));
}

const compressible = /\.(js|css|html|svg|json|webmanifest)$/;
const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;

/** The sizes of a file as stored and compressed the way the hub serves it. */
export function compressedSizes(body: Buffer): { raw: number; gzip: number; brotli: number } {
  return {
    raw: body.length,
    gzip: gzipSync(body, { level: 9 }).length,
    brotli: brotliCompress(body).length,
  };
}

function brotliCompress(body: Buffer): Buffer {
  return brotliCompressSync(body, {
    params: {
      [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY,
      [zlib.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
}

/**
 * Writes `.br` and `.gz` beside every text file below `dir` (absolute), which the hub serves by
 * `Accept-Encoding`; answers each file's sizes (paths relative to the repository).
 */
export function precompress(
  dir: string,
): { file: string; raw: number; gzip: number; brotli: number }[] {
  return files(dir)
    .filter((file) => compressible.test(file))
    .map((file) => {
      const body = readFileSync(file);
      const gz = gzipSync(body, { level: 9 });
      const br = brotliCompress(body);
      writeFileSync(`${file}.gz`, gz);
      writeFileSync(`${file}.br`, br);
      return { file: relative(root, file), raw: body.length, gzip: gz.length, brotli: br.length };
    });
}

/** The widget's manifest: content hash, SRI hash, sizes. */
export function widgetManifest(bundle: Buffer): WidgetManifest {
  const pkg = JSON.parse(readFileSync(join(widgetPackageDir, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  const digest = createHash('sha384').update(bundle).digest();
  const hash = digest.toString('hex').slice(0, 16);
  return {
    name: pkg.name,
    version: pkg.version,
    file: 'mdok-verify.js',
    hash,
    path: versionedWidgetPath(hash),
    integrity: `sha384-${digest.toString('base64')}`,
    bytes: compressedSizes(bundle),
    budgetGzipBytes: WIDGET_BUDGET_GZIP_BYTES,
  };
}

/** Compresses a built widget in `dir` (absolute) and writes its manifest there; answers it. */
export function writeWidgetArtifacts(dir: string): WidgetManifest {
  const manifest = widgetManifest(readFileSync(join(dir, 'mdok-verify.js')));
  writeFileSync(join(dir, WIDGET_MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  precompress(dir);
  return manifest;
}

function finishWidget(): void {
  const manifest = writeWidgetArtifacts(join(root, widget.outDir));
  const { raw, gzip, brotli } = manifest.bytes;
  const verdict = gzip <= WIDGET_BUDGET_GZIP_BYTES ? 'within' : 'OVER';
  console.log(
    `${widget.name}: mdok-verify.js ${kb(raw)} raw, ${kb(gzip)} gzip, ${kb(brotli)} brotli ` +
      `(${verdict} the ${kb(WIDGET_BUDGET_GZIP_BYTES)} gzip budget)`,
  );
  console.log(
    `  <script type="module" src="<hub>${manifest.path}" integrity="${manifest.integrity}" ` +
      'crossorigin="anonymous"></script>',
  );
  console.log(`  manifest: ${widget.outDir}/${WIDGET_MANIFEST_FILE}`);
  if (gzip > WIDGET_BUDGET_GZIP_BYTES) {
    throw new Error(`the widget is ${kb(gzip)} gzipped, over its ${kb(WIDGET_BUDGET_GZIP_BYTES)}`);
  }
}

function finishCitizen(): void {
  const sizes = precompress(join(root, citizen.outDir)).filter((s) =>
    /\.(js|css|html)$/.test(s.file),
  );
  const total = sizes.reduce((sum, s) => sum + s.gzip, 0);
  console.log(`${citizen.name}: ${kb(total)} gzipped in ${sizes.length} file(s)`);
  for (const s of sizes) {
    console.log(`  ${s.file}  ${kb(s.raw)}, ${kb(s.gzip)} gzip, ${kb(s.brotli)} brotli`);
  }
}

/** Options of `buildWeb`. */
export interface BuildWebOptions {
  /** Build a bundle only when it is missing or older than its sources. */
  ifNeeded: boolean;
}

/** Builds the widget and the citizen app into `dist/web/`, compressed, and prints their sizes. */
export async function buildWeb(options: BuildWebOptions): Promise<void> {
  for (const [target, finish] of [
    [widget, finishWidget],
    [citizen, finishCitizen],
  ] as const) {
    if (options.ifNeeded && fresh(target)) continue;
    await build({ configFile: join(root, target.config), logLevel: 'warn' });
    finish();
  }
}

/** The package's bundled type declaration. */
async function widgetTypes(): Promise<string> {
  // Loaded on demand: it starts a TypeScript program (seconds), needed only for the package.
  const { generateDtsBundle } = await import('dts-bundle-generator');
  const [dts] = generateDtsBundle(
    [
      {
        filePath: join(widgetPackageDir, 'src/index.ts'),
        output: { noBanner: true, exportReferencedTypes: false, inlineDeclareGlobals: true },
      },
    ],
    { preferredConfigPath: join(widgetPackageDir, 'tsconfig.package.json') },
  );
  if (!dts) throw new Error('no type declaration was generated');
  // The element and its events are DOM types: a consumer without the DOM lib still compiles.
  return `/// <reference lib="dom" />\n${dts}`;
}

/**
 * Assembles the npm package in `web-verifier/` (`npm pack` there publishes it): the built bundle
 * and its bundled type declaration in `web-verifier/dist/`. Builds the widget first if needed;
 * the declaration (a TypeScript program, the slow part) only when the sources changed.
 */
export async function buildWidgetPackage(): Promise<{ dir: string; files: string[] }> {
  await buildWeb({ ifNeeded: true });
  const dist = join(widgetPackageDir, 'dist');
  mkdirSync(dist, { recursive: true });
  copyFileSync(join(root, widget.outDir, 'mdok-verify.js'), join(dist, 'mdok-verify.js'));
  const types = join(dist, 'mdok-verify.d.ts');
  const typesBuilt = statSync(types, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (typesBuilt <= Math.max(...widget.sources.map(newest))) {
    writeFileSync(types, await widgetTypes());
  }
  await buildBackendClient(dist);
  console.log(
    'package @mdok/verify: web-verifier/dist/mdok-verify.js, mdok-verify.d.ts, backend.js, backend.d.ts',
  );
  return {
    dir: widgetPackageDir,
    files: ['dist/mdok-verify.js', 'dist/mdok-verify.d.ts', 'dist/backend.js', 'dist/backend.d.ts'],
  };
}

/**
 * `@mdok/verify/backend` (Node ≥ 20): the typed client bundled with the contracts it uses, with
 * jose and zod left to the package's dependencies, and its bundled type declaration. Rebuilt only
 * when its sources changed.
 */
async function buildBackendClient(dist: string): Promise<void> {
  const types = join(dist, 'backend.d.ts');
  const built = statSync(types, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (built > Math.max(...backendSources.map(newest))) return;
  const { build: esbuild } = await import('esbuild');
  await esbuild({
    entryPoints: [join(widgetPackageDir, 'backend/index.ts')],
    outfile: join(dist, 'backend.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['jose', 'zod'],
    logLevel: 'warning',
  });
  const { generateDtsBundle } = await import('dts-bundle-generator');
  const [dts] = generateDtsBundle(
    [
      {
        filePath: join(widgetPackageDir, 'backend/index.ts'),
        output: { noBanner: true, exportReferencedTypes: false },
      },
    ],
    { preferredConfigPath: join(widgetPackageDir, 'tsconfig.backend.json') },
  );
  if (!dts) throw new Error('no type declaration was generated for the backend client');
  writeFileSync(types, dts);
}

// Run as a script (`tsx scripts/build-web.ts [--if-needed] [--package]`), not when imported.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildWeb({ ifNeeded: process.argv.includes('--if-needed') });
  if (process.argv.includes('--package')) await buildWidgetPackage();
}
