import { defineConfig } from 'vitest/config';
import tsconfigPaths from 'vite-tsconfig-paths';
import { TEST_AUDIT_KEY } from './tests/support/audit-key';

/**
 * Process-level tests (`npm run test:server`): the production build served by `node server.js` in
 * child processes, driven over HTTP. Body limits, headers, database faults, a SIGKILL mid-burst:
 * what only a real process shows. `*.pg.test.ts` files need DATABASE_URL (a PostgreSQL server).
 */
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ['tests/server/**/*.test.ts'],
    exclude: process.env.DATABASE_URL ? ['**/node_modules/**'] : ['**/node_modules/**', '**/*.pg.test.ts'],
    // Workers sign audit rows with the same key as the global set-up that seeded the template.
    env: { AUDIT_HMAC_KEY: TEST_AUDIT_KEY, AUDIT_CHECKPOINT_DIR: 'tests/.tmp/audit-checkpoints' },
    globalSetup: ['tests/server/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Each file starts its own servers; two cores.
    maxWorkers: 1,
    fileParallelism: false,
  },
});
