import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { awards, bids, biddingBans, organizations, projects } from '#db/schema';
import type { Actor } from '~/domain/permissions';
import { advanceClock, now } from '~/lib/clock.server';
import { createProject } from '~/services/create-project.server';
import { publishProject } from '~/services/publish-project.server';
import { submitBid } from '~/services/submit-bid.server';
import { closeBiddingIfDue } from '~/services/close-bidding.server';
import { startEvaluation } from '~/services/start-evaluation.server';
import { saveScores, submitScores } from '~/services/score-bids.server';
import { startNotice } from '~/services/start-notice.server';
import { awardProject } from '~/services/award-project.server';
import { getProject } from '~/queries/projects.server';
import { projectPage } from '~/queries/project-page.server';
import { actorByEmail, setupTestDb } from '../support/db';
import { projectInput, seatPanel } from '../support/procurement';
import { changedTables, rowCounts } from '../support/row-counts';

/**
 * Who may contract (政府采购法 §22, 102号令 §6–7, policy §3.4, §5.2): government purchasing goes to
 * registered organizations only; a filed group is paid directly only from a committee's own money; and
 * eligibility is checked again at award, a bid that no longer qualifies being skipped with the reason.
 */
const t = setupTestDb();
const A: Record<string, Actor> = {};
const org: Record<string, string> = {};
const ctx = (actor: Actor) => ({ actor, requestId: 'eligibility-test' });
const DAY = 86_400_000;
const plan = (organizationId: string, price: number) => ({
  organizationId,
  price,
  servicePlan: '组建助老志愿服务小组，每周上门探访，每月举办健康讲座。',
  team: '社工1名，志愿者12名',
  expectedOutputs: '服务老人120人次',
});

beforeAll(async () => {
  for (const who of ['bureau', 'committee', 'org', 'agency', 'evaluator', 'evaluator2', 'evaluator3']) A[who] = await actorByEmail(t.db, `${who}@demo.cn`);
  for (const [key, name] of [
    ['team', '永松社区助老服务队'],
    ['dance', '永松社区夕阳红舞蹈队'],
    ['agency', '雁塔区启航社会工作服务中心'],
  ] as const) {
    const [o] = await t.db.select({ id: organizations.id, legalStatus: organizations.legalStatus }).from(organizations).where(eq(organizations.name, name));
    org[key] = o!.id;
    if (key === 'dance') expect(o!.legalStatus).toBe('filed');
    if (key === 'team') expect(o!.legalStatus).toBe('registered');
  }
});

describe('filed groups and civil liability', () => {
  it('a bureau buying with budget money cannot invite filed groups: the field says why and nothing is written', async () => {
    const before = await rowCounts(t.db);
    await expect(createProject(t.db, ctx(A.bureau!), projectInput({ allowedLegalStatuses: ['registered', 'filed'] }))).rejects.toMatchObject({
      code: 'invalidInput',
      messageKey: 'project.errors.filedNotAllowed',
      fieldErrors: { allowedLegalStatuses: 'project.errors.filedNotAllowed' },
    });
    // Nor a committee spending budget money.
    await expect(
      createProject(
        t.db,
        ctx(A.committee!),
        projectInput({ regionCode: '610113001002', budget: 8_000_00, allowedLegalStatuses: ['filed'], fundingSource: 'publicFinance' }),
      ),
    ).rejects.toMatchObject({ messageKey: 'project.errors.filedNotAllowed' });
    expect(changedTables(before, await rowCounts(t.db))).toEqual([]);
  });

  it('a committee spending community funds may buy from a filed group of its community', async () => {
    const { id } = await createProject(
      t.db,
      ctx(A.committee!),
      projectInput({
        regionCode: '610113001002',
        budget: 8_000_00,
        fundingSource: 'communityFunds',
        procurementMethod: 'smallPurchase',
        allowedLegalStatuses: ['registered', 'filed'],
        allowedKinds: ['communityOrg'],
      }),
    );
    await publishProject(t.db, ctx(A.committee!), id);
    const bid = await submitBid(t.db, ctx(A.org!), id, plan(org.dance!, 7_800_00));
    const [row] = await t.db.select().from(bids).where(eq(bids.id, bid.id));
    expect(row).toMatchObject({ organizationId: org.dance, eligible: true });
  });

  it('a project that still lists filed groups for budget money refuses a filed group’s bid, writing nothing', async () => {
    const { id } = await createProject(t.db, ctx(A.bureau!), projectInput());
    await publishProject(t.db, ctx(A.bureau!), id);
    // As a project saved before the rule would read.
    await t.db.execute(sql`UPDATE projects SET allowed_legal_statuses = ARRAY['registered','filed'] WHERE id = ${id}`);
    const before = await rowCounts(t.db);
    await expect(submitBid(t.db, ctx(A.org!), id, plan(org.dance!, 100_000_00))).rejects.toMatchObject({
      code: 'invalidInput',
      messageKey: 'bid.ineligible.civilLiability',
    });
    expect(changedTables(before, await rowCounts(t.db))).toEqual([]);
  });
});

/** A county project bid for by these organizations (all the same price), scored by percent of each weight, in its notice. */
async function inNotice(bidders: [Actor, string, number][]) {
  const { id } = await createProject(t.db, ctx(A.bureau!), projectInput({ tolerance: 0 }));
  await publishProject(t.db, ctx(A.bureau!), id);
  const placed = [];
  for (const [who, organizationId] of bidders) placed.push(await submitBid(t.db, ctx(who), id, plan(organizationId, 150_000_00)));
  advanceClock(12 * DAY);
  await closeBiddingIfDue(t.db, id);
  const evaluators = [A.evaluator!, A.evaluator2!, A.evaluator3!];
  await seatPanel(t.db, A.bureau!, id, evaluators);
  await startEvaluation(t.db, ctx(A.bureau!), id);
  const scored = (await getProject(t.db, id))!.criteria.filter((c) => c.kind === 'scored');
  for (const e of evaluators) {
    await saveScores(
      t.db,
      ctx(e),
      id,
      placed.flatMap((b, i) => scored.map((c) => ({ bidId: b.id, criterionId: c.id, pointsHundredths: c.weight * bidders[i]![2], comment: '' }))),
    );
    await submitScores(t.db, ctx(e), id);
  }
  await startNotice(t.db, ctx(A.bureau!), id);
  return { id, bids: placed };
}

describe('eligibility again at award', () => {
  it('the first-ranked organization banned since the ranking is skipped; the award goes to the next, with the reason on the public page', async () => {
    const {
      id,
      bids: [team, agency],
    } = await inNotice([
      [A.org!, org.team!, 90],
      [A.agency!, org.agency!, 80],
    ]);
    const today = new Date(now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    await t.db.insert(biddingBans).values({ organizationId: org.team!, until: '2099-12-31', reason: '虚报服务人次，经查属实。', createdBy: A.bureau!.userId });
    expect(today < '2099-12-31').toBe(true);
    advanceClock(30 * DAY);
    const result = await awardProject(t.db, ctx(A.bureau!), id);
    expect(result).toMatchObject({ bidId: agency!.id, organizationId: org.agency });
    const [award] = await t.db
      .select()
      .from(awards)
      .where(and(eq(awards.projectId, id), eq(awards.status, 'awarded')));
    expect(award!.skipped).toEqual([
      { bidId: team!.id, organizationId: org.team, organizationName: '永松社区助老服务队', rank: 1, reason: 'bid.ineligible.banned' },
    ]);
    const page = await projectPage(t.db, null, (await getProject(t.db, id))!);
    expect(page.award).toMatchObject({
      orgName: '雁塔区启航社会工作服务中心',
      skipped: [{ orgName: '永松社区助老服务队', rank: 1, reason: 'bid.ineligible.banned' }],
    });
    const [p] = await t.db.select({ status: projects.status }).from(projects).where(eq(projects.id, id));
    expect(p!.status).toBe('awarded');
  });

  it('when no ranked bid still qualifies there is no award, and nothing is written', async () => {
    const { id } = await inNotice([[A.agency!, org.agency!, 70]]);
    await t.db.execute(sql`UPDATE organizations SET status = 'suspended' WHERE id = ${org.agency}`);
    advanceClock(30 * DAY);
    const before = await rowCounts(t.db);
    await expect(awardProject(t.db, ctx(A.bureau!), id)).rejects.toMatchObject({ code: 'invalidTransition', messageKey: 'award.errors.noneLeft' });
    expect(changedTables(before, await rowCounts(t.db))).toEqual([]);
    await t.db.execute(sql`UPDATE organizations SET status = 'active' WHERE id = ${org.agency}`);
  });
});
