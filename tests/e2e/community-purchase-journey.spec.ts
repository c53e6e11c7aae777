import { expect, type Page } from '@playwright/test';
import { advanceClock, beijingInput, hydrated, newPerson, screenshots, status, test } from './support';

/**
 * A committee's small purchase with community funds from a filed group (issue 10, ADR 018), in the
 * browser in zh-CN against the production build with the demo seed and the test clock: the community
 * committee publishes a small purchase paid from the community's public-welfare funds and invites
 * filed groups → the same invitation with budget money is refused beside the field → a filed dance
 * group of the community bids → the deadline passes → a drawn panel scores it → one working day of
 * notice and the challenge window pass → the committee awards it → the public sees who was paid, from
 * which money, and the drawn panel.
 */

const BIDDING_DAYS = 11;
// Three weeks clear the notice and the 7-working-day challenge window whatever holidays they cross.
const PAST_WINDOW = 21 * 24 * 60;
const COMMITTEE = 'committee@demo.cn';
const ORG = 'org@demo.cn';
const FILED_GROUP = '永松社区夕阳红舞蹈队';
const EXPERTS: Record<string, string> = {
  '评审专家 周明': 'evaluator@demo.cn',
  '评审专家 何静': 'evaluator2@demo.cn',
  '评审专家 罗军': 'evaluator3@demo.cn',
  '评审专家 韩冰': 'evaluator4@demo.cn',
  '评审专家 杜娟': 'evaluator5@demo.cn',
};

const shot = screenshots(500);
const card = (page: Page, heading: string) => page.locator('section').filter({ has: page.getByRole('heading', { name: heading, exact: true }) });

test('a committee buys a small service with community funds from a filed group of its community', async ({ browser, baseURL }, testInfo) => {
  test.setTimeout(300_000);
  const base = baseURL!;
  const title = `永松社区重阳节敬老文艺演出${Date.now()}`;
  let projectUrl = '';

  const visitor = await newPerson(browser);
  const committee = await newPerson(browser, COMMITTEE);
  const org = await newPerson(browser, ORG);
  const everyone = [visitor, committee, org];

  const serverNow = await advanceClock(visitor.page.request, base, 1);
  const deadline = new Date(serverNow.getTime() + BIDDING_DAYS * 86_400_000);
  const serviceYear = new Date(serverNow.getTime() + 8 * 3_600_000).getUTCFullYear() + 1;

  await test.step('the committee drafts a small purchase with community funds that invites filed groups', async () => {
    const page = committee.page;
    await page.goto('/projects/new');
    await expect(page.getByRole('heading', { level: 1, name: '发布购买服务项目' })).toBeVisible();
    await expect(page.getByText(/^服务区域：.*永松社区/)).toBeVisible();
    await hydrated(page);
    await page.getByLabel('项目名称', { exact: true }).fill(title);
    await page.getByLabel('项目说明', { exact: true }).fill('以社区公益事业经费购买服务，在重阳节前后为辖区老人组织两场敬老文艺演出和一次集体生日会。');
    await page.getByRole('checkbox', { name: '文化', exact: true }).check();
    await page.getByRole('checkbox', { name: '空巢老人', exact: true }).check();
    await page.getByLabel('预算（元）', { exact: true }).fill('6000');
    await page.getByLabel('服务开始日期', { exact: true }).fill(`${serviceYear}-09-01`);
    await page.getByLabel('服务结束日期', { exact: true }).fill(`${serviceYear}-10-31`);
    await page.getByRole('checkbox', { name: '已登记（法人）', exact: true }).check();
    await page.getByRole('checkbox', { name: '已备案', exact: true }).check();
    for (const kind of ['社会工作服务机构', '枢纽型社区社会组织', '县（区）级社区服务类社会组织']) {
      await page.getByRole('checkbox', { name: kind, exact: true }).uncheck();
    }
    await page.getByRole('checkbox', { name: '社区社会组织', exact: true }).check();
    await page.getByLabel('未公开采购意向的理由', { exact: true }).fill('社区年度公益事业经费的小额支出，未单独公开采购意向。');
    await page.getByRole('radio', { name: /^小额采购/ }).check();
    await page.getByLabel('投标截止时间', { exact: true }).fill(beijingInput(deadline));
    await page.getByLabel('公示天数', { exact: true }).fill('1');
    await page.getByRole('radio', { name: /^算术平均/ }).check();
    await page.getByLabel('同等条件容差（分）', { exact: true }).fill('0');

    // With budget money a filed group may not contract (政府采购法 §22): refused beside the field, nothing saved.
    await page.getByLabel('资金来源', { exact: true }).selectOption({ label: '财政预算资金' });
    await page.getByRole('radio', { name: /^竞争性谈判/ }).check();
    await page.getByRole('button', { name: '保存草稿', exact: true }).click();
    await expect(page.locator('#f-allowedLegalStatuses-error')).toContainText(
      '街道、区县或使用财政预算资金、福利彩票公益金的购买，只能由已登记（法人）组织承接',
    );
    await expect(page).toHaveURL(/\/projects\/new/);
    await shot(page, testInfo, 'committee-filed-refused');

    await page.getByLabel('资金来源', { exact: true }).selectOption({ label: '社区（村）公益事业经费 / 服务群众专项经费' });
    await page.getByRole('radio', { name: /^小额采购/ }).check();
    await page.getByRole('button', { name: '保存草稿', exact: true }).click();
    await expect(page).toHaveURL(/\/projects\/[0-9a-f-]{36}\?saved=created$/);
    projectUrl = new URL(page.url()).pathname;
    await page.getByRole('button', { name: '发布项目', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('投标中');
    await shot(page, testInfo, 'committee-published');
  });

  await test.step('the filed dance group of the community bids', async () => {
    const page = org.page;
    await page.goto(`${projectUrl}/bid`);
    await hydrated(page);
    await page.getByLabel('投标组织', { exact: true }).selectOption({ label: FILED_GROUP });
    await page.getByLabel('报价（元）', { exact: true }).fill('5800');
    await page.getByLabel('服务方案', { exact: true }).fill('排练两台敬老文艺节目，在社区广场和老年活动中心各演出一场，并为当月过生日的老人举办集体生日会。');
    await page.getByLabel('服务团队', { exact: true }).fill('舞蹈队队员32名，其中骨干8名');
    await page.getByLabel('预期成果', { exact: true }).fill('演出2场，观众400人次，集体生日会1场');
    await page.getByRole('button', { name: '提交投标', exact: true }).click();
    await expect(status(page)).toHaveText('投标已提交。截止前可以修改（重新提交）或撤回。');
  });

  await test.step('the deadline passes; the committee draws the panel; the drawn experts score', async () => {
    await advanceClock(visitor.page.request, base, BIDDING_DAYS * 24 * 60 + 30);
    const page = committee.page;
    await page.goto(projectUrl);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('投标已截止');
    await hydrated(page);
    const panel = card(page, '评审小组');
    await panel.getByRole('button', { name: '随机抽取', exact: true }).click();
    await expect(status(page)).toHaveText('评审小组已从专家库随机抽取。');
    await expect(panel.getByRole('rowheader')).toHaveCount(3);
    const drawn = (await panel.getByRole('rowheader').allTextContents()).map((n) => n.trim());
    // 杜娟 lives in 永松社区 like the bidder: avoided.
    expect(drawn).not.toContain('评审专家 杜娟');
    await page.getByRole('button', { name: '开始评审', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('评审中');

    for (const name of drawn) {
      const ev = await newPerson(browser, EXPERTS[name]!);
      everyone.push(ev);
      await ev.page.goto(`${projectUrl}/score`);
      await ev.page.getByLabel(`${FILED_GROUP}：服务方案 得分（0到50）`, { exact: true }).fill('44');
      await ev.page.getByLabel(`${FILED_GROUP}：团队与经验 得分（0到20）`, { exact: true }).fill('17');
      await ev.page.getByRole('button', { name: '提交评分（提交后锁定）', exact: true }).click();
      await expect(ev.page.getByText(/评分已锁定。$/)).toBeVisible();
    }
    await page.goto(projectUrl);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('评审完成');
    await page.getByRole('button', { name: '公示评审结果', exact: true }).click();
    await expect(status(page)).toHaveText('评审结果已开始公示。');
  });

  await test.step('after the notice and the challenge window the committee awards the filed group', async () => {
    await advanceClock(visitor.page.request, base, PAST_WINDOW);
    const page = committee.page;
    await page.goto(projectUrl);
    await page.getByRole('button', { name: '确定成交', exact: true }).click();
    await expect(status(page)).toHaveText('已确定成交，中标（成交）通知书已生成。');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('已成交');
    await shot(page, testInfo, 'committee-awarded');
  });

  await test.step('the public sees who is paid, from which money, and the drawn panel', async () => {
    const page = visitor.page;
    await page.goto(projectUrl);
    const award = page.locator('section.award-banner');
    await expect(award.locator('.award-line')).toContainText(FILED_GROUP);
    await expect(award.locator('.award-line')).toContainText('¥5,800.00');
    const facts = page.locator('dl.facts').first();
    await expect(facts.locator('dt', { hasText: '资金来源' }).locator('+ dd')).toHaveText('社区（村）公益事业经费 / 服务群众专项经费');
    await expect(facts.locator('dt', { hasText: '采购方式' }).locator('+ dd')).toContainText('小额采购（社区资金）');
    await expect(page.getByText('评审专家由专家库随机抽取，随机种子：', { exact: false })).toBeVisible();
    await shot(page, testInfo, 'visitor-community-purchase');
  });

  for (const who of everyone) {
    expect(who.errors, 'uncaught page errors').toEqual([]);
    await who.context.close();
  }
});
