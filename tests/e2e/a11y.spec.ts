import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, type TestInfo } from '@playwright/test';
import { test } from './support';

/**
 * WCAG 2 A/AA checks (axe) on the main pages, in zh-CN. Serious and critical findings fail the
 * test and are printed in full; minor and moderate ones are only listed in the report.
 */

const PASSWORD = 'Demo@2026pass';

// Screenshots continue after the journey's (which use 01–49) so names never collide.
let shotNo = 50;
async function shot(page: Page, testInfo: TestInfo, name: string) {
  shotNo += 1;
  // Chromium's full-page capture resizes the view and leaves the page's scroll offset out of step
  // with what is painted (a later click's mouseup then lands elsewhere): put it back explicitly.
  const scrollY = await page.evaluate(() => window.scrollY);
  await page.screenshot({ path: path.join(testInfo.project.outputDir, 'screenshots', `${shotNo}-${name}.png`), fullPage: true });
  await page.evaluate((y) => window.scrollTo(0, y), scrollY);
}

async function signIn(page: Page, identifier: string) {
  await page.goto('/login');
  await page.getByLabel('手机号或电子邮箱', { exact: true }).fill(identifier);
  await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByRole('button', { name: '退出', exact: true })).toBeVisible();
}

async function expectAccessible(page: Page, testInfo: TestInfo, name: string) {
  await shot(page, testInfo, `a11y-${name}`);
  // The page as the server sends it: no NUL bytes (React 18.3 pads some streamed chunks with them).
  const raw = await (await page.request.get(page.url())).body();
  expect(raw.indexOf(0), `a NUL byte in the HTML of ${name} (${page.url()})`).toBe(-1);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const describe = (v: (typeof results.violations)[number]) =>
    `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
    v.nodes.map((n) => `    ${n.target.join(' ')}\n      ${n.failureSummary?.replace(/\n/g, '\n      ')}`).join('\n');
  const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const minor = results.violations.filter((v) => !blocking.includes(v));
  if (minor.length) {
    testInfo.annotations.push({ type: 'axe (minor/moderate)', description: `${name}: ${minor.map((v) => v.id).join(', ')}` });
  }
  await testInfo.attach(`axe-${name}.json`, { body: JSON.stringify(results.violations, null, 2), contentType: 'application/json' });
  expect(blocking, `axe on ${name} (${page.url()}):\n${blocking.map(describe).join('\n')}`).toEqual([]);
}

test.describe('accessibility (axe, WCAG 2 A/AA)', () => {
  test('public pages', async ({ page }, testInfo) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectAccessible(page, testInfo, 'home');

    await page.goto('/orgs');
    await expect(page.getByRole('heading', { level: 1, name: '社区社会组织名录' })).toBeVisible();
    await expectAccessible(page, testInfo, 'orgs');

    await page.goto('/regions/61');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('陕西省');
    await expectAccessible(page, testInfo, 'regions-61');

    await page.goto('/login');
    await expect(page.getByRole('heading', { level: 1, name: '登录' })).toBeVisible();
    await expectAccessible(page, testInfo, 'login');
  });

  test('the filing form with a community chosen (applicant)', async ({ page }, testInfo) => {
    await signIn(page, 'leader@demo.cn');
    await page.goto('/filings/new?r1=6101&r2=610113&r3=610113001&r4=610113001002');
    await expect(page.getByRole('button', { name: '提交申请' })).toBeVisible();
    await expectAccessible(page, testInfo, 'filing-new');

    // The same form showing errors must stay accessible too.
    await page.getByRole('button', { name: '提交申请' }).click();
    await expect(page.locator('#f-name-error')).toBeVisible();
    await expectAccessible(page, testInfo, 'filing-new-errors');
  });

  test('a filing as the committee', async ({ page }, testInfo) => {
    await signIn(page, 'committee@demo.cn');
    await page.goto('/filings');
    await expectAccessible(page, testInfo, 'committee-filings');
    // The seeded application waiting for the committee's first review.
    await page.getByRole('link', { name: '永松社区广场舞蹈队', exact: true }).first().click();
    await expect(page.getByRole('heading', { name: '社区初审', exact: true })).toBeVisible();
    await expectAccessible(page, testInfo, 'committee-filing');
  });

  test('the project library, an awarded project and its public fund trace (visitor)', async ({ page }, testInfo) => {
    await page.goto('/projects?status=awarded');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectAccessible(page, testInfo, 'projects-awarded');
    await page.locator('main table a[href^="/projects/"]').first().click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('已成交');
    await expectAccessible(page, testInfo, 'project-awarded');
    await page.getByRole('link', { name: '资金流向', exact: true }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: '资金流向' })).toBeVisible();
    await expectAccessible(page, testInfo, 'project-funds');
  });

  test('purchase intentions: the public list, and the form with its errors (station)', async ({ page }, testInfo) => {
    await page.goto('/intentions');
    await expect(page.getByRole('heading', { level: 1, name: '采购意向公开' })).toBeVisible();
    await expectAccessible(page, testInfo, 'intentions');
    await signIn(page, 'station@demo.cn');
    await page.goto('/intentions/new');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await expect(page.getByText('请填写4至100字的采购项目名称。')).toBeVisible();
    await expectAccessible(page, testInfo, 'intention-new-errors');
  });

  test('the contracts workspace and a contract with an amendment to answer (bureau)', async ({ page }, testInfo) => {
    await signIn(page, 'bureau@demo.cn');
    await page.goto('/contracts');
    await expect(page.getByRole('heading', { level: 3, name: '待您确认的补充协议' })).toBeVisible();
    await expectAccessible(page, testInfo, 'contracts-workspace');
    await page.getByRole('link', { name: '第 1 号补充协议', exact: true }).click();
    await expect(page.getByRole('heading', { level: 2, name: '待您确认：第 1 号补充协议' })).toBeVisible();
    // With the folded termination form open, and its refusal showing.
    const terminate = page.locator('section').filter({ has: page.getByRole('heading', { name: '终止合同', exact: true }) });
    await terminate.locator('summary').click();
    await terminate.getByRole('button', { name: '终止合同', exact: true }).click();
    await expect(terminate.getByText('请勾选确认您已了解终止的后果。')).toBeVisible();
    await expectAccessible(page, testInfo, 'contract-amendment-terminate');
  });
});
