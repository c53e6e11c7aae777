import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { appropriations, auditEvents, organizations, projects, tranches } from '#db/schema';
import type { Actor } from '~/domain/permissions';
import { advanceClock } from '~/lib/clock.server';
import { checkLedger } from '~/queries/ledger.server';
import { getProject } from '~/queries/projects.server';
import { awardProject, declineAward } from '~/services/award-project.server';
import { cancelProject } from '~/services/cancel-project.server';
import { closeBiddingIfDue } from '~/services/close-bidding.server';
import { confirmContract } from '~/services/confirm-contract.server';
import { createProject } from '~/services/create-project.server';
import { disburseByTreasury } from '~/services/disburse-tranche.server';
import { draftContract } from '~/services/draft-contract.server';
import { publishProject } from '~/services/publish-project.server';
import { saveScores, submitScores } from '~/services/score-bids.server';
import { startEvaluation } from '~/services/start-evaluation.server';
import { startNotice } from '~/services/start-notice.server';
import { submitBid } from '~/services/submit-bid.server';
import { terminateContract } from '~/services/terminate-contract.server';
import { updateProject } from '~/services/update-project.server';
import * as budgetsRoute from '~/routes/budgets';
import { appropriate, holdOf, lineAmount } from '../support/budget';
import { actorByEmail, setupTestDb } from '../support/db';
import { awardedProject, passNotice, projectInput, seatPanel } from '../support/procurement';
import { changedTables, rowCounts } from '../support/row-counts';
import { callRoute, cookieFor } from '../support/routes';

/**
 * Budgets (ADR 023): publishing reserves on the unit's appropriation for the source and the service
 * year, awarding commits the award and releases the rest, cancelling or failing releases, a declined
 * award goes back to reserved for the fallback, terminating releases what is unpaid; nothing takes
 * more than remains, every refusal writes nothing, and ledger:check agrees after each story.
 * Years 2031–2033 carry no demo appropriation, so each story sets its own room.
 */
const t = setupTestDb();
const ctx = (actor: Actor) => ({ actor, requestId: 'budgets-test' });
const DAY = 86_400_000;
const COUNTY = { role: 'bureauStaff' as const, regionCode: '610113' };
const PLAN = { servicePlan: '建立服务台账，按月开展助老活动并按季度报告服务成效。', team: '社工2名，志愿者20名', expectedOutputs: '服务600人次' };
let bureau: Actor;
let evaluators: Actor[];

const inYear = (year: number, budget: number) =>
  projectInput({ budget, serviceStart: `${year}-01-01`, serviceEnd: `${year}-12-31`, noticeDays: 1, tolerance: 0 });
/** postgres.js answers an array of rows, PGlite `{ rows }`. */
async function rows<T>(query: SQL): Promise<T[]> {
  const res = (await t.db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(res) ? res : res.rows;
}
const remaining = async (year: number) => {
  const line = (await lineAmount(t.db, COUNTY, 'publicFinance', year))!;
  const [u] = await rows<{ used: string }>(
    sql`SELECT coalesce(sum(reserved_fen + committed_fen), 0)::text AS used FROM budget_holds WHERE appropriation_id = ${line.id}`,
  );
  return line.amountFen - Number(u!.used);
};
const ledgerProblems = async () => (await checkLedger(t.db)).filter((r) => r.violations.length);

/** A project for `year` carried to the end of its notice with the given bids, all scored alike (the lower price ranks first). */
async function noticed(year: number, budget: number, bidders: [string, string, number][]) {
  const { id } = await createProject(t.db, ctx(bureau), inYear(year, budget));
  await publishProject(t.db, ctx(bureau), id);
  for (const [email, orgName, price] of bidders) {
    const [org] = await t.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, orgName));
    await submitBid(t.db, ctx(await actorByEmail(t.db, email)), id, { organizationId: org!.id, price, ...PLAN });
  }
  advanceClock(11 * DAY);
  await closeBiddingIfDue(t.db, id);
  await seatPanel(t.db, bureau, id, evaluators);
  await startEvaluation(t.db, ctx(bureau), id);
  const p = (await getProject(t.db, id))!;
  const scored = p.criteria.filter((c) => c.kind === 'scored');
  const bidIds = (await rows<{ id: string }>(sql`SELECT id FROM bids WHERE project_id = ${id} AND status = 'submitted'`)).map((b) => b.id);
  for (const e of evaluators) {
    await saveScores(
      t.db,
      ctx(e),
      id,
      bidIds.flatMap((bidId) => scored.map((c) => ({ bidId, criterionId: c.id, pointsHundredths: c.weight * 80, comment: '' }))),
    );
    await submitScores(t.db, ctx(e), id);
  }
  await startNotice(t.db, ctx(bureau), id);
  await passNotice(t.db, id);
  return id;
}

beforeAll(async () => {
  bureau = await actorByEmail(t.db, 'bureau@demo.cn');
  evaluators = await Promise.all(['evaluator', 'evaluator2', 'evaluator3'].map((e) => actorByEmail(t.db, `${e}@demo.cn`)));
});

describe('the demo', () => {
  it('starts with appropriations for its units and a ledger and budget that reconcile', async () => {
    expect((await lineAmount(t.db, COUNTY, 'publicFinance', 2027))!.amountFen).toBeGreaterThan(0);
    expect(await ledgerProblems()).toEqual([]);
  });
});

describe('publishing reserves', () => {
  it('is refused beyond what remains, naming it, and writes nothing', async () => {
    await appropriate(t.db, 'bureau@demo.cn', { year: 2031, amount: 100_000_00 });
    const { id } = await createProject(t.db, ctx(bureau), inYear(2031, 100_000_01));
    const before = await rowCounts(t.db);
    await expect(publishProject(t.db, ctx(bureau), id)).rejects.toMatchObject({
      code: 'invalidInput',
      messageKey: 'budget.errors.exceeds',
      params: { remaining: '¥100,000.00', need: '¥100,000.01', year: 2031 },
    });
    expect(changedTables(before, await rowCounts(t.db))).toEqual([]);
    expect((await getProject(t.db, id))!.project.status).toBe('draft');
    expect(await holdOf(t.db, id)).toBeUndefined();
  });

  it('is refused where the unit has no appropriation for the source and year', async () => {
    const { id } = await createProject(t.db, ctx(bureau), inYear(2033, 10_000_00));
    const before = await rowCounts(t.db);
    await expect(publishProject(t.db, ctx(bureau), id)).rejects.toMatchObject({ messageKey: 'budget.errors.noAppropriation', params: { year: 2033 } });
    expect(changedTables(before, await rowCounts(t.db))).toEqual([]);
  });

  it('takes exactly what remains; then the next one is refused, and an amendment beyond it too', async () => {
    await appropriate(t.db, 'bureau@demo.cn', { year: 2032, amount: 50_000_00 });
    const { id } = await createProject(t.db, ctx(bureau), inYear(2032, 50_000_00));
    await publishProject(t.db, ctx(bureau), id);
    expect(await holdOf(t.db, id)).toMatchObject({ reservedFen: 50_000_00, committedFen: 0 });
    expect(await remaining(2032)).toBe(0);
    const { id: next } = await createProject(t.db, ctx(bureau), inYear(2032, 1));
    await expect(publishProject(t.db, ctx(bureau), next)).rejects.toMatchObject({ messageKey: 'budget.errors.exceeds', params: { remaining: '¥0.00' } });
    // A published project amended to a bigger budget: refused, nothing changed.
    await expect(updateProject(t.db, ctx(bureau), id, inYear(2032, 50_000_01))).rejects.toMatchObject({ messageKey: 'budget.errors.exceeds' });
    expect(await holdOf(t.db, id)).toMatchObject({ reservedFen: 50_000_00 });
    expect((await getProject(t.db, id))!.project.budgetFen).toBe(50_000_00);
    // Amended to a smaller budget: the reservation follows.
    await updateProject(t.db, ctx(bureau), id, inYear(2032, 40_000_00));
    expect(await holdOf(t.db, id)).toMatchObject({ reservedFen: 40_000_00 });
    expect(await remaining(2032)).toBe(10_000_00);
    // Cancelling gives it back.
    await cancelProject(t.db, ctx(bureau), id, '上级统筹安排同类项目，本项目取消。');
    expect(await holdOf(t.db, id)).toMatchObject({ reservedFen: 0, committedFen: 0 });
    expect(await remaining(2032)).toBe(50_000_00);
    expect(await ledgerProblems()).toEqual([]);
  });

  it('a project that fails for want of bids releases its reservation', async () => {
    const room = await remaining(2031);
    const { id } = await createProject(t.db, ctx(bureau), inYear(2031, 20_000_00));
    await publishProject(t.db, ctx(bureau), id);
    expect(await remaining(2031)).toBe(room - 20_000_00);
    advanceClock(11 * DAY);
    await closeBiddingIfDue(t.db, id);
    expect((await getProject(t.db, id))!.project.status).toBe('failed');
    expect(await holdOf(t.db, id)).toMatchObject({ reservedFen: 0, committedFen: 0 });
    expect(await remaining(2031)).toBe(room);
  });
});

describe('awarding commits', () => {
  it('commits the award and releases the rest; a decline returns it to reserved and the fallback commits its own price', async () => {
    await appropriate(t.db, 'bureau@demo.cn', { year: 2031, amount: 300_000_00 });
    const id = await noticed(2031, 100_000_00, [
      ['org@demo.cn', '永松社区助老服务队', 70_000_00],
      ['agency@demo.cn', '雁塔区启航社会工作服务中心', 90_000_00],
    ]);
    const room = await remaining(2031);
    const first = await awardProject(t.db, ctx(bureau), id);
    expect(first.amountFen).toBe(70_000_00);
    expect(await holdOf(t.db, id)).toMatchObject({ reservedFen: 0, committedFen: 70_000_00 });
    expect(await remaining(2031)).toBe(room + 30_000_00);
    await declineAward(t.db, ctx(await actorByEmail(t.db, 'org@demo.cn')), id, '人手不足，无法承接本项目。');
    expect(await holdOf(t.db, id)).toMatchObject({ reservedFen: 70_000_00, committedFen: 0 });
    expect(await ledgerProblems()).toEqual([]);
    await passNotice(t.db, id);
    const fallback = await awardProject(t.db, ctx(bureau), id);
    expect(fallback.amountFen).toBe(90_000_00);
    expect(await holdOf(t.db, id)).toMatchObject({ reservedFen: 0, committedFen: 90_000_00 });
    expect(await remaining(2031)).toBe(room + 10_000_00);
    expect(await ledgerProblems()).toEqual([]);
  });

  it('a dearer fallback is refused when the line has not the difference left, and nothing is written', async () => {
    await appropriate(t.db, 'bureau@demo.cn', { year: 2032, amount: 100_000_00 });
    const id = await noticed(2032, 100_000_00, [
      ['org@demo.cn', '永松社区助老服务队', 60_000_00],
      ['agency@demo.cn', '雁塔区启航社会工作服务中心', 95_000_00],
    ]);
    await awardProject(t.db, ctx(bureau), id);
    await declineAward(t.db, ctx(await actorByEmail(t.db, 'org@demo.cn')), id, '人手不足，无法承接本项目。');
    // Other projects take the room the decline left: 1,000 remains beside the 60,000 the project holds; the fallback needs 95,000.
    const { id: other } = await createProject(t.db, ctx(bureau), inYear(2032, 10_000_00));
    await publishProject(t.db, ctx(bureau), other);
    const { id: other2 } = await createProject(t.db, ctx(bureau), inYear(2032, 29_000_00));
    await publishProject(t.db, ctx(bureau), other2);
    await passNotice(t.db, id);
    const before = await rowCounts(t.db);
    await expect(awardProject(t.db, ctx(bureau), id)).rejects.toMatchObject({
      messageKey: 'budget.errors.exceeds',
      params: { remaining: '¥61,000.00', need: '¥95,000.00' },
    });
    expect(changedTables(before, await rowCounts(t.db))).toEqual([]);
    expect(await holdOf(t.db, id)).toMatchObject({ reservedFen: 60_000_00, committedFen: 0 });
    expect((await getProject(t.db, id))!.project.status).toBe('publicNotice');
  });
});

describe('a project published before budgets', () => {
  it('commits its award from the line when it is awarded', async () => {
    await appropriate(t.db, 'bureau@demo.cn', { year: 2033, amount: 200_000_00 });
    const id = await noticed(2033, 50_000_00, [['org@demo.cn', '永松社区助老服务队', 45_000_00]]);
    await t.db.execute(sql`DELETE FROM budget_holds WHERE project_id = ${id}`);
    await awardProject(t.db, ctx(bureau), id);
    expect(await holdOf(t.db, id)).toMatchObject({ reservedFen: 0, committedFen: 45_000_00 });
    expect(await ledgerProblems()).toEqual([]);
  });
});

describe('terminating a contract', () => {
  it('releases what it leaves unpaid; what was paid stays committed', async () => {
    await appropriate(t.db, 'bureau@demo.cn', { year: 2033, amount: 200_000_00 });
    const { projectId } = await awardedProject(
      t.db,
      { email: 'org@demo.cn', orgName: '永松社区助老服务队', price: 80_000_00 },
      { budget: 100_000_00, serviceStart: '2033-01-01', serviceEnd: '2033-12-31' },
    );
    expect(await holdOf(t.db, projectId)).toMatchObject({ reservedFen: 0, committedFen: 80_000_00 });
    const orgAdmin = await actorByEmail(t.db, 'org@demo.cn');
    const { id: contractId } = await draftContract(t.db, ctx(bureau), projectId, {
      amountFen: 80_000_00,
      startDate: '2033-01-01',
      endDate: '2033-12-31',
      paymentRail: 'treasury',
      milestones: [{ title: '终期验收', kind: 'delivery', dueDate: '2033-12-31' }],
      // An advance (预付款): the only payment allowed before the service period starts (ADR 022).
      tranches: [
        { percent: 50, milestoneIndex: null, advance: true },
        { percent: 50, milestoneIndex: 0 },
      ],
    });
    await confirmContract(t.db, ctx(bureau), contractId);
    await confirmContract(t.db, ctx(orgAdmin), contractId);
    const [advance] = await t.db
      .select()
      .from(tranches)
      .where(and(eq(tranches.contractId, contractId), eq(tranches.status, 'unlocked')));
    await disburseByTreasury(t.db, ctx(bureau), advance!.id, { voucherNumber: 'B-1', paymentDate: '2033-01-05', bankReference: 'R-1' });
    expect(await ledgerProblems()).toEqual([]);
    const room = await remaining(2033);
    await terminateContract(t.db, ctx(bureau), contractId, '服务对象搬迁，项目无法继续实施。');
    expect(await holdOf(t.db, projectId)).toMatchObject({ reservedFen: 0, committedFen: 40_000_00 });
    expect(await remaining(2033)).toBe(room + 40_000_00);
    expect(await ledgerProblems()).toEqual([]);
  });
});

describe('appropriations', () => {
  it('may not be lowered below what is reserved and committed; the refusal writes nothing', async () => {
    await appropriate(t.db, 'bureau@demo.cn', { fundingSource: 'other', year: 2031, amount: 30_000_00 });
    const { id } = await createProject(t.db, ctx(bureau), { ...inYear(2031, 25_000_00), fundingSource: 'other' });
    await publishProject(t.db, ctx(bureau), id);
    const before = await rowCounts(t.db);
    await expect(appropriate(t.db, 'bureau@demo.cn', { fundingSource: 'other', year: 2031, amount: 24_999_99 })).rejects.toMatchObject({
      messageKey: 'budget.errors.belowUse',
      params: { used: '¥25,000.00' },
    });
    expect(changedTables(before, await rowCounts(t.db))).toEqual([]);
    expect((await lineAmount(t.db, COUNTY, 'other', 2031))!.amountFen).toBe(30_000_00);
    // Down to exactly what is held: allowed, posted to the ledger and audited.
    await appropriate(t.db, 'bureau@demo.cn', { fundingSource: 'other', year: 2031, amount: 25_000_00 });
    const line = (await lineAmount(t.db, COUNTY, 'other', 2031))!;
    expect(line.amountFen).toBe(25_000_00);
    const audit = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'budget.appropriate'), eq(auditEvents.subjectId, line.id)))
      // In the order they were written: PostgreSQL returns an unordered scan in any order.
      .orderBy(asc(auditEvents.id));
    expect(audit.map((a) => (a.summary as { after: { amountFen: number } }).after.amountFen)).toEqual([30_000_00, 25_000_00]);
    expect(await ledgerProblems()).toEqual([]);
  });

  it('community funds are the committee’s: a bureau may not record them', async () => {
    const before = await rowCounts(t.db);
    await expect(appropriate(t.db, 'bureau@demo.cn', { fundingSource: 'communityFunds', year: 2031, amount: 1_00 })).rejects.toMatchObject({
      messageKey: 'project.errors.communityFunds',
    });
    expect(changedTables(before, await rowCounts(t.db))).toEqual([]);
  });
});

describe('ledger:check', () => {
  it('reports a funding-source account below zero and a hold that does not match its project', async () => {
    expect(await ledgerProblems()).toEqual([]);
    // A commitment posted without an appropriation behind it, written straight into the ledger.
    await t.db.execute(sql`
      WITH f AS (INSERT INTO ledger_accounts (kind, ref, name) VALUES ('fundingSource', 'other:committeeStaff:610113001005', 'x') RETURNING id),
           c AS (INSERT INTO ledger_accounts (kind, ref, name) VALUES ('appropriation', 'stray', 'x') RETURNING id),
           tx AS (INSERT INTO ledger_transactions (kind, description, at) VALUES ('appropriation', 'stray', now()) RETURNING id)
      INSERT INTO ledger_entries (transaction_id, account_id, amount_fen)
      SELECT tx.id, f.id, -500 FROM tx, f UNION ALL SELECT tx.id, c.id, 500 FROM tx, c`);
    // And a published project whose reservation vanished.
    const [published] = await t.db.select({ id: projects.id }).from(projects).where(eq(projects.status, 'published')).limit(1);
    await t.db.execute(sql`UPDATE budget_holds SET reserved_fen = 0 WHERE project_id = ${published!.id}`);
    const broken = Object.fromEntries((await ledgerProblems()).map((r) => [r.name, r.violations]));
    expect(broken['no funding-source account goes negative']).toEqual(['fundingSource:other:committeeStaff:610113001005 at -500 fen']);
    expect(broken['budget holds match their projects']).toEqual([
      expect.stringContaining(`project ${published!.id} (published) should hold a reservation only`),
    ]);
    expect(Object.keys(broken).sort()).toEqual(['budget holds match their projects', 'no funding-source account goes negative']);
  });
});

describe('the budgets page', () => {
  let cookies: Record<string, string>;
  beforeAll(async () => {
    cookies = Object.fromEntries(await Promise.all(['bureau', 'city', 'station', 'org'].map(async (k) => [k, await cookieFor(t.db, `${k}@demo.cn`)])));
  });
  const load = (who: string, q = '') => callRoute(budgetsRoute.loader, { url: `/budgets${q}`, cookie: cookies[who] });
  const post = (who: string, form: Record<string, string>) => callRoute(budgetsRoute.action, { url: '/budgets', cookie: cookies[who], form });
  type Line = { purchaserRegionCode: string; year: number; fundingSource: string; amountFen: number; remainingFen: number; own: boolean };

  it('shows a unit its lines with what remains, and a supervising bureau the lines below it read-only', async () => {
    const mine = await load('bureau', '?year=2031');
    expect(mine.status).toBe(200);
    const data = mine.data as { lines: Line[]; mayManage: boolean };
    expect(data.mayManage).toBe(true);
    const line = data.lines.find((l) => l.fundingSource === 'publicFinance' && l.year === 2031)!;
    expect(line).toMatchObject({ own: true, amountFen: 300_000_00, remainingFen: await remaining(2031) });
    const city = (await load('city', '?year=2031')).data as { lines: Line[] };
    expect(city.lines.find((l) => l.purchaserRegionCode === '610113' && l.fundingSource === 'publicFinance')).toMatchObject({ own: false });
    // The street station sees its own lines only, not the county's.
    const station = (await load('station')).data as { lines: Line[] };
    expect(station.lines.length).toBeGreaterThan(0);
    expect(station.lines.every((l) => l.own && l.purchaserRegionCode === '610113001')).toBe(true);
    expect((await load('org')).status).toBe(403);
  });

  it('records a change, and refuses bad input and a lowering below use with a translated 400, writing nothing', async () => {
    const before = await rowCounts(t.db);
    const bad: Record<string, string>[] = [
      { fundingSource: 'publicFinance', year: '2031', amount: 'abc' },
      { fundingSource: 'gold', year: '2031', amount: '1' },
      {},
    ];
    for (const form of bad) {
      const r = await post('bureau', form);
      expect(r.status).toBe(400);
    }
    const below = await post('bureau', { fundingSource: 'publicFinance', year: '2031', amount: '1' });
    expect(below.status).toBe(400);
    expect(below.data).toMatchObject({ formError: { messageKey: 'budget.errors.belowUse' } });
    const lottery = await post('station', { fundingSource: 'welfareLottery', year: '2031', amount: '1' });
    expect(lottery.status).toBe(400);
    expect((await post('org', { fundingSource: 'publicFinance', year: '2031', amount: '1' })).status).toBe(403);
    expect(changedTables(before, await rowCounts(t.db))).toEqual([]);
    const ok = await post('station', { fundingSource: 'publicFinance', year: '2034', amount: '12,000.50' });
    expect(ok.status).toBe(302);
    const [line] = await t.db
      .select()
      .from(appropriations)
      .where(and(eq(appropriations.purchaserRegionCode, '610113001'), eq(appropriations.year, 2034)));
    expect(line).toMatchObject({ purchaserRole: 'stationStaff', amountFen: 12_000_50 });
  });
});
