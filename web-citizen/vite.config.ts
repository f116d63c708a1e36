/**
 * Build of the citizen app: `npx vite build -c web-citizen/vite.config.ts` writes
 * `dist/web/citizen/`, which the hub serves at `/citizen/` on the API's origin. `vite dev`
 * with this config proxies the API and the socket to a hub on localhost:3000 (the embedded
 * default).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { contractPurity } from '../web-verifier/contract-purity.js';

const root = fileURLToPath(new URL('.', import.meta.url));
const hub = 'http://localhost:3000';

export default defineConfig({
  root,
  base: '/citizen/',
  build: {
    outDir: fileURLToPath(new URL('../dist/web/citizen', import.meta.url)),
    emptyOutDir: true,
    minify: true,
    target: 'es2022',
    sourcemap: false,
    // The one lazy chunk (the verifier widget) needs nothing the app has not loaded already.
    modulePreload: false,
    rolldownOptions: {
      // The contracts' zod schemas are built at module level; the app only needs their labels,
      // constants and pure helpers, so unused schemas (and zod with them) are dropped.
      treeshake: contractPurity(fileURLToPath(new URL('../contracts', import.meta.url))),
    },
  },
  server: {
    proxy: {
      '/v1': hub,
      '/socket.io': { target: hub, ws: true },
    },
  },
});
