/**
 * Serves the built front ends (`dist/web/…`) from disk: a fixed set of content types, paths that
 * cannot leave their folder, long caching for hashed assets and none for HTML.
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const types: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** A file read from a served folder. */
export interface StaticFile {
  body: Buffer;
  contentType: string;
  cacheControl: string;
}

/**
 * Reads `relativePath` below `root`; null when absent, not a served type, or outside `root`.
 */
export async function readStatic(root: string, relativePath: string): Promise<StaticFile | null> {
  const clean = normalize(decodeURIComponent(relativePath)).replace(/^([/\\])+/, '');
  const full = join(root, clean);
  if (!full.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
  const contentType = types[extname(full)];
  if (!contentType) return null;
  try {
    const body = await readFile(full);
    const hashed = /-[A-Za-z0-9_-]{8,}\.(js|css)$/.test(full);
    const cacheControl = hashed
      ? 'public, max-age=31536000, immutable'
      : contentType.startsWith('text/html')
        ? 'no-store'
        : 'public, max-age=300';
    return { body, contentType, cacheControl };
  } catch {
    return null;
  }
}
