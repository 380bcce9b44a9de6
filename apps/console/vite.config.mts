import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

// Vite 8 compiles TSX itself (oxc): no React plugin is needed for a production build.
// The API serves dist/console at / (same origin as /api/v1); `vite` dev proxies /api to it.
export default defineConfig({
  root,
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: '../../dist/console',
    emptyOutDir: true,
    sourcemap: false,
    // dist/console/.vite/manifest.json: scripts/console/check-bundle.mjs measures the first load from it (dotfiles are never served).
    manifest: true,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      // Libraries' "use client" directives mean nothing in a client-only bundle.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    // Above the 10 s that findBy…/waitFor may wait (src/test/setup.ts) on a busy machine.
    testTimeout: 30_000,
  },
});
