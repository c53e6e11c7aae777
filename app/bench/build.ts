import type { UNSAFE_DefineRoutesFunction as DefineRoutesFunction } from '@remix-run/dev';

/**
 * The benchmark's build (ADR 016): `BENCH=1 remix vite:build` adds these constant-data baseline
 * pages (routes/ beside this file, fixtures.ts) and writes to BENCH_BUILD_DIR, never to build/.
 * bench/run.ts serves that folder; `npm start` and the tests serve build/, where /bench/… is a 404.
 */
export const BENCH_BUILD_DIR = '.data/bench-app/build';

/** URL path under /bench/ → module under app/, one baseline per measured page. */
export const BENCH_PAGES = {
  'orgs-baseline': 'bench/routes/orgs-baseline.tsx',
  'projects-baseline': 'bench/routes/projects-baseline.tsx',
  'project-baseline': 'bench/routes/project-baseline.tsx',
  'contract-baseline': 'bench/routes/contract-baseline.tsx',
  'funds-baseline': 'bench/routes/funds-baseline.tsx',
  'workspace-baseline': 'bench/routes/workspace-baseline.tsx',
} as const;

/** The Remix `routes` option: the baselines as children of the root, beside the file-system routes. */
export function benchRoutes(defineRoutes: DefineRoutesFunction) {
  return defineRoutes((route) => {
    for (const [name, file] of Object.entries(BENCH_PAGES)) route(`bench/${name}`, file);
  });
}
