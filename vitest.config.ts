import { defineConfig } from 'vitest/config';
import tsconfigPaths from 'vite-tsconfig-paths';
import { TEST_AUDIT_KEY } from './tests/support/audit-key';

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ['app/**/*.test.{ts,tsx}', 'tests/integration/**/*.test.ts', 'db/**/*.test.ts', 'scripts/**/*.test.ts'],
    // Concurrency needs many connections: those files run only on the PostgreSQL server.
    exclude: process.env.DATABASE_URL ? ['**/node_modules/**'] : ['**/node_modules/**', '**/*.pg.test.ts'],
    // Workers sign audit rows with the same key as the global set-up that seeded the template.
    env: { AUDIT_HMAC_KEY: TEST_AUDIT_KEY, AUDIT_CHECKPOINT_DIR: 'tests/.tmp/audit-checkpoints' },
    globalSetup: ['tests/support/global-setup.ts'],
    setupFiles: ['tests/support/fail-on-console-error.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: more workers only fight over them.
    maxWorkers: 2,
  },
});
