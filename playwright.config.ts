import { defineConfig } from '@playwright/test';

/**
 * Browser end-to-end tests against the production build, on a fresh PGlite folder seeded at start
 * (region tree + demo accounts). Browsers are not downloaded: Debian's chromium is used.
 */
const PORT = 3211;
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
    command: `rm -rf .data/e2e && npx remix vite:build && NODE_ENV=production PORT=${PORT} PGLITE_DIR=.data/e2e COOKIE_SECURE=0 node server.js`,
    url: `${baseURL}/healthz`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    // Let the server close PGlite cleanly instead of being killed mid-write.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
  },
});
