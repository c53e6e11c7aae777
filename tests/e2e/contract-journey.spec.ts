import { expect, type Locator, type Page } from '@playwright/test';
import { advanceClock, beijingInput, hydrated, newPerson, screenshots, status, test } from './support';

const BIDDING_DAYS = 11;

/**
 * The contract journey (issue 4) in the browser, in zh-CN, against the production build with the
 * demo seed, on an award of its own (so nothing depends on the demo contracts): the county bureau
 * buys a street-wide service and awards it to the street's hub → the bureau drafts the contract
 * from the award (50% at signing as an advance, 30% on the mid-term report, 20% on final
 * acceptance; up to 30% may be subcontracted, the main work kept) and both sides confirm → the
 * advance is paid by treasury transfer → the service period starts → the hub subcontracts part of
 * the work to a filed community organization of its street; the bureau consents in writing; both
 * sides confirm, the hub pays the signing tranche → the organization hands in a report with a PDF
 * (a disguised HTML file is refused first) → the hub accepts it with a written opinion and pays →
 * the hub's mid-term report is returned, revised and accepted, paid; the final report accepted,
 * paid → the public fund trace shows every payment and no report → final acceptance with an
 * opinion and a performance score, which the hub's public page shows.
 */

const BUREAU = 'bureau@demo.cn';
const HUB = 'hub@demo.cn';
const ORG = 'org@demo.cn';
const EVALUATORS = [
  { email: 'evaluator@demo.cn', name: '评审专家 周明' },
  { email: 'evaluator2@demo.cn', name: '评审专家 何静' },
  { email: 'evaluator3@demo.cn', name: '评审专家 罗军' },
];

const HUB_ORG = '小寨路街道社区社会组织联合会';
const DANCE_ORG = '永松社区夕阳红舞蹈队';
const BUREAU_UNIT = '雁塔区民政局';
const NOTICE_DAYS = 5;
// The notice (5 working days) and its challenge window (7 working days from its start, ADR 021) both over:
// three weeks clear any holiday (Spring Festival stretches 7 working days to about 17 calendar days).
const PAST_NOTICE_AND_CHALLENGES = 21 * 24 * 60;

// The award and the contract: ¥120,000 split 50/30/20.
const PRICE_YUAN = '120000';
const PRICE_TEXT = '¥120,000.00';
const TRANCHES = ['¥60,000.00', '¥36,000.00', '¥24,000.00'];
// The subcontract: ¥8,000 split 50/30/20; the signing and the first milestone's tranches are paid.
const SUB_YUAN = '8000';
const SUB_TEXT = '¥8,000.00';
const SUB_TRANCHES = ['¥4,000.00', '¥2,400.00', '¥1,600.00'];
const SUB_TITLE = '永松社区广场舞助老活动';
const SUB_MILESTONE = '季度活动报告';

// Treasury transfers recorded in this journey: [voucher, bank reference].
const PAYMENTS = {
  main1: ['雁财支-E2E-0001', 'ICBC-E2E-0001'],
  main2: ['雁财支-E2E-0002', 'ICBC-E2E-0002'],
  main3: ['雁财支-E2E-0003', 'ICBC-E2E-0003'],
  sub1: ['小寨联合会-E2E-01', 'CCB-E2E-0001'],
  sub2: ['小寨联合会-E2E-02', 'CCB-E2E-0002'],
} as const;

// Reports (never public) and the payer's return reason.
const SUB_REPORT = '第一季度组织广场舞助老活动8场，合唱活动4场，服务社区老人150人次，附活动报告。';
const MID_REPORT_1 = '上半年统筹各社区开展助老服务活动30场，入户探访空巢老人200人次。';
const RETURN_REASON = '请补充各社区活动签到表，并说明分包组织的服务情况。';
const MID_REPORT_2 = '上半年统筹各社区开展助老服务活动30场，入户探访空巢老人200人次；已补充签到表，永松社区夕阳红舞蹈队完成广场舞助老活动12场。';
const FINAL_REPORT = '全年开展助老服务活动64场，服务老人620人次，建立空巢老人需求档案180份，项目总结报告已提交。';

const PDF = { name: '活动报告.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%…\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n') };
const FAKE_PDF = {
  name: 'report.pdf',
  mimeType: 'application/pdf',
  buffer: Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>\n'),
};

const shot = screenshots(300);
const AMENDMENT_REASON = '社区活动中心冬季装修，终期活动顺延一个季度。';
// Subcontracting terms, consent and acceptance opinions (ADR 022).
const SHARE_PERCENT = '30';
const SHARE_TEXT = '¥36,000.00';
const EXCLUDED_WORK = '个案关爱服务、项目统筹与督导、服务质量评估';
const CONSENT_TEXT = '同意将广场舞助老活动分包给永松社区夕阳红舞蹈队实施，主体工作由联合会自行履行。';
const FINAL_OPINION = '全年服务按合同约定完成，服务人次和活动场次达到约定标准，验收合格。';
const SCORE = '88';

/** The payer accepts the latest round of a milestone with a written acceptance opinion (验收意见). */
async function acceptWithOpinion(page: Page, milestone: string, opinion: string) {
  const review = card(page, `审核「${milestone}」`);
  await review.getByLabel('验收意见', { exact: true }).fill(opinion);
  await review.getByRole('button', { name: '验收通过', exact: true }).click();
  await expect(status(page)).toHaveText('该里程碑已通过，相应拨付现在可以支付。');
}

/** A card (section) by its heading. */
const card = (page: Page, heading: string | RegExp) =>
  page.locator('section').filter({ has: page.getByRole('heading', { name: heading, exact: typeof heading === 'string' }) });

/** The row of the contract page's tranche table for tranche n (1-based). */
const trancheRow = (page: Page, n: number): Locator =>
  card(page, '拨付计划')
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: String(n), exact: true }) });

/** The contract page's milestone item n (1-based). */
const milestoneItem = (page: Page, n: number, title: string): Locator =>
  page.locator('ol.milestones > li').filter({ has: page.getByRole('heading', { level: 3, name: new RegExp(`^${n}\\. ${title}`) }) });

/** The payer records a treasury transfer for a tranche on the contract page (the date: the server's today, the form's default and maximum). */
async function payByTreasury(page: Page, n: number, amount: string, [voucher, bank]: readonly [string, string]) {
  const pay = card(page, `支付第 ${n} 笔：${amount}`);
  await expect(pay).toBeVisible();
  const date = pay.getByLabel('支付日期', { exact: true });
  const today = await date.getAttribute('max');
  expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  await expect(date).toHaveValue(today!);
  await pay.getByLabel('支付凭证号', { exact: true }).fill(voucher);
  await date.fill(today!);
  await pay.getByLabel('银行流水号', { exact: true }).fill(bank);
  await pay.getByRole('button', { name: '登记国库转账', exact: true }).click();
  await expect(status(page)).toHaveText('已登记这笔支付。');
  await expect(card(page, `支付第 ${n} 笔：${amount}`)).toHaveCount(0);
  const row = trancheRow(page, n);
  await expect(row).toContainText('已支付');
  await expect(row).toContainText('国库转账');
  await expect(row).toContainText(`凭证号 ${voucher} · 流水号 ${bank}`);
  await expect(card(page, '合同记录')).toContainText(`第 ${n} 笔拨付 ${amount} 已支付`);
}

/** The payee hands in a deliverable for a milestone on the contract page. */
async function fillDeliverable(page: Page, milestoneOption: string, report: string, activities: string, emptyNest: string) {
  const form = card(page, '提交成果');
  await expect(form).toBeVisible();
  await form.getByLabel('里程碑', { exact: true }).selectOption({ label: milestoneOption });
  await form.getByLabel('成果报告', { exact: true }).fill(report);
  await form.getByLabel('开展活动次数', { exact: true }).fill(activities);
  await form.getByLabel('空巢老人', { exact: true }).fill(emptyNest);
  return form;
}

test('the bureau contracts the hub: signed, paid in tranches, subcontracted with a report file, returned and revised, fund trace public', async ({
  browser,
  baseURL,
}, testInfo) => {
  test.setTimeout(360_000);
  const base = baseURL!;
  const title = `小寨路街道助老服务统筹项目${Date.now()}`;
  let projectUrl = '';
  let contractUrl = '';
  let subUrl = '';

  const visitor = await newPerson(browser);
  const bureau = await newPerson(browser, BUREAU);
  const hub = await newPerson(browser, HUB);
  const org = await newPerson(browser, ORG);
  const everyone = [visitor, bureau, hub, org];

  // The server's "now" (one minute on: the clock route only moves forward).
  const serverNow = await advanceClock(visitor.page.request, base, 1);
  // A competitive consultation stays open at least 10 days from the day after publication.
  const deadline = new Date(serverNow.getTime() + BIDDING_DAYS * 86_400_000);
  const serviceYear = new Date(serverNow.getTime() + 8 * 3_600_000).getUTCFullYear() + 1;

  await test.step('award: the bureau publishes a project for 小寨路街道, the hub bids, three evaluators score, notice, award', async () => {
    const page = bureau.page;
    await page.goto('/projects/new');
    await expect(page.getByRole('heading', { level: 1, name: '发布购买服务项目' })).toBeVisible();
    await hydrated(page);
    await page.getByLabel('街道（乡镇）', { exact: true }).selectOption({ label: '小寨路街道' });
    await expect(page).toHaveURL(/[?&]r3=610113001\b/);
    await expect(page.getByText(/^服务区域：.*雁塔区 \/ 小寨路街道$/)).toBeVisible();
    await page.getByLabel('项目名称', { exact: true }).fill(title);
    await page
      .getByLabel('项目说明', { exact: true })
      .fill('由街道枢纽型社区社会组织统筹，为辖区空巢老人提供助老服务，并将部分文体助老活动交由已备案的社区社会组织实施。');
    await page.getByRole('checkbox', { name: '养老服务', exact: true }).check();
    await page.getByRole('checkbox', { name: '空巢老人', exact: true }).check();
    await page.getByLabel('预算（元）', { exact: true }).fill('150000');
    await page.getByLabel('服务开始日期', { exact: true }).fill(`${serviceYear}-01-01`);
    await page.getByLabel('服务结束日期', { exact: true }).fill(`${serviceYear}-12-31`);
    // Registered organizations (budget money) of every kind, the hub among them: the defaults.
    await expect(page.getByRole('checkbox', { name: '枢纽型社区社会组织', exact: true })).toBeChecked();
    await page.getByLabel('未公开采购意向的理由', { exact: true }).fill('年度中新增的服务需求，未列入年初公开的采购意向。');
    await page.getByLabel('投标截止时间', { exact: true }).fill(beijingInput(deadline));
    await page.getByLabel('公示天数', { exact: true }).fill(String(NOTICE_DAYS));
    await shot(page, testInfo, 'bureau-project-new');
    await page.getByRole('button', { name: '保存草稿', exact: true }).click();
    await expect(page).toHaveURL(/\/projects\/[0-9a-f-]{36}\?saved=created$/);
    projectUrl = new URL(page.url()).pathname;
    await shot(page, testInfo, 'bureau-project-draft');
    await page.getByRole('button', { name: '发布项目', exact: true }).click();
    await expect(page.getByRole('status')).toHaveText(['项目已发布，开始接受投标。']);
    await expect(page.locator('dl.facts').first().locator('dt', { hasText: '服务区域' }).locator('+ dd')).toContainText('小寨路街道');
    await shot(page, testInfo, 'bureau-project-published');

    const h = hub.page;
    await h.goto(projectUrl);
    await expect(h.getByRole('heading', { name: '本组织投标' })).toBeVisible();
    await shot(h, testInfo, 'hub-project');
    await h.getByRole('link', { name: '我要投标', exact: true }).click();
    await expect(h).toHaveURL(new RegExp(`${projectUrl}/bid$`));
    await expect(h.getByText(`投标组织: ${HUB_ORG}`)).toBeVisible();
    await expect(h.getByText('注意：')).toHaveCount(0);
    await h.getByLabel('报价（元）', { exact: true }).fill(PRICE_YUAN);
    await h.getByLabel('服务方案', { exact: true }).fill('联合会统筹街道各社区助老服务，由已备案的社区社会组织分片实施，按季度汇总服务档案并接受监督。');
    await h.getByLabel('服务团队', { exact: true }).fill('专职工作人员3名，社区社会组织骨干20名');
    await h.getByLabel('预期成果', { exact: true }).fill('服务老人600人次，活动60场，需求档案180份');
    await shot(h, testInfo, 'hub-bid-filled');
    await h.getByRole('button', { name: '提交投标', exact: true }).click();
    await expect(status(h)).toHaveText('投标已提交。截止前可以修改（重新提交）或撤回。');
    await shot(h, testInfo, 'hub-bid-submitted');

    await advanceClock(visitor.page.request, base, BIDDING_DAYS * 24 * 60 + 30);
    await page.goto(projectUrl);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('投标已截止');
    await hydrated(page);
    await shot(page, testInfo, 'bureau-project-closed');
    const panel = card(page, '评审小组');
    // Drawn from the pool (ADR 024): 韩冰 declared a relation with the hub, so the demo's three experts are drawn.
    await panel.getByRole('button', { name: '随机抽取', exact: true }).click();
    await expect(status(page)).toHaveText('评审小组已从专家库随机抽取。');
    for (const e of EVALUATORS) await expect(panel.getByRole('rowheader', { name: e.name, exact: true })).toBeVisible();
    await page.getByRole('button', { name: '开始评审', exact: true }).click();
    await expect(status(page)).toHaveText('评审已开始，评审专家现在可以打分。');
    await shot(page, testInfo, 'bureau-evaluating');

    for (const [i, e] of EVALUATORS.entries()) {
      const ev = await newPerson(browser, e.email);
      everyone.push(ev);
      await ev.page.goto(`${projectUrl}/score`);
      await expect(ev.page.getByRole('heading', { level: 1, name: '评审打分' })).toBeVisible();
      await ev.page.getByLabel(`${HUB_ORG}：服务方案 得分（0到50）`, { exact: true }).fill(String(40 + i));
      await ev.page.getByLabel(`${HUB_ORG}：团队与经验 得分（0到20）`, { exact: true }).fill('16');
      await ev.page.getByRole('button', { name: '提交评分（提交后锁定）', exact: true }).click();
      await expect(ev.page.getByText(/评分已锁定。$/)).toBeVisible();
      await shot(ev.page, testInfo, `evaluator${i + 1}-submitted`);
      await ev.context.close();
    }

    await page.goto(projectUrl);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('评审完成');
    await expect(card(page, '评审结果与排名').locator('tbody tr').first()).toContainText(HUB_ORG);
    await shot(page, testInfo, 'bureau-ranked');
    await page.getByRole('button', { name: '公示评审结果', exact: true }).click();
    await expect(status(page)).toHaveText('评审结果已开始公示。');
    await shot(page, testInfo, 'bureau-notice-started');
    await advanceClock(visitor.page.request, base, PAST_NOTICE_AND_CHALLENGES);
    await page.goto(projectUrl);
    await page.getByRole('button', { name: '确定成交', exact: true }).click();
    await expect(status(page)).toHaveText('已确定成交，中标（成交）通知书已生成。');
    const award = card(page, '成交结果');
    await expect(award.locator('.award-line')).toContainText(HUB_ORG);
    await expect(award.locator('.amount')).toHaveText(PRICE_TEXT);
    await shot(page, testInfo, 'bureau-awarded');
  });

  await test.step('before a contract is signed the fund trace says so, and the winner has nothing to read yet', async () => {
    await visitor.page.goto(`${projectUrl}/funds`);
    await expect(visitor.page.getByRole('heading', { level: 1, name: '资金流向' })).toBeVisible();
    await expect(visitor.page.getByText('本项目已确定成交，合同尚未签订。')).toBeVisible();
    await shot(visitor.page, testInfo, 'visitor-funds-no-contract');

    await hub.page.goto(projectUrl);
    await expect(card(hub.page, '成交结果')).toBeVisible();
    await expect(hub.page.getByRole('link', { name: '起草合同', exact: true })).toHaveCount(0);
    await expect(hub.page.getByRole('link', { name: '查看合同', exact: true })).toHaveCount(0);
    await shot(hub.page, testInfo, 'hub-project-awarded');
  });

  await test.step('the bureau drafts the contract from the award: ¥120,000, 50% at signing, 30% on the mid-term report, 20% on final acceptance', async () => {
    const page = bureau.page;
    await page.goto(projectUrl);
    await card(page, '成交结果').getByRole('link', { name: '起草合同', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${projectUrl}/contract/new$`));
    await expect(page.getByRole('heading', { level: 1, name: '起草服务合同' })).toBeVisible();
    const facts = page.locator('dl.facts').first();
    await expect(facts.locator('dt', { hasText: '承接方' }).locator('+ dd')).toHaveText(HUB_ORG);
    await expect(facts.locator('dt', { hasText: '成交金额' }).locator('+ dd')).toHaveText(PRICE_TEXT);
    await hydrated(page);
    // The defaults: the award's amount, the service period, the usual schedule.
    await expect(page.getByLabel('合同金额（元）', { exact: true })).toHaveValue(`${PRICE_YUAN}.00`);
    await expect(page.getByLabel('开始日期', { exact: true })).toHaveValue(`${serviceYear}-01-01`);
    await expect(page.getByLabel('结束日期', { exact: true })).toHaveValue(`${serviceYear}-12-31`);
    await expect(page.getByRole('radio', { name: /^国库转账/ })).toBeChecked();
    await shot(page, testInfo, 'bureau-contract-new');

    await page.getByLabel('合同金额（元）', { exact: true }).fill(PRICE_YUAN);
    await page.getByLabel('里程碑 1 的名称', { exact: true }).fill('中期报告');
    await page.getByLabel('里程碑 1 的类型', { exact: true }).selectOption({ label: '报告' });
    await page.getByLabel('里程碑 1 的截止日期', { exact: true }).fill(`${serviceYear}-06-30`);
    await page.getByLabel('里程碑 2 的名称', { exact: true }).fill('终期验收');
    await page.getByLabel('里程碑 2 的类型', { exact: true }).selectOption({ label: '服务交付' });
    await page.getByLabel('里程碑 2 的截止日期', { exact: true }).fill(`${serviceYear}-12-31`);
    for (const [i, [percent, unlock]] of [
      ['50', '签订时'],
      ['30', '里程碑 1 通过后'],
      ['20', '里程碑 2 通过后'],
    ].entries()) {
      await page.getByLabel(`第 ${i + 1} 笔的比例（%）`, { exact: true }).fill(percent!);
      await page.getByLabel(`第 ${i + 1} 笔的解锁条件`, { exact: true }).selectOption({ label: unlock! });
    }
    // The first tranche is an advance (payable before the service period starts); up to 30% may be subcontracted.
    await page.getByRole('checkbox', { name: '第一笔款项为预付款', exact: true }).check();
    await expect(page.getByLabel('可分包比例（%）', { exact: true })).toHaveValue('0');
    await page.getByLabel('可分包比例（%）', { exact: true }).fill(SHARE_PERCENT);
    await page.getByLabel('不得分包的主体工作', { exact: true }).fill(EXCLUDED_WORK);
    // Show the split before saving.
    await page.getByRole('button', { name: '计算拨付金额', exact: true }).click();
    await expect(status(page)).toHaveText('已按当前填写计算出每笔拨付金额（尚未保存），核对无误后请提交。');
    const schedule = page
      .locator('fieldset')
      .filter({ has: page.getByText('拨付计划', { exact: true }) })
      .locator('tbody tr');
    for (const [i, amount] of TRANCHES.entries()) await expect(schedule.nth(i).locator('td.num')).toHaveText(amount);
    await expect(page.getByText(`每笔金额精确到分，合计 ${PRICE_TEXT}；除不尽的尾差计入最后一笔。`)).toBeVisible();
    await shot(page, testInfo, 'bureau-contract-previewed');

    await page.getByRole('button', { name: '起草合同', exact: true }).click();
    await expect(page).toHaveURL(/\/contracts\/[0-9a-f-]{36}\?done=drafted$/);
    contractUrl = new URL(page.url()).pathname;
    await expect(status(page)).toHaveText('合同草案已起草，请双方分别确认。');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${title} 草案`);
    await expect(page.getByText('项目合同 · 您是付款方')).toBeVisible();
    const cf = page.locator('dl.facts').first();
    await expect(cf.locator('dt', { hasText: '付款方' }).locator('+ dd')).toHaveText(BUREAU_UNIT);
    await expect(cf.locator('dt', { hasText: '承接方' }).locator('+ dd')).toContainText(HUB_ORG);
    await expect(cf.locator('dt', { hasText: '合同金额' }).locator('+ dd')).toContainText(PRICE_TEXT);
    await expect(page.getByRole('note')).toContainText('付款方：尚未确认；承接方：尚未确认。');
    for (const [i, amount] of TRANCHES.entries()) {
      await expect(trancheRow(page, i + 1)).toContainText(amount);
      await expect(trancheRow(page, i + 1)).toContainText('未解锁');
    }
    await expect(trancheRow(page, 1)).toContainText('签订时');
    await expect(trancheRow(page, 1)).toContainText('预付款');
    await expect(cf.locator('dt', { hasText: '可分包份额' }).locator('+ dd')).toContainText(`不超过合同金额的${SHARE_PERCENT}%（${SHARE_TEXT}）`);
    await expect(cf.locator('dt', { hasText: '可分包份额' }).locator('+ dd')).toContainText(EXCLUDED_WORK);
    await expect(trancheRow(page, 2)).toContainText('里程碑 1「中期报告」通过后');
    await expect(trancheRow(page, 3)).toContainText('里程碑 2「终期验收」通过后');
    await shot(page, testInfo, 'bureau-contract-drafted');

    // The project page now links to the contract instead of drafting another.
    await page.goto(projectUrl);
    await expect(card(page, '成交结果').getByRole('link', { name: '查看合同', exact: true })).toHaveAttribute('href', contractUrl);
    await expect(page.getByRole('link', { name: '起草合同', exact: true })).toHaveCount(0);
    await shot(page, testInfo, 'bureau-project-contract-link');
  });

  await test.step('both sides confirm: the bureau, then the hub; the contract is signed', async () => {
    const page = bureau.page;
    await page.goto(contractUrl);
    await hydrated(page);
    await card(page, '确认合同').getByRole('button', { name: '确认合同', exact: true }).click();
    await expect(status(page)).toHaveText('您已确认合同，等待对方确认。');
    await expect(page.getByRole('note')).toContainText(/付款方：已于 .+ 确认；承接方：尚未确认。/);
    await expect(card(page, '当前无需您操作')).toContainText('您已确认，等待对方确认。');
    await shot(page, testInfo, 'bureau-contract-confirmed');

    const h = hub.page;
    await h.goto('/contracts');
    await expect(h.getByRole('heading', { level: 1, name: '合同' })).toBeVisible();
    const toConfirm = card(h, '待办');
    await expect(toConfirm.getByRole('heading', { name: '待确认的合同草案' })).toBeVisible();
    await shot(h, testInfo, 'hub-contracts-to-confirm');
    await toConfirm.getByRole('link', { name: title, exact: true }).click();
    await expect(h).toHaveURL(new RegExp(`${contractUrl}$`));
    await expect(h.getByText('项目合同 · 您是承接方')).toBeVisible();
    await hydrated(h);
    await shot(h, testInfo, 'hub-contract-draft');
    await card(h, '确认合同').getByRole('button', { name: '确认合同', exact: true }).click();
    await expect(status(h)).toHaveText('双方均已确认，合同已签订生效；签订时应拨付的款项现在可以支付。');
    await expect(h.getByRole('heading', { level: 1 })).toHaveText(`${title} 已签订`);
    await expect(trancheRow(h, 1)).toContainText('待支付');
    await expect(trancheRow(h, 2)).toContainText('未解锁');
    const timeline = card(h, '合同记录');
    for (const e of ['起草合同', '付款方确认合同', '承接方确认合同', '合同签订生效']) await expect(timeline).toContainText(e);
    await shot(h, testInfo, 'hub-contract-signed');
  });

  await test.step('the bureau pays the first tranche, an advance, by treasury transfer', async () => {
    const page = bureau.page;
    await page.goto('/contracts');
    const ready = card(page, '待办');
    await expect(ready.getByRole('heading', { name: '待支付的拨付' })).toBeVisible();
    await shot(page, testInfo, 'bureau-contracts-ready');
    await ready
      .getByRole('listitem')
      .filter({ hasText: title })
      .getByRole('link', { name: `第 1 笔（50%）${TRANCHES[0]}`, exact: true })
      .click();
    await expect(page).toHaveURL(new RegExp(`${contractUrl}#t-[0-9a-f-]{36}$`));
    await hydrated(page);
    await shot(page, testInfo, 'bureau-contract-pay-1');
    await payByTreasury(page, 1, TRANCHES[0]!, PAYMENTS.main1);
    await expect(page.locator('dl.facts').first().locator('dt', { hasText: '合同金额' }).locator('+ dd')).toContainText(`已支付 ${TRANCHES[0]}`);
    await shot(page, testInfo, 'bureau-contract-paid-1');
  });

  await test.step('the service period starts: from its first day work is accepted and tranches paid', async () => {
    // Nothing but the advance is accepted or paid before the start date in China (ADR 022).
    const now = await advanceClock(visitor.page.request, base, 1);
    const start = Date.parse(`${serviceYear}-01-01T00:10:00+08:00`);
    if (now.getTime() < start) await advanceClock(visitor.page.request, base, Math.ceil((start - now.getTime()) / 60_000));
  });

  await test.step('the hub subcontracts to 永松社区夕阳红舞蹈队, the bureau consents in writing, both sides confirm, the hub pays the signing tranche', async () => {
    const h = hub.page;
    await h.goto(contractUrl);
    const subs = card(h, '分包合同');
    await expect(subs).toContainText('尚无分包合同。');
    await shot(h, testInfo, 'hub-contract-paid-1');
    await subs.getByRole('link', { name: '起草分包合同', exact: true }).click();
    await expect(h).toHaveURL(new RegExp(`${contractUrl}/subcontract/new$`));
    await expect(h.getByRole('heading', { level: 1, name: '起草分包合同' })).toBeVisible();
    await expect(h.locator('dl.facts').first().locator('dt', { hasText: '可分包份额' }).locator('+ dd')).toContainText(SHARE_TEXT);
    await expect(h.locator('dl.facts').first().locator('dt', { hasText: '可分包金额' }).locator('+ dd')).toHaveText(SHARE_TEXT);
    await hydrated(h);
    const payee = h.getByLabel('承接组织', { exact: true });
    const option = payee.locator('option', { hasText: DANCE_ORG });
    await expect(option).toHaveCount(1);
    await payee.selectOption((await option.getAttribute('value'))!);
    await h.getByLabel('分包项目名称', { exact: true }).fill(SUB_TITLE);
    await h.getByLabel('合同金额（元）', { exact: true }).fill(SUB_YUAN);
    await h.getByLabel('里程碑 1 的名称', { exact: true }).fill(SUB_MILESTONE);
    await h.getByLabel('里程碑 1 的截止日期', { exact: true }).fill(`${serviceYear}-03-31`);
    await h.getByRole('button', { name: '计算拨付金额', exact: true }).click();
    await expect(status(h)).toHaveText('已按当前填写计算出每笔拨付金额（尚未保存），核对无误后请提交。');
    const schedule = h
      .locator('fieldset')
      .filter({ has: h.getByText('拨付计划', { exact: true }) })
      .locator('tbody tr');
    for (const [i, amount] of SUB_TRANCHES.entries()) await expect(schedule.nth(i).locator('td.num')).toHaveText(amount);
    await shot(h, testInfo, 'hub-subcontract-new');
    await h.getByRole('button', { name: '起草分包合同', exact: true }).click();
    await expect(h).toHaveURL(/\/contracts\/[0-9a-f-]{36}\?done=drafted$/);
    subUrl = new URL(h.url()).pathname;
    await expect(status(h)).toHaveText('合同草案已起草，请双方分别确认。');
    await expect(h.getByRole('heading', { level: 1 })).toHaveText(`${SUB_TITLE} 草案`);
    await expect(h.getByText('分包合同 · 您是付款方')).toBeVisible();
    const sf = h.locator('dl.facts').first();
    await expect(sf.locator('dt', { hasText: '付款方' }).locator('+ dd')).toContainText(HUB_ORG);
    await expect(sf.locator('dt', { hasText: '承接方' }).locator('+ dd')).toContainText(DANCE_ORG);
    await expect(sf.locator('dt', { hasText: '主合同' }).locator('+ dd')).toHaveText(title);
    // Not signed before the bureau consents in writing: no one can confirm it yet.
    await expect(sf.locator('dt', { hasText: '采购单位书面同意' }).locator('+ dd')).toHaveText('等待主合同采购单位书面同意');
    await expect(card(h, '确认合同')).toHaveCount(0);
    await shot(h, testInfo, 'hub-subcontract-waiting-consent');

    const b = bureau.page;
    await b.goto(contractUrl);
    await hydrated(b);
    const consent = card(b, `分包「${SUB_TITLE}」待您同意`);
    await expect(consent).toContainText(DANCE_ORG);
    await expect(consent).toContainText(SUB_TEXT);
    // Consent is written: an empty one is refused.
    await consent.getByRole('button', { name: '同意分包', exact: true }).click();
    await expect(consent.getByText('请填写书面同意意见（4到2000字）。')).toBeVisible();
    await consent.getByLabel('书面同意意见', { exact: true }).fill(CONSENT_TEXT);
    await consent.getByRole('button', { name: '同意分包', exact: true }).click();
    await expect(status(b)).toHaveText('已书面同意该分包。');
    await expect(card(b, `分包「${SUB_TITLE}」待您同意`)).toHaveCount(0);
    await expect(card(b, '分包合同')).toContainText(CONSENT_TEXT);
    await shot(b, testInfo, 'bureau-subcontract-consented');

    await h.goto(subUrl);
    await expect(h.locator('dl.facts').first().locator('dt', { hasText: '采购单位书面同意' }).locator('+ dd')).toContainText(CONSENT_TEXT);
    await hydrated(h);
    await card(h, '确认合同').getByRole('button', { name: '确认合同', exact: true }).click();
    await expect(status(h)).toHaveText('您已确认合同，等待对方确认。');
    await shot(h, testInfo, 'hub-subcontract-confirmed');

    const o = org.page;
    await o.goto('/contracts');
    const toConfirm = card(o, '待办');
    await expect(toConfirm.getByRole('link', { name: SUB_TITLE, exact: true })).toBeVisible();
    await shot(o, testInfo, 'org-contracts-to-confirm');
    await toConfirm.getByRole('link', { name: SUB_TITLE, exact: true }).click();
    await expect(o).toHaveURL(new RegExp(`${subUrl}$`));
    await expect(o.getByText('分包合同 · 您是承接方')).toBeVisible();
    await hydrated(o);
    await shot(o, testInfo, 'org-subcontract-draft');
    await card(o, '确认合同').getByRole('button', { name: '确认合同', exact: true }).click();
    await expect(status(o)).toHaveText('双方均已确认，合同已签订生效；签订时应拨付的款项现在可以支付。');
    await expect(o.getByRole('heading', { level: 1 })).toHaveText(`${SUB_TITLE} 已签订`);
    await shot(o, testInfo, 'org-subcontract-signed');

    await h.goto(subUrl);
    await hydrated(h);
    await payByTreasury(h, 1, SUB_TRANCHES[0]!, PAYMENTS.sub1);
    await shot(h, testInfo, 'hub-subcontract-paid-1');

    // The main contract lists the subcontract with what has been passed on.
    await h.goto(contractUrl);
    const row = card(h, '分包合同')
      .getByRole('row')
      .filter({ has: h.getByRole('rowheader', { name: DANCE_ORG, exact: true }) });
    await expect(row.getByRole('link', { name: SUB_TITLE, exact: true })).toHaveAttribute('href', subUrl);
    await expect(row).toContainText(SUB_TEXT);
    await expect(row).toContainText(SUB_TRANCHES[0]!);
    await expect(row).toContainText('已签订');
    await shot(h, testInfo, 'hub-contract-with-subcontract');
  });

  await test.step('the organization hands in its report: a disguised HTML file is refused and nothing is submitted; the PDF is listed', async () => {
    const o = org.page;
    await o.goto(subUrl);
    await hydrated(o);
    await expect(milestoneItem(o, 1, SUB_MILESTONE)).toContainText('尚未提交成果。');
    const form = await fillDeliverable(o, `1. ${SUB_MILESTONE}`, SUB_REPORT, '12', '150');
    await form.getByLabel('附件（选填）', { exact: true }).setInputFiles(FAKE_PDF);
    await shot(o, testInfo, 'org-deliverable-fake-file');
    await form.getByRole('button', { name: '提交成果', exact: true }).click();
    const fileError = form.locator('#f-files-error');
    await expect(fileError).toHaveText('只接受 PDF、图片（PNG、JPEG、GIF、WebP）和 Word、Excel 文件（按文件内容识别）。');
    await expect(form.getByLabel('附件（选填）', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await expect(status(o)).toHaveCount(0);
    // Nothing handed in: the milestone still waits, with no round, and no file is listed.
    await expect(milestoneItem(o, 1, SUB_MILESTONE).getByRole('heading', { level: 3 })).toContainText('待提交');
    await expect(milestoneItem(o, 1, SUB_MILESTONE)).toContainText('尚未提交成果。');
    await expect(o.getByRole('link', { name: 'report.pdf' })).toHaveCount(0);
    await shot(o, testInfo, 'org-deliverable-fake-refused');

    // A fresh page load, so the real submission starts from a clean form.
    await o.goto(subUrl);
    await hydrated(o);
    await expect(milestoneItem(o, 1, SUB_MILESTONE)).toContainText('尚未提交成果。');
    const again = await fillDeliverable(o, `1. ${SUB_MILESTONE}`, SUB_REPORT, '12', '150');
    await again.getByLabel('附件（选填）', { exact: true }).setInputFiles(PDF);
    await shot(o, testInfo, 'org-deliverable-filled');
    await again.getByRole('button', { name: '提交成果', exact: true }).click();
    await expect(status(o)).toHaveText('成果已提交，等待付款方审核。');
    const item = milestoneItem(o, 1, SUB_MILESTONE);
    await expect(item.getByRole('heading', { level: 3 })).toContainText('待审核');
    await expect(item).toContainText('第 1 轮提交');
    await expect(item.locator('p.report')).toHaveText(SUB_REPORT);
    await expect(item).toContainText('开展活动 12 次 · 服务 空巢老人 150 人');
    const link = item.getByRole('link', { name: PDF.name, exact: true });
    await expect(link).toBeVisible();
    await expect(link).toHaveAttribute('href', /^\/attachments\/[0-9a-f-]{36}$/);
    await expect(item.locator('ul.small > li').filter({ hasText: PDF.name })).toHaveText(`${PDF.name} (1 KB)`);
    await expect(o.getByRole('link', { name: 'report.pdf' })).toHaveCount(0);
    await shot(o, testInfo, 'org-deliverable-submitted');

    // The file comes back as it was sent, as a download.
    const res = await o.request.get((await link.getAttribute('href'))!);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/pdf');
    expect(res.headers()['content-disposition']).toMatch(/^attachment;/);
    expect(Buffer.from(await res.body()).equals(PDF.buffer)).toBe(true);
  });

  await test.step('the hub reads the report with its file, accepts it and pays the unlocked tranche', async () => {
    const h = hub.page;
    await h.goto('/contracts');
    const reviews = card(h, '待办');
    await expect(reviews.getByRole('heading', { name: '待审核的成果' })).toBeVisible();
    await shot(h, testInfo, 'hub-contracts-review');
    await reviews
      .getByRole('listitem')
      .filter({ hasText: SUB_TITLE })
      .getByRole('link', { name: `「${SUB_MILESTONE}」第 1 轮成果`, exact: true })
      .click();
    await expect(h).toHaveURL(new RegExp(`${subUrl}#m-[0-9a-f-]{36}$`));
    await hydrated(h);
    const item = milestoneItem(h, 1, SUB_MILESTONE);
    await expect(item.locator('p.report')).toHaveText(SUB_REPORT);
    await expect(item.getByRole('link', { name: PDF.name, exact: true })).toBeVisible();
    // The payer may download it too.
    const res = await h.request.get((await item.getByRole('link', { name: PDF.name, exact: true }).getAttribute('href'))!);
    expect(res.status()).toBe(200);
    await shot(h, testInfo, 'hub-subcontract-review');

    const review = card(h, `审核「${SUB_MILESTONE}」`);
    await expect(review).toContainText('第 1 轮成果等待审核。');
    // Acceptance needs a written opinion.
    await review.getByRole('button', { name: '验收通过', exact: true }).click();
    await expect(review.getByText('请填写验收意见（4到2000字）。')).toBeVisible();
    await expect(item.getByRole('heading', { level: 3 })).toContainText('待审核');
    await acceptWithOpinion(h, SUB_MILESTONE, '活动场次和服务人次符合分包合同约定，活动报告齐全。');
    await expect(item.getByRole('heading', { level: 3 })).toContainText('已通过');
    await expect(item.locator('.review')).toContainText('验收意见：活动场次和服务人次符合分包合同约定，活动报告齐全。');
    await expect(trancheRow(h, 2)).toContainText('待支付');
    await shot(h, testInfo, 'hub-subcontract-accepted');
    await payByTreasury(h, 2, SUB_TRANCHES[1]!, PAYMENTS.sub2);
    await expect(h.locator('dl.facts').first().locator('dt', { hasText: '合同金额' }).locator('+ dd')).toContainText('已支付 ¥6,400.00');
    await shot(h, testInfo, 'hub-subcontract-paid-2');

    const o = org.page;
    await o.goto(subUrl);
    await expect(trancheRow(o, 1)).toContainText('已支付');
    await expect(trancheRow(o, 2)).toContainText('已支付');
    await expect(trancheRow(o, 3)).toContainText('未解锁');
    await shot(o, testInfo, 'org-subcontract-paid');
  });

  await test.step('the hub hands in the mid-term report; the bureau returns it with a reason', async () => {
    const h = hub.page;
    await h.goto(contractUrl);
    await hydrated(h);
    const form = await fillDeliverable(h, '1. 中期报告', MID_REPORT_1, '30', '200');
    await shot(h, testInfo, 'hub-midterm-filled');
    await form.getByRole('button', { name: '提交成果', exact: true }).click();
    await expect(status(h)).toHaveText('成果已提交，等待付款方审核。');
    await expect(milestoneItem(h, 1, '中期报告').getByRole('heading', { level: 3 })).toContainText('待审核');
    await shot(h, testInfo, 'hub-midterm-submitted');

    const page = bureau.page;
    await page.goto(contractUrl);
    await hydrated(page);
    await expect(milestoneItem(page, 1, '中期报告').locator('p.report')).toHaveText(MID_REPORT_1);
    const review = card(page, '审核「中期报告」');
    // A reason is required.
    await review.getByRole('button', { name: '退回修改', exact: true }).click();
    await expect(review.getByText('请写明退回原因（4到2000字）。')).toBeVisible();
    await expect(milestoneItem(page, 1, '中期报告').getByRole('heading', { level: 3 })).toContainText('待审核');
    await shot(page, testInfo, 'bureau-midterm-return-no-reason');
    await review.getByLabel('退回原因', { exact: true }).fill(RETURN_REASON);
    await review.getByRole('button', { name: '退回修改', exact: true }).click();
    await expect(status(page)).toHaveText('成果已退回，承接方修改后可以重新提交。');
    const item = milestoneItem(page, 1, '中期报告');
    await expect(item.getByRole('heading', { level: 3 })).toContainText('已退回');
    await expect(item.locator('.review.returned')).toContainText(`原因：${RETURN_REASON}`);
    await expect(trancheRow(page, 2)).toContainText('未解锁');
    await shot(page, testInfo, 'bureau-midterm-returned');
  });

  await test.step('the hub sees the reason, revises and resubmits; the bureau accepts and pays the second tranche', async () => {
    const h = hub.page;
    await h.goto(contractUrl);
    await hydrated(h);
    const form = card(h, '提交成果');
    await expect(form.getByRole('note')).toHaveText(`「中期报告」被退回： ${RETURN_REASON}`);
    await expect(milestoneItem(h, 1, '中期报告').locator('.review.returned')).toContainText(`原因：${RETURN_REASON}`);
    await expect(card(h, '合同记录')).toContainText('「中期报告」第 1 轮成果被退回');
    await shot(h, testInfo, 'hub-midterm-returned');
    await fillDeliverable(h, '1. 中期报告 · 已退回', MID_REPORT_2, '30', '200');
    await form.getByRole('button', { name: '提交成果', exact: true }).click();
    await expect(status(h)).toHaveText('成果已提交，等待付款方审核。');
    const item = milestoneItem(h, 1, '中期报告');
    await expect(item.getByRole('heading', { level: 3 })).toContainText('待审核');
    await expect(item).toContainText('第 2 轮提交');
    await shot(h, testInfo, 'hub-midterm-resubmitted');

    const page = bureau.page;
    await page.goto(contractUrl);
    await hydrated(page);
    const review = card(page, '审核「中期报告」');
    await expect(review).toContainText('第 2 轮成果等待审核。');
    await expect(milestoneItem(page, 1, '中期报告').locator('details[open] p.report')).toHaveText(MID_REPORT_2);
    await shot(page, testInfo, 'bureau-midterm-review-2');
    await acceptWithOpinion(page, '中期报告', '补充签到表后，中期服务情况符合合同约定。');
    await expect(milestoneItem(page, 1, '中期报告').getByRole('heading', { level: 3 })).toContainText('已通过');
    await payByTreasury(page, 2, TRANCHES[1]!, PAYMENTS.main2);
    await shot(page, testInfo, 'bureau-contract-paid-2');
  });

  await test.step('the hub asks by amendment to move the final milestone by a quarter; the bureau confirms; termination needs a reason', async () => {
    const h = hub.page;
    await h.goto(contractUrl);
    await hydrated(h);
    const propose = card(h, '提出补充协议（变更日期）');
    await propose.locator('summary').click();
    await propose.getByLabel('合同结束日期', { exact: true }).fill(`${serviceYear + 1}-03-31`);
    await propose.getByLabel('2. 终期验收 截止日期', { exact: true }).fill(`${serviceYear + 1}-03-31`);
    // Without a reason nothing is proposed, and what was typed stays.
    await propose.getByRole('button', { name: '提交补充协议', exact: true }).click();
    await expect(propose.getByText('请填写理由（4到2000字）。')).toBeVisible();
    await expect(propose.getByLabel('合同结束日期', { exact: true })).toHaveValue(`${serviceYear + 1}-03-31`);
    await shot(h, testInfo, 'hub-amendment-no-reason');
    await propose.getByLabel('变更理由', { exact: true }).fill(AMENDMENT_REASON);
    await propose.getByRole('button', { name: '提交补充协议', exact: true }).click();
    await expect(status(h)).toHaveText('已提出第 1 号补充协议，等待对方确认。');
    await expect(card(h, '您提出的第 1 号补充协议')).toContainText('合同结束日期：');
    await expect(card(h, '补充协议')).toContainText('等待付款方确认');
    await shot(h, testInfo, 'hub-amendment-proposed');

    const page = bureau.page;
    await page.goto(contractUrl);
    await hydrated(page);
    const answer = card(page, '待您确认：第 1 号补充协议');
    await expect(answer).toContainText('承接方提出以下变更');
    await expect(answer).toContainText(`理由：${AMENDMENT_REASON}`);
    await expect(answer.getByRole('listitem')).toHaveCount(2);
    await shot(page, testInfo, 'bureau-amendment-to-answer');
    await answer.getByRole('button', { name: '确认补充协议', exact: true }).click();
    await expect(status(page)).toHaveText('补充协议已生效，合同日期已更新。');
    await expect(card(page, '补充协议')).toContainText('已生效');
    await expect(card(page, '合同记录')).toContainText('第 1 号补充协议生效');
    await expect(page.locator('dl.facts').first().locator('dt', { hasText: '合同期限' }).locator('+ dd')).toContainText(`${serviceYear + 1}年3月31日`);
    await expect(milestoneItem(page, 2, '终期验收')).toContainText(`截止 ${serviceYear + 1}年3月31日`);

    // Termination is folded away, and asks for a reason and an acknowledgement before anything happens.
    const terminate = card(page, '终止合同');
    await terminate.locator('summary').click();
    await expect(terminate.getByRole('note')).toContainText('已支付的 ¥96,000.00 保持不变；未支付的 ¥24,000.00 不再支付');
    await terminate.getByRole('button', { name: '终止合同', exact: true }).click();
    await expect(terminate.getByText('请填写终止理由（4到2000字）。')).toBeVisible();
    await expect(terminate.getByText('请勾选确认您已了解终止的后果。')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('已签订');
    await shot(page, testInfo, 'bureau-terminate-refused');
  });

  await test.step('the final milestone: the hub submits, the bureau accepts and pays the final tranche', async () => {
    const h = hub.page;
    await h.goto(contractUrl);
    await hydrated(h);
    const form = await fillDeliverable(h, '2. 终期验收', FINAL_REPORT, '64', '620');
    await form.getByRole('button', { name: '提交成果', exact: true }).click();
    await expect(status(h)).toHaveText('成果已提交，等待付款方审核。');
    await expect(milestoneItem(h, 2, '终期验收').getByRole('heading', { level: 3 })).toContainText('待审核');
    await expect(card(h, '提交成果')).toHaveCount(0);
    await shot(h, testInfo, 'hub-final-submitted');

    const page = bureau.page;
    await page.goto(contractUrl);
    await hydrated(page);
    await acceptWithOpinion(page, '终期验收', '终期服务成果符合合同约定。');
    await payByTreasury(page, 3, TRANCHES[2]!, PAYMENTS.main3);
    await expect(page.locator('dl.facts').first().locator('dt', { hasText: '合同金额' }).locator('+ dd')).toContainText(`已支付 ${PRICE_TEXT}`);
    // Every milestone passed: the final acceptance (rating) is next.
    await expect(card(page, '终期验收')).toBeVisible();
    await shot(page, testInfo, 'bureau-contract-paid-3');

    await h.goto(contractUrl);
    for (const n of [1, 2, 3]) await expect(trancheRow(h, n)).toContainText('已支付');
    await shot(h, testInfo, 'hub-contract-all-paid');
  });

  await test.step('an anonymous visitor reads the fund trace: the hub’s contract, the subcontract, every payment, no report', async () => {
    const page = visitor.page;
    await page.goto(projectUrl);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('已成交');
    await shot(page, testInfo, 'visitor-project-awarded');
    await card(page, '成交结果').getByRole('link', { name: '资金流向', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${projectUrl}/funds$`));
    await expect(page.getByRole('heading', { level: 1, name: '资金流向' })).toBeVisible();
    await expect(page.getByRole('button', { name: '退出', exact: true })).toHaveCount(0);

    const totals = card(page, '合计');
    await expect(totals.locator('dt', { hasText: '合同金额' }).locator('+ dd')).toContainText(PRICE_TEXT);
    await expect(totals.locator('dt', { hasText: '采购单位已拨付' }).locator('+ dd')).toHaveText(PRICE_TEXT);
    await expect(totals.locator('dt', { hasText: '其中转拨分包组织' }).locator('+ dd')).toHaveText('¥6,400.00');

    const flow = page.getByRole('list', { name: '资金流向图' });
    await expect(flow.locator('.flow-node.purchaser')).toContainText(BUREAU_UNIT);
    const hubNode = flow.locator('section.flow-node').filter({ has: page.getByRole('heading', { level: 2, name: new RegExp(`^${HUB_ORG}`) }) });
    await expect(hubNode).toHaveCount(1);
    await expect(hubNode.getByRole('heading', { level: 2 })).toContainText('已签订');
    await expect(hubNode).toContainText(`合同金额 ${PRICE_TEXT}，已收到 ${PRICE_TEXT}`);
    await expect(hubNode).toContainText('分包 1 份，已转拨 ¥6,400.00，留存 ¥113,600.00');
    await expect(flow.getByText(`拨付 ${PRICE_TEXT}（合同金额 ${PRICE_TEXT}）`)).toBeVisible();
    const hubPayments = hubNode.getByRole('table', { name: `${title} 的拨付` }).locator('tbody tr');
    await expect(hubPayments).toHaveCount(3);
    for (const [i, [voucher]] of [PAYMENTS.main1, PAYMENTS.main2, PAYMENTS.main3].entries()) {
      await expect(hubPayments.nth(i)).toContainText(TRANCHES[i]!);
      await expect(hubPayments.nth(i)).toContainText('国库转账');
      await expect(hubPayments.nth(i)).toContainText(voucher);
    }

    const subNode = hubNode.locator('section.flow-node').filter({ has: page.getByRole('heading', { level: 3, name: new RegExp(`^${DANCE_ORG}`) }) });
    await expect(subNode).toHaveCount(1);
    await expect(subNode).toContainText(`${SUB_TITLE} · 合同金额 ${SUB_TEXT}，已收到 ¥6,400.00`);
    const subPayments = subNode.getByRole('table', { name: `${SUB_TITLE} 的拨付` }).locator('tbody tr');
    await expect(subPayments).toHaveCount(2);
    for (const [i, [voucher]] of [PAYMENTS.sub1, PAYMENTS.sub2].entries()) {
      await expect(subPayments.nth(i)).toContainText(SUB_TRANCHES[i]!);
      await expect(subPayments.nth(i)).toContainText(voucher);
    }

    // No reports, no return reason, no file, no bank references.
    const text = await page.locator('main').innerText();
    for (const secret of [SUB_REPORT, MID_REPORT_1, MID_REPORT_2, FINAL_REPORT, RETURN_REASON, PDF.name, ...Object.values(PAYMENTS).map(([, bank]) => bank)]) {
      expect(text).not.toContain(secret);
    }
    await expect(page.locator('a[href^="/attachments/"]')).toHaveCount(0);
    await shot(page, testInfo, 'visitor-funds');

    // The contract itself and its files are for its two sides only.
    const contractRes = await page.goto(contractUrl);
    expect(page.url()).toMatch(/\/login/);
    expect(contractRes?.status()).toBe(200);
    await shot(page, testInfo, 'visitor-contract-login');
  });

  await test.step('final acceptance with a written opinion and a performance score, shown on the hub’s public page', async () => {
    const page = bureau.page;
    await page.goto(contractUrl);
    await hydrated(page);
    const complete = card(page, '终期验收');
    await complete.getByRole('radio', { name: '4 — 良好', exact: true }).check();
    await complete.getByLabel('评价意见', { exact: true }).fill('统筹有力，居民满意。');
    // The written acceptance opinion is required.
    await complete.getByRole('button', { name: '完成终验', exact: true }).click();
    await expect(complete.getByText('请填写验收意见（4到2000字）。')).toBeVisible();
    await complete.getByLabel('终验验收意见', { exact: true }).fill(FINAL_OPINION);
    await complete.getByLabel('绩效评价得分（0–100，可不填）', { exact: true }).fill(SCORE);
    await complete.getByRole('button', { name: '完成终验', exact: true }).click();
    await expect(status(page)).toHaveText('终期验收完成，合同结束。');
    const facts = page.locator('dl.facts').first();
    await expect(facts.locator('dt', { hasText: '终验验收意见' }).locator('+ dd')).toHaveText(FINAL_OPINION);
    await expect(facts.locator('dt', { hasText: '绩效评价' }).locator('+ dd')).toHaveText(`${SCORE}分`);
    await shot(page, testInfo, 'bureau-contract-completed');
    const orgUrl = await facts.locator('dt', { hasText: '承接方' }).locator('+ dd').getByRole('link', { name: HUB_ORG, exact: true }).getAttribute('href');

    const v = visitor.page;
    await v.goto(orgUrl!);
    const record = card(v, '已完成的合同');
    const line = record.getByRole('listitem').filter({ hasText: title });
    await expect(line).toContainText(PRICE_TEXT);
    await expect(line).toContainText(`绩效评价 ${SCORE}分`);
    // The opinion and the reports stay with the contract's two sides.
    await expect(record).not.toContainText(FINAL_OPINION);
    await shot(v, testInfo, 'visitor-hub-record');
  });

  for (const who of everyone) {
    expect(who.errors, 'uncaught page errors').toEqual([]);
    await who.context.close();
  }
});
