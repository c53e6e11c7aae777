import { vitePlugin as remix } from '@remix-run/dev';
import { defineConfig } from 'vite';
import tsconfigPaths from 'vite-tsconfig-paths';
import { BENCH_BUILD_DIR, benchRoutes } from './app/bench/build';

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true;
  }
}

/**
 * BENCH=1 (only `npm run bench`) adds the benchmark's constant-data baseline pages from app/bench/
 * and builds into a folder of its own: the product's build, which `npm start` serves, never holds
 * them (ADR 016).
 */
const bench = process.env.BENCH === '1';

export default defineConfig({
  server: { port: 3000 },
  build: { target: 'es2022' },
  ssr: {
    // PGlite ships wasm + data files it loads relative to its own module; keep it external.
    external: ['@electric-sql/pglite', '@node-rs/argon2', 'postgres'],
  },
  plugins: [
    remix({
      ignoredRouteFiles: ['**/*.test.ts', '**/*.test.tsx'],
      ...(bench ? { buildDirectory: BENCH_BUILD_DIR, routes: benchRoutes } : {}),
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
    tsconfigPaths(),
  ],
});
