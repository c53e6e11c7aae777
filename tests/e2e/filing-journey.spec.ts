import path from 'node:path';
import { expect, type Browser, type BrowserContext, type Page, type TestInfo } from '@playwright/test';
import { test } from './support';

/**
 * The filing journey in the browser, in zh-CN, against the production build with the demo seed:
 * applicant → community committee (return, then pass) → street station (file) → public directory.
 */

const PASSWORD = 'Demo@2026pass';
const LEADER = 'leader@demo.cn';
const COMMITTEE = 'committee@demo.cn';
const STATION = 'station@demo.cn';

const CITY = '西安市';
const COUNTY = '雁塔区';
const STREET = '小寨路街道';
const COMMUNITY = '永松社区居委会';

// Full-page screenshots of every page visited, kept as CI artifacts: test-results/screenshots/NN-name.png.
let shotNo = 0;
async function shot(page: Page, testInfo: TestInfo, name: string) {
  shotNo += 1;
  const file = path.join(testInfo.project.outputDir, 'screenshots', `${String(shotNo).padStart(2, '0')}-${name}.png`);
  // Chromium's full-page capture resizes the view and leaves the page's scroll offset out of step
  // with what is painted (a later click's mouseup then lands elsewhere): put it back explicitly.
  const scrollY = await page.evaluate(() => window.scrollY);
  await page.screenshot({ path: file, fullPage: true });
  await page.evaluate((y) => window.scrollTo(0, y), scrollY);
}

/** Fail the test on uncaught errors in the page (hydration errors included). */
function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** React has hydrated the document (its props are attached to the DOM), so onChange handlers run. */
async function hydrated(page: Page) {
  await page.waitForFunction(() => {
    const main = document.querySelector('main');
    return !!main && Object.keys(main).some((k) => k.startsWith('__reactProps'));
  });
}

async function signIn(page: Page, identifier: string) {
  await page.goto('/login');
  await page.getByLabel('手机号或电子邮箱', { exact: true }).fill(identifier);
  await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).not.toHaveURL(/\/login/);
  await expect(page.getByRole('button', { name: '退出', exact: true })).toBeVisible();
}

async function newSignedInPage(browser: Browser, identifier: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await signIn(page, identifier);
  return { context, page, errors };
}

/** Choose the community through the cascading selects; each change submits the GET form at once. */
async function chooseCommunity(page: Page) {
  await page.goto('/filings/new');
  await hydrated(page);
  await page.getByLabel('设区市', { exact: true }).selectOption({ label: CITY });
  await expect(page).toHaveURL(/[?&]r1=6101\b/);
  await page.getByLabel('县（区）', { exact: true }).selectOption({ label: COUNTY });
  await expect(page).toHaveURL(/[?&]r2=610113\b/);
  await page.getByLabel('街道（乡镇）', { exact: true }).selectOption({ label: STREET });
  await expect(page).toHaveURL(/[?&]r3=610113001\b/);
  await page.getByLabel('社区（村）', { exact: true }).selectOption({ label: COMMUNITY });
  await expect(page).toHaveURL(/[?&]r4=610113001002\b/);
  await expect(page.getByText(new RegExp(`所在社区：.*${CITY} / ${COUNTY} / ${STREET} / ${COMMUNITY}$`))).toBeVisible();
  await expect(page.getByRole('button', { name: '提交申请' })).toBeVisible();
}

interface FilingFields {
  name: string;
  memberCount: string;
}

async function fillFilingForm(page: Page, f: FilingFields) {
  await page.getByLabel('组织名称', { exact: true }).fill(f.name);
  await page.getByRole('checkbox', { name: '文化', exact: true }).check();
  await page.getByRole('checkbox', { name: '体育', exact: true }).check();
  await page.getByRole('checkbox', { name: '全体居民', exact: true }).check();
  await page.getByRole('checkbox', { name: '空巢老人', exact: true }).check();
  await page.getByLabel('负责人', { exact: true }).fill('吴刚');
  await page.getByLabel('联系电话', { exact: true }).fill('13900001111');
  await page.getByLabel('成立日期', { exact: true }).fill('2025-05-01');
  await page.getByLabel('成员人数', { exact: true }).fill(f.memberCount);
  await page
    .getByLabel('组织章程', { exact: true })
    .fill('第一条 本队由永松社区热爱太极拳的居民自愿组成，在社区居委会指导下开展健身活动。第二条 本队宗旨是强身健体、邻里和睦。');
  await page.getByLabel('活动规则和管理制度', { exact: true }).fill('每周二、四早上七点在社区广场集体练习。');
}

/** How many applications the signed-in user has submitted, as listed on /filings. */
async function myFilingCount(page: Page): Promise<number> {
  await page.goto('/filings');
  const mine = page.locator('section').filter({ has: page.getByRole('heading', { name: '我提交的申请' }) });
  await expect(mine).toBeVisible();
  return mine.locator('tbody tr').count();
}

test('applicant files, committee returns then passes, station files, the public sees it', async ({ browser }, testInfo) => {
  test.setTimeout(180_000);
  const name = `永松社区太极拳队${Date.now()}`;
  let filingUrl = '';

  const leader = await newSignedInPage(browser, LEADER);
  const committee = await newSignedInPage(browser, COMMITTEE);
  const station = await newSignedInPage(browser, STATION);

  await test.step('the leader applies', async () => {
    const page = leader.page;
    await shot(page, testInfo, 'leader-home');
    await page.goto('/filings');
    await shot(page, testInfo, 'leader-filings');
    await page.getByRole('link', { name: '申请备案' }).click();
    await expect(page).toHaveURL(/\/filings\/new$/);
    await expect(page.getByText('请逐级选择到社区（村）后再填写申请。')).toBeVisible();
    await shot(page, testInfo, 'filing-new-empty');
    await chooseCommunity(page);
    await fillFilingForm(page, { name, memberCount: '8' });
    await shot(page, testInfo, 'filing-new-filled');
    await page.getByRole('button', { name: '提交申请' }).click();
    await expect(page).toHaveURL(/\/filings\/[0-9a-f-]{36}\?submitted=1$/);
    await expect(page.getByRole('status')).toHaveText('申请已提交，社区居（村）委会将进行初审。');
    await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('待社区初审');
    filingUrl = new URL(page.url()).pathname;
    await shot(page, testInfo, 'filing-submitted');
  });

  await test.step('the committee returns it with a reason', async () => {
    const page = committee.page;
    await page.goto('/filings');
    await expect(page.getByRole('heading', { name: /^待我处理/ })).toBeVisible();
    await shot(page, testInfo, 'committee-queue');
    await page.getByRole('link', { name, exact: true }).first().click();
    await expect(page).toHaveURL(new RegExp(`${filingUrl}$`));
    await expect(page.getByRole('heading', { name: '社区初审', exact: true })).toBeVisible();
    await shot(page, testInfo, 'committee-filing');
    await page.getByLabel('退回理由（申请人可见）', { exact: true }).fill('成员人数不足10人，请补充成员名单后重新提交。');
    await page.getByRole('button', { name: '退回修改' }).click();
    await expect(page.getByRole('status')).toHaveText('已退回申请人修改。');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('已退回修改');
    await expect(page.getByRole('heading', { name: '社区初审', exact: true })).toHaveCount(0);
    await shot(page, testInfo, 'committee-returned');
  });

  await test.step('the leader sees the reason, fixes and resubmits', async () => {
    const page = leader.page;
    await page.goto(filingUrl);
    // Beside the return reason, the page suggests the documents a filing is expected to carry (ADR 019).
    const returned = page.getByRole('note').filter({ hasText: '退回理由：' });
    await expect(returned).toContainText('成员人数不足10人，请补充成员名单后重新提交。');
    await expect(page.getByRole('note').filter({ hasText: '建议上传：章程、成员名单。' })).toBeVisible();
    await shot(page, testInfo, 'leader-returned');
    await page.getByRole('link', { name: '修改申请' }).click();
    await expect(page).toHaveURL(new RegExp(`${filingUrl}/edit$`));
    await expect(page.getByRole('heading', { name: '修改备案申请' })).toBeVisible();
    await expect(page.getByLabel('组织名称', { exact: true })).toHaveValue(name);
    await expect(page.getByLabel('成员人数', { exact: true })).toHaveValue('8');
    await page.getByLabel('成员人数', { exact: true }).fill('12');
    await shot(page, testInfo, 'leader-edit');
    await page.getByRole('button', { name: '重新提交' }).click();
    await expect(page).toHaveURL(new RegExp(`${filingUrl}\\?submitted=1$`));
    await expect(page.getByRole('heading', { level: 1 })).toContainText('待社区初审');
    await expect(page.locator('dl.facts')).toContainText('12');
    await expect(page.getByText('修改后重新提交')).toBeVisible();
    await shot(page, testInfo, 'leader-resubmitted');
  });

  await test.step('the committee passes it to the street', async () => {
    const page = committee.page;
    await page.goto(filingUrl);
    await expect(page.getByText('第2版').first()).toBeVisible();
    await page.getByRole('button', { name: '初审通过，报街道' }).click();
    await expect(page.getByRole('status')).toHaveText('已初审通过，申请已报街道民政工作站。');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('待街道备案');
    await shot(page, testInfo, 'committee-passed');
  });

  await test.step('the street station files it', async () => {
    const page = station.page;
    await page.goto('/filings');
    await shot(page, testInfo, 'station-queue');
    await page.getByRole('link', { name, exact: true }).first().click();
    await expect(page).toHaveURL(new RegExp(`${filingUrl}$`));
    await expect(page.getByRole('heading', { name: '街道备案', exact: true })).toBeVisible();
    await page.getByRole('button', { name: '准予备案' }).click();
    await expect(page.getByRole('status')).toHaveText('已准予备案，组织已列入公开名录。');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('已备案');
    await expect(page.getByText('已备案为：')).toBeVisible();
    await shot(page, testInfo, 'station-filed');
  });

  await test.step('an anonymous visitor finds it in the public directory', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    await page.goto('/orgs');
    await expect(page.getByRole('heading', { level: 1, name: '社区社会组织名录' })).toBeVisible();
    await page.getByLabel('组织名称', { exact: true }).fill(name);
    await page.getByRole('button', { name: '筛选' }).click();
    await expect(page).toHaveURL(/[?&]q=/);
    await expect(page.getByRole('status')).toHaveText('共 1 个组织');
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
    await expect(row).toContainText('已备案');
    await expect(row).toContainText(COMMUNITY);
    await shot(page, testInfo, 'public-search');
    await row.getByRole('link', { name, exact: true }).click();
    await expect(page).toHaveURL(/\/orgs\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
    const facts = page.locator('dl.facts');
    await expect(facts.locator('dt', { hasText: '登记状态' }).locator('+ dd')).toHaveText('已备案');
    await expect(facts.locator('dt', { hasText: '备案编号' }).locator('+ dd')).toHaveText(/^陕备610113001\d{8}$/);
    await expect(facts.locator('dt', { hasText: '成员人数' }).locator('+ dd')).toHaveText('12');
    await shot(page, testInfo, 'public-org');
    expect(errors, 'uncaught page errors').toEqual([]);
    await context.close();
  });

  for (const who of [leader, committee, station]) {
    expect(who.errors, 'uncaught page errors').toEqual([]);
    await who.context.close();
  }
});

test('an empty name is refused with a translated error next to the field, and nothing is created', async ({ page }, testInfo) => {
  const errors = watchPageErrors(page);
  await signIn(page, LEADER);
  const before = await myFilingCount(page);
  await chooseCommunity(page);
  await fillFilingForm(page, { name: '', memberCount: '5' });
  await page.getByRole('button', { name: '提交申请' }).click();

  const nameField = page.getByLabel('组织名称', { exact: true });
  await expect(nameField).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#f-name-error')).toHaveText('此项为必填项。');
  // The message is tied to the field for screen readers.
  await expect(nameField).toHaveAttribute('aria-describedby', /\bf-name-error\b/);
  await expect(page).toHaveURL(/\/filings\/new\?/);
  // Other values are kept so the applicant only fixes the name.
  await expect(page.getByLabel('负责人', { exact: true })).toHaveValue('吴刚');
  await expect(page.getByLabel('成员人数', { exact: true })).toHaveValue('5');
  await expect(page.locator('.field .error')).toHaveCount(1);
  await shot(page, testInfo, 'filing-new-name-required');

  expect(await myFilingCount(page)).toBe(before);
  expect(errors, 'uncaught page errors').toEqual([]);
});

test('without JavaScript: sign in and choose the community level by level with 确定', async ({ browser }, testInfo) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, LEADER);
  await page.goto('/filings/new');
  const confirm = page.getByRole('button', { name: '确定', exact: true });

  await page.getByLabel('设区市', { exact: true }).selectOption({ label: CITY });
  // No script: changing the select does nothing until the form is submitted.
  await expect(page.getByLabel('县（区）', { exact: true })).toHaveCount(0);
  await confirm.click();
  await expect(page).toHaveURL(/[?&]r1=6101\b/);
  await page.getByLabel('县（区）', { exact: true }).selectOption({ label: COUNTY });
  await confirm.click();
  await page.getByLabel('街道（乡镇）', { exact: true }).selectOption({ label: STREET });
  await confirm.click();
  await page.getByLabel('社区（村）', { exact: true }).selectOption({ label: COMMUNITY });
  await confirm.click();
  await expect(page).toHaveURL(/[?&]r4=610113001002\b/);
  await expect(page.getByText(/所在社区：.*永松社区居委会/)).toBeVisible();
  await expect(page.getByRole('button', { name: '提交申请' })).toBeVisible();
  await shot(page, testInfo, 'nojs-community-chosen');
  await context.close();
});
