// Build and test configuration of the browser UI.
//
// `npm run build` writes web/dist (index.html + hashed assets), which prospektd serves
// with `--web web/dist`. `npm run dev` serves the sources and forwards /api and /feed to
// the server named by PROSPEKT_URL (default http://127.0.0.1:8080).
// `npm test` runs two Vitest projects: `unit` (pure logic, Node) and `browser`
// (Playwright driving Debian's Chromium, see e2e/).
import { defineConfig } from 'vitest/config';

const backend = process.env.PROSPEKT_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/',
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  build: {
    outDir: 'dist',
    target: 'es2022',
    sourcemap: false,
    assetsInlineLimit: 0,
  },
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: true },
      '/feed': { target: backend, changeOrigin: true },
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          environment: 'node',
          // Date formatting tests pin a zone with a non-zero offset.
          env: { TZ: 'Europe/Moscow' },
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['e2e/**/*.e2e.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One Chromium at a time: the machine has two cores.
          fileParallelism: false,
          globalSetup: ['e2e/global-setup.ts'],
        },
      },
    ],
  },
});
