import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { awards, organizations } from '#db/schema';
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
import { actorByEmail, setupTestDb } from '../support/db';
import { passNotice, seatPanel } from '../support/procurement';

// Exactly one award per project, with 50 attempts at once on the server (50 connections' worth).
const t = setupTestDb();
const DAY = 86_400_000;
const ctx = (actor: Actor) => ({ actor, requestId: 'award-race' });
let projectId: string;
let bureau: Actor;

beforeAll(async () => {
  bureau = await actorByEmail(t.db, 'bureau@demo.cn');
  const org = await actorByEmail(t.db, 'org@demo.cn');
  const agency = await actorByEmail(t.db, 'agency@demo.cn');
  const evaluators = await Promise.all(['evaluator', 'evaluator2', 'evaluator3'].map((e) => actorByEmail(t.db, `${e}@demo.cn`)));
  const deadline = new Date(now().getTime() + 12 * DAY + 8 * 3_600_000).toISOString().slice(0, 16);
  ({ id: projectId } = await createProject(t.db, ctx(bureau), {
    title: '雁塔区社区调解服务项目',
    description: '为辖区居民提供邻里纠纷调解服务，建立调解员队伍并开展普法宣传。',
    regionCode: '610113',
    serviceCategories: ['mediation'],
    beneficiaryGroups: ['allResidents'],
    budget: 50_000_00,
    fundingSource: 'publicFinance',
    procurementMethod: 'competitiveConsultation',
    intentionId: undefined,
    longPeriodReason: undefined,
    noIntentionReason: '年度中新增的服务需求，未列入年初公开的采购意向。',
    serviceStart: '2027-01-01',
    serviceEnd: '2027-06-30',
    allowedLegalStatuses: ['registered'],
    allowedKinds: ['communityOrg', 'socialWorkAgency'],
    regionRestricted: true,
    bidDeadline: deadline,
    noticeDays: 1,
    scoringMethod: 'mean',
    tolerance: 0,
    criteria: [
      { name: '方案', weight: 70, kind: 'scored' },
      { name: '报价', weight: 30, kind: 'price' },
    ],
  }));
  await publishProject(t.db, ctx(bureau), projectId);
  const [dance] = await t.db.select().from(organizations).where(eq(organizations.name, '永松社区助老服务队'));
  const [agencyOrg] = await t.db.select().from(organizations).where(eq(organizations.kind, 'socialWorkAgency'));
  const plan = { servicePlan: '组建调解员队伍，每周坐班，每月普法宣传一次，建立纠纷台账。', team: '调解员6名', expectedOutputs: '调解纠纷50件' };
  const b1 = await submitBid(t.db, ctx(org), projectId, { organizationId: dance!.id, price: 48_000_00, ...plan });
  const b2 = await submitBid(t.db, ctx(agency), projectId, { organizationId: agencyOrg!.id, price: 45_000_00, ...plan });
  advanceClock(13 * DAY);
  await closeBiddingIfDue(t.db, projectId);
  await seatPanel(t.db, bureau, projectId, evaluators);
  await startEvaluation(t.db, ctx(bureau), projectId);
  const criterion = (await getProject(t.db, projectId))!.criteria[0]!;
  for (const e of evaluators) {
    await saveScores(t.db, ctx(e), projectId, [
      { bidId: b1.id, criterionId: criterion.id, pointsHundredths: 6000, comment: '' },
      { bidId: b2.id, criterionId: criterion.id, pointsHundredths: 5500, comment: '' },
    ]);
    await submitScores(t.db, ctx(e), projectId);
  }
  await startNotice(t.db, ctx(bureau), projectId);
  // Past the notice and its challenge window (working days, ADR 021).
  await passNotice(t.db, projectId);
});

describe('exactly one award under 50 concurrent attempts (PostgreSQL)', () => {
  it('one succeeds; the others get a clear conflict; nothing else fails', async () => {
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => awardProject(t.db, ctx(bureau), projectId)));
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(49);
    for (const r of refused) {
      const reason = (r as PromiseRejectedResult).reason as { code?: string };
      expect(['invalidTransition', 'conflict']).toContain(reason.code);
    }
    const live = await t.db
      .select()
      .from(awards)
      .where(and(eq(awards.projectId, projectId), eq(awards.status, 'awarded')));
    expect(live).toHaveLength(1);
  });

  it('the database itself refuses a second live award, whatever the code does', async () => {
    const [award] = await t.db.select().from(awards).where(eq(awards.projectId, projectId));
    await expect(
      t.db
        .insert(awards)
        .values({ projectId, bidId: award!.bidId, organizationId: award!.organizationId, amountFen: 1, awardedBy: award!.awardedBy, awardedAt: new Date() }),
    ).rejects.toMatchObject({ cause: { code: '23505' } });
  });
});
