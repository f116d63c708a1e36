/**
 * The widget build's manifest (`dist/web/verifier/manifest.json`, written by
 * `npm run build:web`): the bundle's content hash, which names its versioned URL
 * (`/widget/v/<hash>/mdok-verify.js`, cached for a year), its Subresource Integrity hash for the
 * host page's `<script integrity>`, and its measured sizes (raw, gzip, brotli) that the docs
 * quote. The hub reads it to answer the versioned URL; it is also served as it is at
 * `/widget/manifest.json`.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

const bytes = z.number().int().nonnegative();

/** The manifest's schema. */
export const WidgetManifest = z.strictObject({
  /** The npm package the bundle is published as. */
  name: z.string(),
  /** The package's version. */
  version: z.string(),
  /** The bundle's file name. */
  file: z.literal('mdok-verify.js'),
  /** First 16 hex digits of the bundle's SHA-384: names the versioned URL. */
  hash: z.string().regex(/^[0-9a-f]{16}$/),
  /** The versioned URL's path on the hub. */
  path: z.string(),
  /** `sha384-…` for `<script integrity>` (SRI). */
  integrity: z.string().regex(/^sha384-[A-Za-z0-9+/]{64}$/),
  /** Sizes of the bundle as stored and as transferred compressed. */
  bytes: z.strictObject({ raw: bytes, gzip: bytes, brotli: bytes }),
  /** The gzipped-size budget the build checks against. */
  budgetGzipBytes: bytes,
});
/** The widget build's manifest. */
export type WidgetManifest = z.infer<typeof WidgetManifest>;

/** The manifest's file name beside the bundle. */
export const WIDGET_MANIFEST_FILE = 'manifest.json';

/** The versioned path of a bundle with this hash. */
export function versionedWidgetPath(hash: string): string {
  return `/widget/v/${hash}/mdok-verify.js`;
}

let cached: { file: string; mtimeMs: number; manifest: WidgetManifest } | null = null;

/**
 * Reads the manifest in `dir`; null when the widget is not built. Re-read only when the file
 * changed (a rebuild while the hub runs), so a request costs one `stat`.
 */
export async function readWidgetManifest(dir: string): Promise<WidgetManifest | null> {
  const file = join(dir, WIDGET_MANIFEST_FILE);
  const info = await stat(file).catch(() => null);
  if (!info) return null;
  if (cached?.file === file && cached.mtimeMs === info.mtimeMs) return cached.manifest;
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return null; // being rewritten by a build: the next request reads it whole
  }
  const parsed = WidgetManifest.safeParse(raw);
  if (!parsed.success) return null;
  cached = { file, mtimeMs: info.mtimeMs, manifest: parsed.data };
  return parsed.data;
}
