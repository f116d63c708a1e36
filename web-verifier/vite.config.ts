/**
 * Library build of the verifier widget: `src/index.ts` → `dist/web/verifier/mdok-verify.js`, one
 * minified ES module with Lit, socket.io-client, jose and qrcode-generator inside, so a host page
 * needs a single script tag (and the npm package ships the same file). The contracts' constants
 * come in without zod (contract-purity.ts); the build fails if zod leaks in anyway. Compressed
 * copies, the SRI hash and the manifest are written by `npm run build:web`
 * (scripts/build-web.ts), which runs this config.
 * Run alone: `npx vite build -c web-verifier/vite.config.ts`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { contractPurity, zodMarkers } from './contract-purity.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const outDir = resolve(here, '../dist/web/verifier');

/** Fails the build when zod (or any of its parts) ended up in the bundle. */
function noZod(): Plugin {
  return {
    name: 'mdok-no-zod',
    apply: 'build',
    closeBundle() {
      const code = readFileSync(resolve(outDir, 'mdok-verify.js'), 'utf8');
      const found = zodMarkers.exec(code);
      if (found) {
        throw new Error(`zod leaked into mdok-verify.js ("${found[0]}"): see contract-purity.ts`);
      }
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
    reportCompressedSize: false,
    lib: {
      entry: resolve(here, 'src/index.ts'),
      formats: ['es'],
      fileName: () => 'mdok-verify.js',
    },
    rolldownOptions: {
      treeshake: contractPurity(resolve(here, '../contracts')),
      output: { minify: true },
    },
  },
  plugins: [noZod()],
});
