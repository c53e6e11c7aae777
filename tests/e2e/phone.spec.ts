import { expect, type Browser, type Locator, type Page, type TestInfo } from '@playwright/test';
import { PASSWORD, screenshots, test } from './support';

/**
 * On a 390 × 844 phone (issue 11): the pages committee members and organization leaders open first
 * (the library, a ranking, a fund trace, a contract, each role's workspace) fit the screen, the
 * document never wider than the viewport, so nothing scrolls sideways; the header's menu opens and
 * its links work without JavaScript; an unknown nested address is the app's 404 page, hydrated
 * without a console error. One browser context per person, signed in once. Screenshots:
 * test-results/screenshots/6NN-phone-*.png.
 */

const PHONE = { width: 390, height: 844 };
const shot = screenshots(600);

// The demo's projects (scripts/demo/projects.ts): ranked (the ranking its purchaser sees), awarded
// with the same-conditions preference applied (a public ranking), awarded to the hub with
// subcontracts (the deepest fund trace), and one its panel is scoring; and the hub's draft subcontract.
const RANKED = '雁塔区残疾人社区康复支持项目';
const AWARDED = '雁塔区空巢老人关爱服务项目（2026年度）';
const HUB_PROJECT = '小寨路街道社区为老服务统筹项目';
const EVALUATING = '雁塔区社区矛盾纠纷调解项目';
const DRAFT_SUBCONTRACT = '小寨东路社区四点半课堂';

/** The page fits the phone: the document is no wider than the viewport, so nothing scrolls sideways. */
async function fits(page: Page, testInfo: TestInfo, name: string) {
  await shot(page, testInfo, `phone-${name}`);
  const { scrollWidth, innerWidth, wide } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    // What reaches past the right edge, to name the element to fix when the check fails.
    wide: [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} (${Math.round(e.getBoundingClientRect().right)}px)`),
  }));
  expect.soft(scrollWidth, `${name} (${page.url()}) is ${scrollWidth}px wide on a ${innerWidth}px screen: ${wide.join(', ')}`).toBeLessThanOrEqual(innerWidth);
}

/** Shown, and within the screen's width: not cut off to the right nor behind a sideways scroll. */
async function withinWidth(locator: Locator) {
  await expect(locator).toBeVisible();
  const box = (await locator.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
}

/** A person on a phone, in their own context; errors the page throws (hydration included) and console errors are kept. */
async function phone(browser: Browser, identifier?: string, javaScriptEnabled = true) {
  const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    // A 404 or 403 document is reported by Chromium as a failed resource: that is the page's status, not an error in it.
    if (m.type() === 'error' && !/^Failed to load resource: the server responded with a status of 40[34]/.test(m.text())) errors.push(m.text());
  });
  if (identifier) {
    await page.goto('/login');
    await page.getByLabel('手机号或电子邮箱', { exact: true }).fill(identifier);
    await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await expect(page).not.toHaveURL(/\/login/);
  }
  return { context, page, errors };
}

/** A project found in the library and opened from its link. */
async function openProject(page: Page, title: string) {
  await page.goto(`/projects?q=${encodeURIComponent(title)}`);
  await page.getByRole('link', { name: title, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(title);
}

/** A contract opened from the person's contracts page. */
async function openContract(page: Page, title: string) {
  await page.goto('/contracts');
  await page.getByRole('link', { name: title, exact: true }).first().click();
  await expect(page).toHaveURL(/\/contracts\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(title);
}

test.describe('on a 390-pixel phone', () => {
  test('a visitor reads the library, a ranking and a fund trace', async ({ browser }, testInfo) => {
    const { page, errors, context } = await phone(browser);
    await page.goto('/');
    await fits(page, testInfo, 'home');

    await page.goto('/projects');
    await expect(page.getByRole('heading', { level: 1, name: '项目库' })).toBeVisible();
    // Every project's deadline and status are on the screen, not cut off to the right.
    const first = page.locator('table.data tbody tr').first();
    for (const label of ['投标截止时间', '状态']) {
      await withinWidth(first.locator(`td[data-label="${label}"]`));
    }
    await fits(page, testInfo, 'library');

    await openProject(page, AWARDED);
    const ranking = page.locator('section').filter({ has: page.getByRole('heading', { level: 2, name: '评审结果与排名' }) });
    // The totals and the explanation are read on the phone, beside each other's bid, not past the edge.
    await withinWidth(ranking.locator('td[data-label="总分"]').first());
    await withinWidth(ranking.locator('ul.reasons li').filter({ hasText: '同等条件' }).first());
    await fits(page, testInfo, 'ranking');

    await openProject(page, HUB_PROJECT);
    await page.getByRole('link', { name: '资金流向', exact: true }).first().click();
    await expect(page).toHaveURL(/\/funds$/);
    await fits(page, testInfo, 'funds');

    for (const [path, name] of [
      ['/orgs', 'orgs'],
      ['/intentions', 'intentions'],
      ['/regions/61', 'regions'],
    ] as const) {
      await page.goto(path);
      await fits(page, testInfo, name);
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  const PEOPLE: { account: string; pages: string[]; more?: (page: Page, testInfo: TestInfo) => Promise<void> }[] = [
    {
      account: 'bureau@demo.cn',
      pages: ['/contracts', '/budgets', '/filings', '/projects/new'],
      more: async (page, testInfo) => {
        await openProject(page, RANKED);
        await expect(page.getByRole('heading', { level: 2, name: '评审结果与排名' })).toBeVisible();
        await fits(page, testInfo, 'bureau-ranked-project');
        await openContract(page, HUB_PROJECT);
        await fits(page, testInfo, 'bureau-contract');
      },
    },
    { account: 'committee@demo.cn', pages: ['/filings', '/budgets', '/contracts'] },
    {
      account: 'org@demo.cn',
      pages: ['/contracts', '/filings'],
      more: async (page, testInfo) => {
        await openContract(page, '永松社区文体助老活动');
        await fits(page, testInfo, 'org-subcontract');
      },
    },
    {
      account: 'hub@demo.cn',
      pages: ['/contracts'],
      more: async (page, testInfo) => {
        await openContract(page, DRAFT_SUBCONTRACT);
        await fits(page, testInfo, 'hub-draft-subcontract');
        await page.goto(`${page.url()}/terms`);
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        await fits(page, testInfo, 'hub-subcontract-terms');
      },
    },
    {
      account: 'evaluator@demo.cn',
      pages: [],
      more: async (page, testInfo) => {
        await openProject(page, EVALUATING);
        await page.goto(`${page.url()}/score`);
        await fits(page, testInfo, 'evaluator-score');
      },
    },
    { account: 'province@demo.cn', pages: ['/experts'] },
    { account: 'admin@demo.cn', pages: ['/audit', '/staff'] },
  ];
  for (const { account, pages, more } of PEOPLE) {
    test(`${account}: the workspace and the pages of the role`, async ({ browser }, testInfo) => {
      const who = account.split('@')[0]!;
      const { page, errors, context } = await phone(browser, account);
      await page.goto('/workspace');
      await expect(page.getByRole('heading', { level: 1 })).toContainText('工作台');
      await fits(page, testInfo, `${who}-workspace`);
      for (const path of pages) {
        await page.goto(path);
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        await fits(page, testInfo, `${who}${path.replace(/\//g, '-')}`);
      }
      await more?.(page, testInfo);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  test('the header folds into a menu that opens and works without JavaScript', async ({ browser }, testInfo) => {
    const { page, context } = await phone(browser, undefined, false);
    await page.goto('/projects');
    const menu = page.locator('details.nav-menu');
    const openMenu = page.getByText('菜单', { exact: true });
    // Folded: the links are not on the screen, the menu's button is.
    await expect(openMenu).toBeVisible();
    await expect(page.getByRole('link', { name: '组织名录', exact: true })).toBeHidden();
    await openMenu.click();
    await expect(menu).toHaveAttribute('open', '');
    await expect(menu.getByRole('link', { name: '项目库', exact: true })).toHaveAttribute('aria-current', 'page');
    await expect(menu.getByRole('link', { name: '登录', exact: true })).toBeVisible();
    await fits(page, testInfo, 'menu-open');
    await menu.getByRole('link', { name: '组织名录', exact: true }).click();
    await expect(page).toHaveURL(/\/orgs$/);
    await expect(page.getByRole('heading', { level: 1, name: '社区社会组织名录' })).toBeVisible();
    await context.close();

    // With JavaScript, a followed link folds the menu over the new page.
    const signedIn = await phone(browser, 'committee@demo.cn');
    // Signed in, the button also carries what waits (tasks and unread notices), so it is found as the menu's summary.
    const nav = signedIn.page.locator('details.nav-menu');
    await nav.locator('summary').click();
    await expect(nav.getByRole('button', { name: '退出', exact: true })).toBeVisible();
    await nav.getByRole('link', { name: /^工作台/ }).click();
    await expect(signedIn.page).toHaveURL(/\/workspace$/);
    await expect(nav).not.toHaveAttribute('open');
    expect(signedIn.errors).toEqual([]);
    await signedIn.context.close();
  });

  test('an unknown nested address is the 404 page, hydrated without errors', async ({ browser }, testInfo) => {
    const { page, errors, context } = await phone(browser, 'org@demo.cn');
    const res = await page.goto('/projects/x/y/z');
    expect(res?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('出错了（404）');
    // The header knows who is signed in, as on every other page.
    await page.locator('details.nav-menu summary').click();
    await expect(page.locator('details.nav-menu').getByRole('button', { name: '退出', exact: true })).toBeVisible();
    await page.locator('details.nav-menu summary').click();
    await fits(page, testInfo, 'not-found');
    // Hydrated: the page's links are the app's (a client-side navigation follows).
    await page.waitForFunction(() => Object.keys(document.querySelector('main') ?? {}).some((k) => k.startsWith('__reactProps')));
    await page.getByRole('link', { name: '返回首页', exact: true }).click();
    await expect(page).toHaveURL(/\/$/);
    expect(errors).toEqual([]);
    await context.close();
  });
});
