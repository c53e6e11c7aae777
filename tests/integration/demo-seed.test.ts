import { eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { awards, bids, organizations, projectChallenges, projectQuestions, projects, purchaseIntentions, rankings, regions } from '#db/schema';
import { drawLots } from '~/domain/lots';
import { setupTestDb } from '../support/db';

const t = setupTestDb();

describe('what a new user finds after npm start', () => {
  it('the whole region tree of Shaanxi, urban and rural', async () => {
    const rows = await t.db
      .select({ level: regions.level, n: sql<number>`count(*)::int` })
      .from(regions)
      .groupBy(regions.level);
    expect(Object.fromEntries(rows.map((r) => [r.level, r.n]))).toEqual({ province: 1, city: 10, county: 107, street: 1335, community: 20356 });
    const types = await t.db
      .select({ type: regions.communityType, n: sql<number>`count(*)::int` })
      .from(regions)
      .where(eq(regions.level, 'community'))
      .groupBy(regions.communityType);
    expect(Object.fromEntries(types.map((r) => [r.type, r.n]))).toEqual({ urban: 3737, rural: 16619 });
  });

  it('next year’s purchase intentions of the county bureau and the street station, in every status', async () => {
    const rows = await t.db
      .select({
        role: purchaseIntentions.purchaserRole,
        status: purchaseIntentions.status,
        year: purchaseIntentions.year,
        revised: purchaseIntentions.revisionCount,
      })
      .from(purchaseIntentions);
    expect(new Set(rows.map((r) => r.role))).toEqual(new Set(['bureauStaff', 'stationStaff']));
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['draft', 'published', 'withdrawn']));
    expect(rows.some((r) => r.revised > 0)).toBe(true);
    expect(new Set(rows.map((r) => r.year)).size).toBe(1);
  });

  it('a project library with a project in every status, ranked ones with their ranking', async () => {
    const rows = await t.db
      .select({ status: projects.status, n: sql<number>`count(*)::int` })
      .from(projects)
      .groupBy(projects.status);
    expect(rows.map((r) => r.status).sort()).toEqual(
      ['awarded', 'biddingClosed', 'cancelled', 'draft', 'evaluating', 'failed', 'publicNotice', 'published', 'ranked'].sort(),
    );
    const ranked = await t.db
      .select({ status: projects.status, n: sql<number>`count(${rankings.bidId})::int` })
      .from(projects)
      .leftJoin(rankings, eq(rankings.projectId, projects.id))
      .where(sql`${projects.status} in ('ranked', 'publicNotice', 'awarded')`)
      .groupBy(projects.status);
    expect(ranked.every((r) => r.n >= 1)).toBe(true);
    expect((await t.db.select().from(awards)).length).toBeGreaterThanOrEqual(1);
  });

  it('a published project with a clarification answered to every bidder and a question still waiting', async () => {
    const rows = await t.db
      .select({ status: projects.status, answered: projectQuestions.answeredAt })
      .from(projectQuestions)
      .innerJoin(projects, eq(projects.id, projectQuestions.projectId));
    expect(rows.map((r) => r.status)).toEqual(['published', 'published']);
    expect(rows.filter((r) => r.answered)).toHaveLength(1);
  });

  it('an award where the same-conditions preference changed the order: the community team ranked first with a lower total', async () => {
    const [p] = await t.db.select({ id: projects.id }).from(projects).where(eq(projects.title, '雁塔区空巢老人关爱服务项目（2026年度）'));
    const rows = await t.db.select().from(rankings).where(eq(rankings.projectId, p!.id)).orderBy(rankings.rank);
    expect(rows.map((r) => [r.rank, r.preferred, r.totalHundredths])).toEqual([
      [1, true, 86_00],
      [2, false, 87_40],
    ]);
    const [award] = await t.db.select().from(awards).where(eq(awards.projectId, p!.id));
    expect(award!.bidId).toBe(rows[0]!.bidId);
  });

  it('a committee’s small purchase with community funds awarded to a filed group of its community', async () => {
    const [row] = await t.db
      .select({ project: projects, legalStatus: organizations.legalStatus, name: organizations.name })
      .from(projects)
      .innerJoin(awards, eq(awards.projectId, projects.id))
      .innerJoin(organizations, eq(organizations.id, awards.organizationId))
      .where(eq(projects.title, '永松社区重阳节敬老文艺活动'));
    expect(row).toMatchObject({
      project: { purchaserRole: 'committeeStaff', fundingSource: 'communityFunds', procurementMethod: 'smallPurchase', status: 'awarded' },
      legalStatus: 'filed',
      name: '永松社区夕阳红舞蹈队',
    });
  });

  it('an awarded project whose challenge (质疑) of the ranking was dismissed in writing before the award, within the dates the law gives', async () => {
    const rows = await t.db
      .select({ c: projectChallenges, p: projects, awardedAt: awards.awardedAt, challenged: organizations.name, rank: rankings.rank })
      .from(projectChallenges)
      .innerJoin(projects, eq(projects.id, projectChallenges.projectId))
      .innerJoin(awards, eq(awards.projectId, projects.id))
      .innerJoin(bids, eq(bids.id, projectChallenges.bidId))
      .innerJoin(organizations, eq(organizations.id, bids.organizationId))
      .innerJoin(rankings, eq(rankings.bidId, bids.id));
    expect(rows).toHaveLength(1);
    const [{ c, p, awardedAt, challenged, rank }] = rows as [(typeof rows)[number]];
    expect(p.status).toBe('awarded');
    expect(c).toMatchObject({ status: 'answered', outcome: 'dismissed', matter: 'ranking', remedy: null });
    // The challenged bid is the one ranked first, which the challenge's reasons are about.
    expect([challenged, rank]).toEqual(['永松社区助老服务队', 1]);
    // Filed during the notice, answered by its due date, all before the award.
    expect(c.filedAt > p.noticeStartedAt! && c.filedAt < p.noticeEndsAt!).toBe(true);
    expect(c.answeredAt! <= c.answerDueAt && c.answeredAt! < awardedAt).toBe(true);
  });

  it('a tie (并列) at rank 1 resolved by a recorded drawing of lots that re-runs to the awarded bid (ADR 017)', async () => {
    const drawn = (await t.db.select().from(awards)).filter((a) => a.lots);
    expect(drawn).toHaveLength(1);
    const { lots, bidId } = drawn[0]!;
    expect(lots!.candidates).toHaveLength(2);
    expect(drawLots(lots!.candidates, lots!.seed).drawn).toBe(bidId);
    const tied = await t.db.select({ rank: rankings.rank }).from(rankings).where(inArray(rankings.bidId, lots!.candidates));
    expect(tied.map((r) => r.rank)).toEqual([1, 1]);
  });
});

describe('drawn panels in the demo (ADR 024)', () => {
  it('every demo panel was drawn from the pool, re-runs from its record, and avoided the two related experts', async () => {
    const { panelDraws, panelMembers, expertProfiles, users } = await import('#db/schema');
    const { drawPanel } = await import('~/domain/panel-draw');
    expect((await t.db.select().from(expertProfiles)).filter((p) => p.active)).toHaveLength(5);
    const draws = await t.db.select().from(panelDraws);
    const seated = await t.db.select().from(panelMembers);
    expect(new Set(draws.map((d) => d.projectId))).toEqual(new Set(seated.map((m) => m.projectId)));
    const avoided = new Set(
      (
        await t.db
          .select({ id: users.id })
          .from(users)
          .where(inArray(users.email, ['evaluator4@demo.cn', 'evaluator5@demo.cn']))
      ).map((u) => u.id),
    );
    for (const d of draws) {
      expect(drawPanel(d.candidateIds, d.size, d.seed).drawn).toEqual(d.drawnIds);
      // Nobody avoided for this project's bidders sits on its panel.
      expect(d.drawnIds.some((id) => d.excluded.some((e) => e.userId === id))).toBe(false);
    }
    // Both related experts are avoided where their relation applies (the agency's and the hub's, 永松社区's bidders).
    expect(draws.some((d) => d.excluded.length === 2 && d.excluded.every((e) => avoided.has(e.userId)))).toBe(true);
  });
});

describe('project-based management in the demo', () => {
  it('signed contracts with tranches paid and pending, returned and accepted deliverables, a hub with subcontracts, a clean ledger', async () => {
    const { contracts, tranches, deliverables } = await import('#db/schema');
    const { checkLedger } = await import('~/queries/ledger.server');
    const cs = await t.db.select().from(contracts);
    expect(cs.filter((c) => c.parentContractId).length).toBe(2);
    expect(cs.filter((c) => c.status === 'signed').length).toBeGreaterThanOrEqual(3);
    const ts = await t.db.select().from(tranches);
    expect(ts.some((x) => x.status === 'paid') && ts.some((x) => x.status === 'locked')).toBe(true);
    const ds = await t.db.select().from(deliverables);
    expect(ds.map((d) => d.status).sort()).toEqual(['accepted', 'returned', 'submitted']);
    expect((await checkLedger(t.db)).filter((r) => r.violations.length)).toEqual([]);
  });

  it('an amendment in force and one waiting for the bureau, so both amendment screens have something', async () => {
    const { contractAmendments } = await import('#db/schema');
    const as = await t.db.select().from(contractAmendments);
    expect(as.map((a) => `${a.status}:${a.proposedBySide}`).sort()).toEqual(['inForce:payee', 'proposed:payee']);
  });
});

describe('documents in the demo (ADR 019)', () => {
  it('an opened bid with its qualification certificate and a waiting filing with its charter, as valid PDFs', async () => {
    const { attachments, bids, filingApplications } = await import('#db/schema');
    const { detectFileKind } = await import('~/domain/file-type');
    const { demoPdf } = await import('../../scripts/demo/documents');
    const docs = await t.db
      .select({ documentKind: attachments.documentKind, kind: attachments.kind, bidStatus: bids.status, projectStatus: projects.status })
      .from(attachments)
      .innerJoin(bids, eq(bids.id, attachments.bidId))
      .innerJoin(projects, eq(projects.id, bids.projectId));
    expect(docs).toContainEqual({ documentKind: 'qualification', kind: 'pdf', bidStatus: 'submitted', projectStatus: 'awarded' });
    const filed = await t.db
      .select({ documentKind: attachments.documentKind, status: filingApplications.status })
      .from(attachments)
      .innerJoin(filingApplications, eq(filingApplications.id, attachments.filingApplicationId));
    expect(filed).toContainEqual({ documentKind: 'charter', status: 'submitted' });
    const pdf = new TextDecoder().decode(demoPdf('Charter (demo)'));
    expect(detectFileKind(new TextEncoder().encode(pdf))).toBe('pdf');
    // The cross-reference table points at each object.
    const xref = Number(/startxref\n(\d+)/.exec(pdf)![1]);
    expect(pdf.slice(xref, xref + 4)).toBe('xref');
    for (const [i, offset] of [...pdf.matchAll(/^(\d{10}) 00000 n $/gm)].map((m, i) => [i + 1, Number(m[1])] as const)) {
      expect(pdf.slice(offset, offset + `${i} 0 obj`.length)).toBe(`${i} 0 obj`);
    }
  });
});
