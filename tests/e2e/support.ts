import path from 'node:path';
import { test as base, expect, type APIRequestContext, type Browser, type BrowserContext, type Page, type TestInfo } from '@playwright/test';

/**
 * Every journey runs under the production Content-Security-Policy: a violation (an inline script
 * without the nonce, a script or style from elsewhere) fails the test. Chromium reports each one on
 * the console; every context a test opens is watched, the default one and those of browser.newContext.
 */
export const test = base.extend<{ cspGuard: void }>({
  cspGuard: [
    async ({ browser, context }, use) => {
      const violations: string[] = [];
      const watch = (c: BrowserContext) =>
        c.on('console', (m) => {
          if (/Content Security Policy/i.test(m.text())) violations.push(`${m.location().url}: ${m.text()}`);
        });
      watch(context);
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (options) => {
        const c = await newContext(options);
        watch(c);
        return c;
      };
      await use();
      browser.newContext = newContext;
      expect(violations, 'Content-Security-Policy violations in the browser').toEqual([]);
    },
    { auto: true },
  ],
});

/** Helpers shared by the journeys: people in their own browser contexts, screenshots, the test clock. */
export const PASSWORD = 'Demo@2026pass';

/**
 * Full-page screenshots of every page visited: test-results/screenshots/NNN-name.png, numbered from
 * `start` so the journeys' names never collide (filing 01–49, accessibility 51+, procurement 2NN,
 * contracts 3NN).
 */
export function screenshots(start: number) {
  let n = start;
  return async function shot(page: Page, testInfo: TestInfo, name: string) {
    n += 1;
    const file = path.join(testInfo.project.outputDir, 'screenshots', `${n}-${name}.png`);
    // Chromium's full-page capture resizes the view and leaves the page's scroll offset out of step
    // with what is painted (a later click's mouseup then lands elsewhere): put it back explicitly.
    const scrollY = await page.evaluate(() => window.scrollY);
    await page.screenshot({ path: file, fullPage: true });
    await page.evaluate((y) => window.scrollTo(0, y), scrollY);
  };
}

/** Fail the test on uncaught errors in the page (hydration errors included). */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** React has hydrated the document (its props are attached to the DOM), so onChange handlers run. */
export async function hydrated(page: Page) {
  await page.waitForFunction(() => {
    const main = document.querySelector('main');
    return !!main && Object.keys(main).some((k) => k.startsWith('__reactProps'));
  });
}

export async function signIn(page: Page, identifier: string) {
  await page.goto('/login');
  await page.getByLabel('手机号或电子邮箱', { exact: true }).fill(identifier);
  await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).not.toHaveURL(/\/login/);
  await expect(page.getByRole('button', { name: '退出', exact: true })).toBeVisible();
}

export interface Person {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

export async function newPerson(browser: Browser, identifier?: string): Promise<Person> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  if (identifier) await signIn(page, identifier);
  return { context, page, errors };
}

/**
 * Moves the test server's clock forward (ENABLE_TEST_CLOCK=1) and returns the server's new time.
 * The offset lives in the server process and adds up over a run, so deadlines are computed from
 * this answer, never from the test's own clock.
 */
export async function advanceClock(request: APIRequestContext, baseURL: string, minutes: number): Promise<Date> {
  const res = await request.post('/test/clock', { form: { advanceMinutes: String(minutes) }, headers: { Origin: baseURL } });
  expect(res.status(), await res.text()).toBe(200);
  const body = (await res.json()) as { now: string };
  return new Date(body.now);
}

/** An instant as a datetime-local value in Beijing time ("2026-12-01T17:00"). */
export const beijingInput = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16);

/** The page's done/saved message (not the score cells or the contract form's split line, also role=status). */
export const status = (page: Page) => page.locator('p.notice[role="status"]');
