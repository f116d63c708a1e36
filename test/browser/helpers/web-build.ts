/**
 * Builds the web bundles (`dist/web/`) once before the browser tests, when they are missing or
 * older than their sources. Test files run in parallel processes, so the build is guarded by a
 * directory lock: the first file builds, the others wait and then find the bundles fresh.
 */
import { mkdir, rm, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildWeb } from '../../../scripts/build-web.js';

const distDir = fileURLToPath(new URL('../../../dist/', import.meta.url));
const lockDir = `${distDir}.build-web.lock`;
/** A lock older than this was left by a crashed run. */
const STALE_LOCK_MS = 180_000;
const WAIT_MS = 240_000;

let once: Promise<void> | null = null;

async function acquire(): Promise<void> {
  await mkdir(distDir, { recursive: true });
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      await mkdir(lockDir);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const lock = await stat(lockDir).catch(() => null);
    if (lock && Date.now() - lock.mtimeMs > STALE_LOCK_MS) {
      await rm(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`web build lock ${lockDir} held too long`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Builds `dist/web/` if needed; once per process, one process at a time. */
export function ensureWebBuilt(): Promise<void> {
  once ??= (async () => {
    await acquire();
    try {
      await buildWeb({ ifNeeded: true });
    } finally {
      await rm(lockDir, { recursive: true, force: true });
    }
  })();
  return once;
}
