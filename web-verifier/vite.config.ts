/**
 * Library build of the verifier widget: `src/index.ts` → `dist/web/verifier/mdok-verify.js`, one
 * minified ES module with Lit, socket.io-client and qrcode-generator inside, so a host page needs
 * a single script tag. Prints the gzipped size (target: under 60 kB).
 * Run: `npx vite build -c web-verifier/vite.config.ts`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const outDir = resolve(here, '../dist/web/verifier');
const BUDGET_BYTES = 60 * 1024;

/** Reports the gzipped size of the bundle and warns over budget. */
function gzipReport(): Plugin {
  return {
    name: 'mdok-gzip-report',
    apply: 'build',
    closeBundle() {
      const file = resolve(outDir, 'mdok-verify.js');
      const raw = readFileSync(file);
      const gz = gzipSync(raw, { level: 9 }).length;
      const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
      const verdict = gz <= BUDGET_BYTES ? 'within' : 'OVER';
      console.log(
        `\nmdok-verify.js: ${kb(raw.length)} raw, ${kb(gz)} gzipped (${verdict} the ${kb(BUDGET_BYTES)} budget)`,
      );
    },
  };
}

export default defineConfig({
  root: here,
  publicDir: false,
  logLevel: 'info',
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    reportCompressedSize: true,
    lib: {
      entry: resolve(here, 'src/index.ts'),
      formats: ['es'],
      fileName: () => 'mdok-verify.js',
    },
    rolldownOptions: {
      // The contracts only declare constants and schemas; what the widget does not use may go
      // (zod stays out of the bundle).
      treeshake: { manualPureFunctions: ['z'] },
      output: { minify: true },
    },
  },
  plugins: [gzipReport()],
});
