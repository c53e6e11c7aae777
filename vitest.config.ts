import { defineConfig } from 'vitest/config';
import tsconfigPaths from 'vite-tsconfig-paths';
import { TEST_AUDIT_KEY } from './tests/support/audit-key';

// Dates in messages and seeds are read the same on every machine; forked workers inherit it.
process.env.TZ = 'UTC';

/**
 * Two projects (`npm run test:unit`, `npm run test:integration`; `npm test` runs both):
 * - unit: the pure rules and libraries beside the code in app/, no database, a few seconds;
 * - integration: everything that needs the seeded template database (tests/support/global-setup.ts),
 *   which is built once and then reused while what it is built from is unchanged.
 */
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    // Workers sign audit rows with the same key as the global set-up that seeded the template.
    env: { AUDIT_HMAC_KEY: TEST_AUDIT_KEY, AUDIT_CHECKPOINT_DIR: 'tests/.tmp/audit-checkpoints' },
    setupFiles: ['tests/support/fail-on-console-error.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: more workers only fight over them.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['app/**/*.test.{ts,tsx}', 'db/guarded-pool.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts', 'db/**/*.test.ts', 'scripts/**/*.test.ts'],
          // Concurrency needs many connections: those files run only on the PostgreSQL server.
          exclude: ['**/node_modules/**', 'db/guarded-pool.test.ts', ...(process.env.DATABASE_URL ? [] : ['**/*.pg.test.ts'])],
          globalSetup: ['tests/support/global-setup.ts'],
        },
      },
    ],
  },
});
