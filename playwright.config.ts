import { defineConfig } from '@playwright/test';

/**
 * Browser end-to-end tests against the production build, on a fresh PGlite folder seeded at start
 * (region tree + demo accounts). Browsers are not downloaded: Debian's chromium is used.
 */
const PORT = Number(process.env.E2E_PORT || 3211);
const baseURL = `http://localhost:${PORT}`;

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  // Two cores and one PGlite connection: run one test at a time, and never retry (no hidden flakiness).
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    locale: 'zh-CN',
    baseURL,
    screenshot: 'on',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
  ],
  webServer: {
    // Build, then serve a private copy of the build (and of server.js, which finds it relative to
    // itself and serves build/client relative to the working directory): a `remix vite:build` run in
    // this checkout while the tests run (by a developer, or another tool) replaces build/ with new
    // asset hashes and would otherwise break hydration mid-run. The database is a fresh PGlite folder,
    // migrated and seeded with the region tree and demo accounts on start.
    command: [
      'rm -rf .data/e2e .data/e2e-app',
      'npx remix vite:build',
      'mkdir -p .data/e2e-app',
      'cp -R build server.js .data/e2e-app/',
      'cd .data/e2e-app',
      `NODE_ENV=production PORT=${PORT} PGLITE_DIR=../e2e COOKIE_SECURE=0 ENABLE_TEST_CLOCK=1 MIGRATIONS_DIR=../../drizzle REGIONS_FILE=../../db/seed/data/regions-61.tsv exec node server.js`,
    ].join(' && '),
    url: `${baseURL}/healthz`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    // Let the server close PGlite cleanly instead of being killed mid-write.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
  },
});
