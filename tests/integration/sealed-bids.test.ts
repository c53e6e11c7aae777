import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, bids, organizations, projectAmendments, projects } from '#db/schema';
import type { Actor } from '~/domain/permissions';
import type { ProjectInput } from '~/schemas/project';
import { advanceClock, now } from '~/lib/clock.server';
import { createProject } from '~/services/create-project.server';
import { publishProject } from '~/services/publish-project.server';
import { updateProject } from '~/services/update-project.server';
import { submitBid, withdrawBid } from '~/services/submit-bid.server';
import { closeBiddingIfDue } from '~/services/close-bidding.server';
import { cancelProject } from '~/services/cancel-project.server';
import { reissueProject } from '~/services/reissue-project.server';
import { bidderNotices, getProject, readBid } from '~/queries/projects.server';
import * as projectPage from '~/routes/projects.$id';
import * as bidPage from '~/routes/projects.$id_.bids.$bidId';
import * as bidForm from '~/routes/projects.$id_.bid';
import * as editPage from '~/routes/projects.$id_.edit';
import * as auditPage from '~/routes/audit';
import * as workspace from '~/routes/workspace';
import { actorByEmail, setupTestDb } from '../support/db';
import { callRoute, cookieFor } from '../support/routes';
import { beijing, projectInput as baseInput } from '../support/procurement';

/**
 * Sealed means sealed (issue 8): nothing of a bid, not even that it exists, reaches anyone but its
 * bidder before the opening, whatever happens to the project; and the purchaser cannot pull the
 * opening earlier.
 */
const t = setupTestDb();
const A: Record<string, Actor> = {};
const C: Record<string, string> = {};
const org: Record<string, string> = {};
const ctx = (actor: Actor) => ({ actor, requestId: 'sealed-test' });
const DAY = 86_400_000;
// Prices no page shows for anything else, in fen and as people write them.
const PRICE_DANCE = 123_456_78;
const PRICE_AGENCY = 98_765_43;
const priceForms = (fen: number) => {
  const yuan = (fen / 100).toFixed(2);
  return [
    String(fen),
    yuan,
    Number(yuan).toLocaleString('en-US', { minimumFractionDigits: 2 }),
    Number(yuan).toLocaleString('zh-CN', { minimumFractionDigits: 2 }),
  ];
};

/** This file's project: two criteria, so a copy's criteria are easy to read back. */
const projectInput = (over: Partial<ProjectInput> = {}): ProjectInput =>
  baseInput({
    title: '雁塔区独居老人探访服务项目',
    description: '为辖区独居老人提供每周上门探访、紧急呼叫对接和节日慰问，建立一人一档。',
    serviceStart: '2027-03-01',
    serviceEnd: '2028-02-28',
    criteria: [
      { name: '服务方案', weight: 70, kind: 'scored' },
      { name: '报价', weight: 30, kind: 'price' },
    ],
    ...over,
  });

const bidInput = (organizationId: string, price: number, marker = '') => ({
  organizationId,
  price,
  servicePlan: `每周上门探访独居老人，建立一人一档，联动社区卫生服务站。${marker}`,
  team: '社工2名，志愿者30名',
  expectedOutputs: '探访2000人次',
});

const count = async (table: typeof auditEvents | typeof projectAmendments | typeof projects | typeof bids) =>
  (await t.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;

/** Everything the loader hands to the page (and to `.data`), as text to search. */
const seen = (r: { data: unknown }) => JSON.stringify(r.data ?? null);

beforeAll(async () => {
  for (const who of ['bureau', 'city', 'committee', 'admin', 'org', 'agency', 'hub', 'evaluator']) {
    A[who] = await actorByEmail(t.db, `${who}@demo.cn`);
    C[who] = await cookieFor(t.db, `${who}@demo.cn`);
  }
  for (const [key, name] of [
    ['dance', '永松社区助老服务队'],
    ['agency', '雁塔区启航社会工作服务中心'],
  ] as const) {
    const [o] = await t.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, name));
    org[key] = o!.id;
  }
});

async function publishedWithBids() {
  const { id } = await createProject(t.db, ctx(A.bureau!), projectInput());
  await publishProject(t.db, ctx(A.bureau!), id);
  const dance = await submitBid(t.db, ctx(A.org!), id, bidInput(org.dance!, PRICE_DANCE, '【舞蹈队密封标记】'));
  const agency = await submitBid(t.db, ctx(A.agency!), id, bidInput(org.agency!, PRICE_AGENCY, '【启航密封标记】'));
  return { id, dance: dance.id, agency: agency.id };
}

describe('a project cancelled during bidding keeps its bids sealed for good', () => {
  let p: Awaited<ReturnType<typeof publishedWithBids>>;

  beforeAll(async () => {
    p = await publishedWithBids();
    await cancelProject(t.db, ctx(A.bureau!), p.id, '预算调整，项目取消');
  });

  it('the purchaser sees no price, plan, bidder or count on the project page, then or after the deadline', async () => {
    for (const when of ['right after cancelling', 'after the deadline passed']) {
      if (when !== 'right after cancelling') advanceClock(11 * DAY);
      for (const who of ['bureau', 'city', 'admin', 'evaluator']) {
        const r = await callRoute(projectPage.loader, { url: `/projects/${p.id}`, cookie: C[who], params: { id: p.id } });
        expect(r.status, `${who} ${when}`).toBe(200);
        const text = seen(r);
        for (const secret of [...priceForms(PRICE_DANCE), ...priceForms(PRICE_AGENCY), p.dance, p.agency, '密封标记', '助老服务队', '启航社会工作']) {
          expect(text, `${who} ${when} must not see ${secret}`).not.toContain(secret);
        }
        expect((r.data as { bidCount: number | null }).bidCount).toBeNull();
        expect((r.data as { sealedForGood: boolean }).sealedForGood).toBe(true);
      }
    }
    // Looking after the deadline did not open anything.
    const [row] = await t.db.select().from(projects).where(eq(projects.id, p.id));
    expect(row).toMatchObject({ status: 'cancelled', closedAt: null });
  });

  it('each bid page refuses the purchaser, the administrator and an evaluator; the bidder still reads its own', async () => {
    for (const who of ['bureau', 'admin', 'evaluator']) {
      const r = await callRoute(bidPage.loader, { url: `/projects/${p.id}/bids/${p.dance}`, cookie: C[who], params: { id: p.id, bidId: p.dance } });
      expect(r.status, who).toBe(403);
      expect(seen(r)).not.toContain('密封标记');
    }
    const own = await callRoute(bidPage.loader, { url: `/projects/${p.id}/bids/${p.dance}`, cookie: C.org, params: { id: p.id, bidId: p.dance } });
    expect(own.status).toBe(200);
    expect(seen(own)).toContain('【舞蹈队密封标记】');
  });

  it('the bidders are told, on the project and in their workspace, and may withdraw; nobody opens a withdrawn bid', async () => {
    const page = await callRoute(projectPage.loader, { url: `/projects/${p.id}`, cookie: C.agency, params: { id: p.id } });
    expect((page.data as { bidder: { notices: { kind: string }[] } }).bidder.notices).toEqual([
      expect.objectContaining({ kind: 'cancelledSealed', bidId: p.agency }),
    ]);
    const ws = await callRoute(workspace.loader, { url: '/workspace', cookie: C.agency });
    expect((ws.data as { bidNotices: { kind: string; projectId: string }[] }).bidNotices).toContainEqual(
      expect.objectContaining({ kind: 'cancelledSealed', projectId: p.id }),
    );
    // Another organization's administrator cannot withdraw it.
    const foreign = await callRoute(bidForm.action, {
      url: `/projects/${p.id}/bid`,
      cookie: C.org,
      params: { id: p.id },
      form: { intent: 'withdraw', bidId: p.agency },
    });
    expect(foreign.status).toBe(404);
    const r = await callRoute(bidForm.action, {
      url: `/projects/${p.id}/bid`,
      cookie: C.agency,
      params: { id: p.id },
      form: { intent: 'withdraw', bidId: p.agency },
    });
    expect(r.status).toBe(302);
    const [bid] = await t.db.select().from(bids).where(eq(bids.id, p.agency));
    expect(bid!.status).toBe('withdrawn');
    expect(await bidderNotices(t.db, A.agency!, p.id)).toEqual([]);
    await expect(readBid(t.db, A.bureau!, p.agency)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('put out again, the project starts with no bids, and the old bids stay sealed', async () => {
    const { id } = await reissueProject(t.db, ctx(A.bureau!), p.id);
    const copy = (await getProject(t.db, id))!;
    expect(copy.project).toMatchObject({
      status: 'draft',
      reissueOf: p.id,
      title: '雁塔区独居老人探访服务项目',
      budgetFen: 200_000_00,
      purchaserRegionCode: '610113',
    });
    expect(copy.criteria.map((c) => [c.name, c.weight, c.kind])).toEqual([
      ['服务方案', 70, 'scored'],
      ['报价', 30, 'price'],
    ]);
    expect(copy.project.bidDeadline.getTime()).toBeGreaterThan(now().getTime());
    expect(await t.db.select().from(bids).where(eq(bids.projectId, id))).toEqual([]);
    await publishProject(t.db, ctx(A.bureau!), id);
    const fresh = await callRoute(projectPage.loader, { url: `/projects/${id}`, cookie: C.bureau, params: { id } });
    expect(seen(fresh)).not.toContain('密封标记');
    expect((fresh.data as { reissue: { of: { id: string } } }).reissue.of.id).toBe(p.id);
    await expect(readBid(t.db, A.bureau!, p.dance)).rejects.toMatchObject({ code: 'forbidden' });
    // Once only; and only a cancelled or failed project; and only by its purchaser.
    await expect(reissueProject(t.db, ctx(A.bureau!), p.id)).rejects.toMatchObject({ code: 'conflict', messageKey: 'project.errors.alreadyReissued' });
    await expect(reissueProject(t.db, ctx(A.bureau!), id)).rejects.toMatchObject({ code: 'invalidTransition', messageKey: 'project.errors.notReissuable' });
    const other = await publishedWithBids();
    await cancelProject(t.db, ctx(A.bureau!), other.id, '需求变更');
    await expect(reissueProject(t.db, ctx(A.committee!), other.id)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('the reissue button posts through the project page and lands on the new draft’s edit page', async () => {
    const other = await publishedWithBids();
    await cancelProject(t.db, ctx(A.bureau!), other.id, '需求变更');
    const page = await callRoute(projectPage.loader, { url: `/projects/${other.id}`, cookie: C.bureau, params: { id: other.id } });
    expect((page.data as { purchaser: { may: { reissue: boolean } } }).purchaser.may.reissue).toBe(true);
    const r = await callRoute(projectPage.action, { url: `/projects/${other.id}`, cookie: C.bureau, params: { id: other.id }, form: { intent: 'reissue' } });
    expect(r.status).toBe(302);
    expect(r.headers.get('Location')).toMatch(/^\/projects\/[0-9a-f-]{36}\/edit\?reissued=1$/);
    const visitor = await callRoute(projectPage.loader, { url: `/projects/${other.id}`, params: { id: other.id } });
    // The repeat is still the purchaser's draft: a visitor does not see it yet.
    expect((visitor.data as { reissue: { as: unknown } }).reissue.as).toBeNull();
  });
});

describe('publishing fixes the deadline: it only moves later, and every change that matters is material', () => {
  let id: string;
  let deadline: Date;

  beforeAll(async () => {
    ({ id } = await createProject(t.db, ctx(A.bureau!), projectInput({ bidDeadline: beijing(new Date(now().getTime() + 20 * DAY)) })));
    await publishProject(t.db, ctx(A.bureau!), id);
    await submitBid(t.db, ctx(A.org!), id, bidInput(org.dance!, PRICE_DANCE));
    deadline = (await getProject(t.db, id))!.project.bidDeadline;
  });

  it('an earlier deadline is refused with a translated 400, and nothing is written', async () => {
    const before = { amendments: await count(projectAmendments), audit: await count(auditEvents) };
    await expect(updateProject(t.db, ctx(A.bureau!), id, projectInput({ bidDeadline: beijing(new Date(now().getTime() + 60_000)) }))).rejects.toMatchObject({
      code: 'invalidInput',
      messageKey: 'project.errors.deadlineEarlier',
    });
    const { title, description, ...rest } = projectInput({ bidDeadline: beijing(new Date(deadline.getTime() - DAY)) });
    const form: Record<string, string | string[]> = {
      title,
      description,
      regionCode: rest.regionCode,
      budget: '200000',
      fundingSource: rest.fundingSource,
      procurementMethod: rest.procurementMethod,
      noIntentionReason: rest.noIntentionReason ?? '',
    };
    Object.assign(form, {
      serviceCategories: rest.serviceCategories,
      beneficiaryGroups: rest.beneficiaryGroups,
      serviceStart: rest.serviceStart,
      serviceEnd: rest.serviceEnd,
      allowedLegalStatuses: rest.allowedLegalStatuses,
      allowedKinds: rest.allowedKinds,
      regionRestricted: 'on',
      bidDeadline: rest.bidDeadline,
      noticeDays: '5',
      scoringMethod: 'mean',
      tolerance: '2',
      'criteria[0].name': '服务方案',
      'criteria[0].weight': '70',
      'criteria[0].kind': 'scored',
      'criteria[1].name': '报价',
      'criteria[1].weight': '30',
      'criteria[1].kind': 'price',
    });
    const r = await callRoute(editPage.action, { url: `/projects/${id}/edit`, cookie: C.bureau, params: { id }, form });
    expect(r.status).toBe(400);
    expect((r.data as { formError: { messageKey: string } }).formError.messageKey).toBe('project.errors.deadlineEarlier');
    expect({ amendments: await count(projectAmendments), audit: await count(auditEvents) }).toEqual(before);
    expect((await getProject(t.db, id))!.project.bidDeadline).toEqual(deadline);
  });

  it.each([
    ['a later deadline', { bidDeadline: 'later' }],
    [
      'criteria weights',
      {
        criteria: [
          { name: '服务方案', weight: 60, kind: 'scored' as const },
          { name: '报价', weight: 40, kind: 'price' as const },
        ],
      },
    ],
    ['the scoring method', { scoringMethod: 'trimmedMean' as const }],
    ['the preference tolerance', { tolerance: 3 }],
    ['eligibility', { allowedKinds: ['communityOrg', 'hub'] as ProjectInput['allowedKinds'] }],
    ['the funding source', { fundingSource: 'socialDonations' as const }],
    ['the notice period', { noticeDays: 7 }],
  ])('%s is material: numbered, restarts the minimum window, and the bidder is told', async (_name, change) => {
    const current = (await getProject(t.db, id))!.project;
    const input = projectInput({ ...(change as Partial<ProjectInput>), bidDeadline: beijing(current.bidDeadline) });
    if ((change as { bidDeadline?: string }).bidDeadline === 'later') input.bidDeadline = beijing(new Date(current.bidDeadline.getTime() + DAY));
    // Keep earlier changes in place so that only this one differs.
    const prior = await t.db.select().from(projects).where(eq(projects.id, id));
    Object.assign(input, {
      scoringMethod: 'scoringMethod' in change ? input.scoringMethod : prior[0]!.scoringMethod,
      tolerance: 'tolerance' in change ? input.tolerance : prior[0]!.toleranceHundredths / 100,
      fundingSource: 'fundingSource' in change ? input.fundingSource : prior[0]!.fundingSource,
      noticeDays: 'noticeDays' in change ? input.noticeDays : prior[0]!.noticeDays,
      allowedKinds: 'allowedKinds' in change ? input.allowedKinds : prior[0]!.allowedKinds,
    });
    if (!('criteria' in change)) {
      const found = (await getProject(t.db, id))!;
      input.criteria = found.criteria.map((c) => ({ name: c.name, weight: c.weight, kind: c.kind }));
    }
    // Bring the deadline within the window first, so that restarting it is visible.
    advanceClock(Math.max(0, current.bidDeadline.getTime() - now().getTime() - 2 * DAY));
    const r = await updateProject(t.db, ctx(A.bureau!), id, input);
    expect(r.material).toBe(true);
    const after = (await getProject(t.db, id))!.project;
    expect(after.bidDeadline.getTime()).toBeGreaterThanOrEqual(now().getTime() + 5 * DAY - 1000);
    const notices = await bidderNotices(t.db, A.org!, id);
    expect(notices).toEqual([expect.objectContaining({ kind: 'amended', amendment: after.amendmentCount })]);
  });

  it('a corrected title alone is minor: the deadline stays; a bidder who bids again hears no more', async () => {
    const current = (await getProject(t.db, id))!;
    const p = current.project;
    const r = await updateProject(
      t.db,
      ctx(A.bureau!),
      id,
      projectInput({
        title: '雁塔区独居老人探访服务项目（更正）',
        bidDeadline: beijing(p.bidDeadline),
        scoringMethod: p.scoringMethod,
        tolerance: p.toleranceHundredths / 100,
        fundingSource: p.fundingSource,
        noticeDays: p.noticeDays,
        allowedKinds: p.allowedKinds as ProjectInput['allowedKinds'],
        criteria: current.criteria.map((c) => ({ name: c.name, weight: c.weight, kind: c.kind })),
      }),
    );
    expect(r).toEqual({ changed: ['title'], material: false });
    expect((await getProject(t.db, id))!.project.bidDeadline).toEqual(p.bidDeadline);
    await submitBid(t.db, ctx(A.org!), id, bidInput(org.dance!, PRICE_DANCE - 100));
    expect(await bidderNotices(t.db, A.org!, id)).toEqual([]);
  });
});

describe('who and how many have bid stays secret until the opening', () => {
  let p: Awaited<ReturnType<typeof publishedWithBids>>;

  beforeAll(async () => {
    p = await publishedWithBids();
    // A replaced version and a withdrawn bid: neither is ever opened.
    await submitBid(t.db, ctx(A.org!), p.id, bidInput(org.dance!, PRICE_DANCE));
  });

  it('the public page and every signed-in view give no count before the opening', async () => {
    for (const who of [undefined, 'bureau', 'admin', 'hub']) {
      const r = await callRoute(projectPage.loader, { url: `/projects/${p.id}`, cookie: who ? C[who] : undefined, params: { id: p.id } });
      expect((r.data as { bidCount: number | null }).bidCount, who ?? 'visitor').toBeNull();
    }
  });

  it('the audit log records each bid without naming the bidder or the project', async () => {
    const rows = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectType, 'bid'), inArray(auditEvents.subjectId, [p.dance, p.agency])));
    expect(rows.map((r) => r.action)).toEqual(['bid.submit', 'bid.submit']);
    const all = await t.db.select().from(auditEvents).where(eq(auditEvents.subjectType, 'bid')).orderBy(desc(auditEvents.id)).limit(3);
    expect(all.map((r) => r.action)).toEqual(['bid.replace', 'bid.submit', 'bid.submit']);
    for (const row of all) {
      expect(row.actorUserId).toBeNull();
      const text = JSON.stringify(row);
      for (const secret of [org.dance!, org.agency!, A.org!.userId, A.agency!.userId, p.id, String(PRICE_DANCE), String(PRICE_AGENCY)])
        expect(text).not.toContain(secret);
    }
    // The log's page: the bids' rows are there, and none of them says who bid or on what. (People's
    // sign-ins are logged under their names, as they should be; they do not say what anyone did next.)
    const page = await callRoute(auditPage.loader, { url: '/audit', cookie: C.admin });
    expect(page.status).toBe(200);
    const shown = (page.data as { rows: { action: string }[] }).rows.filter((r) => r.action.startsWith('bid.'));
    expect(shown.length).toBeGreaterThanOrEqual(3);
    for (const secret of [org.dance!, org.agency!, A.org!.userId, A.agency!.userId, p.id, String(PRICE_DANCE)])
      expect(JSON.stringify(shown)).not.toContain(secret);
  });

  it('at the opening the record names every live bid with its organization and submitter; the replaced version stays sealed', async () => {
    advanceClock(11 * DAY);
    expect(await closeBiddingIfDue(t.db, p.id)).toBe(true);
    const [close] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'project.close'), eq(auditEvents.subjectId, p.id)));
    const live = await t.db
      .select()
      .from(bids)
      .where(and(eq(bids.projectId, p.id), eq(bids.status, 'submitted')));
    expect((close!.summary as { opened: unknown[] }).opened).toEqual(
      expect.arrayContaining(live.map((b) => ({ bidId: b.id, organizationId: b.organizationId, submittedBy: b.submittedBy }))),
    );
    expect((close!.summary as { opened: unknown[] }).opened).toHaveLength(2);
    const page = await callRoute(projectPage.loader, { url: `/projects/${p.id}`, params: { id: p.id } });
    expect((page.data as { bidCount: number }).bidCount).toBe(2);
    // The purchaser reads the live bids, never the replaced version.
    const replaced = await t.db
      .select()
      .from(bids)
      .where(and(eq(bids.projectId, p.id), eq(bids.status, 'replaced')));
    expect(replaced).toHaveLength(1);
    await expect(readBid(t.db, A.bureau!, replaced[0]!.id)).rejects.toMatchObject({ code: 'forbidden' });
    expect((await readBid(t.db, A.bureau!, p.agency)).priceFen).toBe(PRICE_AGENCY);
  });

  it('a withdrawn bid is never opened either', async () => {
    const q = await publishedWithBids();
    await withdrawBid(t.db, ctx(A.agency!), q.agency);
    advanceClock(11 * DAY);
    await closeBiddingIfDue(t.db, q.id);
    await expect(readBid(t.db, A.bureau!, q.agency)).rejects.toMatchObject({ code: 'forbidden' });
    expect((await readBid(t.db, A.bureau!, q.dance)).priceFen).toBe(PRICE_DANCE);
  });
});
