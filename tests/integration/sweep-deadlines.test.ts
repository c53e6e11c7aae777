import { and, eq, inArray, like, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, milestones, notifications, organizations, panelMembers, projects, roleAssignments, users } from '#db/schema';
import { rowsOf } from '#db/migrate';
import type { Actor } from '~/domain/permissions';
import { scoresDueAt, sweepKeys } from '~/domain/deadlines';
import { addCalendarDays } from '~/domain/working-days';
import { now, todayInChina } from '~/lib/clock.server';
import { getProject } from '~/queries/projects.server';
import { workCalendarOf } from '~/queries/calendar.server';
import * as projectPage from '~/routes/projects.$id';
import * as library from '~/routes/projects._index';
import { awardProject } from '~/services/award-project.server';
import { confirmContract } from '~/services/confirm-contract.server';
import { createProject } from '~/services/create-project.server';
import { draftContract } from '~/services/draft-contract.server';
import { drawProjectPanel } from '~/services/draw-panel.server';
import { publishProject } from '~/services/publish-project.server';
import { saveScores, submitScores } from '~/services/score-bids.server';
import { startEvaluation } from '~/services/start-evaluation.server';
import { startNotice } from '~/services/start-notice.server';
import { submitBid } from '~/services/submit-bid.server';
import { sweepDeadlines } from '~/services/sweep-deadlines.server';
import { updateProject } from '~/services/update-project.server';
import { actorByEmail, setupTestDb } from '../support/db';
import { addOutsiders, emailOf } from '../support/personas';
import { advanceTo, beijing, panelActors, passNotice, projectInput } from '../support/procurement';
import { callRoute, cookieFor } from '../support/routes';
import { changedTables, rowCounts } from '../support/row-counts';

/**
 * The deadlines sweep (ADR 025) on one project carried from publication to a contract: bidding
 * closes at the deadline (no page closes it), the notice's end and each reminder are told once to
 * exactly the people concerned, however often the sweep runs.
 */
const t = setupTestDb();
const DAY = 86_400_000;
const ctx = (actor: Actor) => ({ actor, requestId: 'sweep-test' });
const A: Record<string, Actor> = {};
const org: Record<string, string> = {};
let projectId = '';

/** Who has a notification with this dedupe key, as e-mail addresses. */
async function toldOf(key: string): Promise<string[]> {
  const rows = await t.db
    .select({ email: users.email })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(eq(notifications.dedupeKey, key));
  return rows.map((r) => r.email!).sort();
}

/** Everything the sweep leaves behind for a key: inbox rows and their delivery jobs. */
async function footprint(key: string) {
  const ids = (await t.db.select({ id: notifications.id }).from(notifications).where(eq(notifications.dedupeKey, key))).map((r) => r.id);
  const jobs = ids.length
    ? rowsOf<{ n: number }>(
        await t.db.execute(
          sql`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'notification-deliver' AND data->>'notificationId' IN (${sql.join(
            ids.map((id) => sql`${id}`),
            sql`, `,
          )})`,
        ),
      )[0]!.n
    : 0;
  return { rows: ids.length, jobs };
}

async function emailsWith(role: string, where: { regionCode?: string; organizationIds?: string[] }) {
  const rows = await t.db
    .select({ email: users.email })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(
      and(
        eq(roleAssignments.role, role as 'orgAdmin'),
        where.regionCode ? eq(roleAssignments.regionCode, where.regionCode) : undefined,
        where.organizationIds ? inArray(roleAssignments.organizationId, where.organizationIds) : undefined,
      ),
    );
  return [...new Set(rows.map((r) => r.email!))].sort();
}

/** People who must never hear of this county's project: another county's, the city's, the street's staff, an evaluator on no panel. */
const OUTSIDE = ['city@demo.cn', 'station@demo.cn', emailOf('otherBureau'), emailOf('otherStation'), emailOf('otherCommittee'), emailOf('offPanel')];

async function projectAudit(action: string) {
  return t.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectId, projectId), eq(auditEvents.action, action)));
}

beforeAll(async () => {
  await addOutsiders(t.db);
  for (const who of ['bureau', 'org', 'agency', 'hub']) A[who] = await actorByEmail(t.db, `${who}@demo.cn`);
  for (const [key, name] of [
    ['dance', '永松社区助老服务队'],
    ['agency', '雁塔区启航社会工作服务中心'],
  ] as const) {
    const [o] = await t.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, name));
    org[key] = o!.id;
  }
});

const input = (deadline: Date) =>
  projectInput({
    title: '雁塔区独居老人夜间巡访项目',
    bidDeadline: beijing(deadline),
    criteria: [
      { name: '服务方案', weight: 70, kind: 'scored' },
      { name: '报价', weight: 30, kind: 'price' },
    ],
  });
const plan = { servicePlan: '夜间上门巡访独居老人，建立一人一档，联动社区卫生服务站。', team: '社工2名，志愿者20名', expectedOutputs: '巡访1500人次' };

describe('bidding closes at the deadline, by the sweep', () => {
  let deadline: Date;

  it('publishing enqueues a sweep at the deadline; a moved deadline enqueues another', async () => {
    const first = new Date(Math.ceil((now().getTime() + 10 * DAY) / 60_000) * 60_000);
    ({ id: projectId } = await createProject(t.db, ctx(A.bureau!), input(first)));
    await publishProject(t.db, ctx(A.bureau!), projectId);
    await submitBid(t.db, ctx(A.org!), projectId, { organizationId: org.dance!, price: 150_000_00, ...plan });
    await submitBid(t.db, ctx(A.agency!), projectId, { organizationId: org.agency!, price: 160_000_00, ...plan });
    deadline = new Date(first.getTime() + 2 * DAY);
    await updateProject(t.db, ctx(A.bureau!), projectId, input(deadline));
    const jobs = rowsOf<{ key: string; start: Date | string }>(
      await t.db.execute(
        sql`SELECT singleton_key AS key, start_after AS start FROM pgboss.job WHERE name = 'deadlines-sweep' AND singleton_key LIKE ${`deadline:${projectId}:%`} ORDER BY start_after`,
      ),
    );
    expect(jobs.map((j) => new Date(j.start).toISOString())).toEqual([first.toISOString(), deadline.toISOString()]);
  });

  it('before the deadline the sweep leaves the project open and tells nobody', async () => {
    expect((await sweepDeadlines(t.db)).closed).toBeGreaterThanOrEqual(0);
    expect((await getProject(t.db, projectId))!.project.status).toBe('published');
    expect(await toldOf(sweepKeys.biddingClosed(projectId))).toEqual([]);
  });

  it('past the deadline, before the sweep: pages write nothing, show the project closed awaiting the opening, reveal nothing, and a bid is refused', async () => {
    advanceTo(deadline);
    const cookie = await cookieFor(t.db, 'bureau@demo.cn');
    const before = await rowCounts(t.db);
    const page = await callRoute(projectPage.loader, { url: `/projects/${projectId}`, cookie, params: { id: projectId } });
    expect(page.status).toBe(200);
    const data = page.data as { project: { status: string; awaitingOpening: boolean }; bidCount: number | null; purchaser: { bids: unknown[] } };
    expect(data.project).toMatchObject({ status: 'published', awaitingOpening: true });
    expect(data.bidCount).toBeNull();
    expect(data.purchaser.bids).toEqual([]);
    const list = await callRoute(library.loader, { url: '/projects?status=published&q=夜间巡访' });
    expect((list.data as { rows: { id: string; awaitingOpening: boolean }[] }).rows.find((r) => r.id === projectId)).toMatchObject({ awaitingOpening: true });
    expect(changedTables(before, await rowCounts(t.db))).toEqual([]);
    expect(await projectAudit('project.close')).toHaveLength(0);
    await expect(submitBid(t.db, ctx(A.org!), projectId, { organizationId: org.dance!, price: 140_000_00, ...plan })).rejects.toMatchObject({
      code: 'invalidTransition',
    });
  });

  it('the sweep closes it once and tells the purchasing unit and the bidders’ administrators, nobody else', async () => {
    const first = await sweepDeadlines(t.db);
    expect(first.closed).toBeGreaterThanOrEqual(1);
    const { project } = (await getProject(t.db, projectId))!;
    expect(project.status).toBe('biddingClosed');
    expect(project.closedAt).not.toBeNull();
    const key = sweepKeys.biddingClosed(projectId);
    const expected = [
      ...(await emailsWith('bureauStaff', { regionCode: '610113' })),
      ...(await emailsWith('orgAdmin', { organizationIds: [org.dance!, org.agency!] })),
    ].sort();
    expect(expected).toEqual(expect.arrayContaining(['agency@demo.cn', 'bureau@demo.cn', 'org@demo.cn']));
    expect(await toldOf(key)).toEqual(expected);
    for (const outsider of OUTSIDE) expect(await toldOf(key)).not.toContain(outsider);
    const [row] = await t.db.select().from(notifications).where(eq(notifications.dedupeKey, key)).limit(1);
    expect(row).toMatchObject({ kind: 'project.biddingClosed', href: `/projects/${projectId}`, params: { title: '雁塔区独居老人夜间巡访项目' } });
    const told = await footprint(key);
    expect(told).toEqual({ rows: expected.length, jobs: expected.length });

    const again = await sweepDeadlines(t.db);
    expect(again.closed).toBe(0);
    expect(await projectAudit('project.close')).toHaveLength(1);
    expect(await footprint(key)).toEqual(told);
  });
});

describe('scores due, the notice’s end', () => {
  let evaluators: Actor[] = [];

  it('reminds the experts who have not submitted after three working days of evaluation, once', async () => {
    await drawProjectPanel(t.db, ctx(A.bureau!), projectId, 3);
    evaluators = await panelActors(t.db, projectId);
    await startEvaluation(t.db, ctx(A.bureau!), projectId);
    const { project, criteria } = (await getProject(t.db, projectId))!;
    expect(project.evaluationStartedAt).not.toBeNull();
    const bidsOf = rowsOf<{ id: string }>(
      await t.db.execute(sql`SELECT id FROM bids WHERE project_id = ${projectId} AND status = 'submitted' ORDER BY price_fen`),
    );
    const score = async (e: Actor, points: number[]) => {
      await saveScores(
        t.db,
        ctx(e),
        projectId,
        bidsOf.map((b, i) => ({ bidId: b.id, criterionId: criteria[0]!.id, pointsHundredths: points[i]!, comment: '' })),
      );
      await submitScores(t.db, ctx(e), projectId);
    };
    await score(evaluators[0]!, [6000, 5500]);
    const key = sweepKeys.scoresDue(projectId);

    await sweepDeadlines(t.db);
    expect(await toldOf(key)).toEqual([]);

    advanceTo(scoresDueAt(await workCalendarOf(t.db), project.evaluationStartedAt!));
    await sweepDeadlines(t.db);
    const late = (
      await t.db
        .select({ email: users.email })
        .from(panelMembers)
        .innerJoin(users, eq(users.id, panelMembers.evaluatorUserId))
        .where(and(eq(panelMembers.projectId, projectId), eq(panelMembers.status, 'active'), sql`${panelMembers.submittedAt} IS NULL`))
    )
      .map((r) => r.email!)
      .sort();
    expect(late).toHaveLength(2);
    expect(await toldOf(key)).toEqual(late);
    const [row] = await t.db.select().from(notifications).where(eq(notifications.dedupeKey, key)).limit(1);
    expect(row).toMatchObject({ kind: 'panel.scoresDue', href: `/projects/${projectId}/score` });
    const told = await footprint(key);
    await sweepDeadlines(t.db);
    expect(await footprint(key)).toEqual(told);

    for (const e of evaluators.slice(1)) await score(e, [6500, 5000]);
    expect((await getProject(t.db, projectId))!.project.status).toBe('ranked');
  });

  it('tells the purchasing unit once when the public notice has ended', async () => {
    const { noticeEndsAt } = await startNotice(t.db, ctx(A.bureau!), projectId);
    const queued = rowsOf<{ n: number }>(
      await t.db.execute(
        sql`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'deadlines-sweep' AND singleton_key = ${`notice:${projectId}:${noticeEndsAt.toISOString()}`} AND start_after = ${noticeEndsAt.toISOString()}::timestamptz`,
      ),
    );
    expect(queued[0]!.n).toBe(1);
    const key = sweepKeys.noticeEnded(projectId, noticeEndsAt);
    await sweepDeadlines(t.db);
    expect(await toldOf(key)).toEqual([]);

    advanceTo(noticeEndsAt);
    await sweepDeadlines(t.db);
    const purchasers = await emailsWith('bureauStaff', { regionCode: '610113' });
    expect(await toldOf(key)).toEqual(purchasers);
    const told = await footprint(key);
    expect(told).toEqual({ rows: purchasers.length, jobs: purchasers.length });
    await sweepDeadlines(t.db);
    expect(await footprint(key)).toEqual(told);
    expect(await projectAudit('project.award')).toHaveLength(0);
  });
});

describe('contract reminders', () => {
  let awardId = '';

  it('an award still unsigned 25 days on: the purchasing unit (to draft it) and the winner, once', async () => {
    await passNotice(t.db, projectId);
    await awardProject(t.db, ctx(A.bureau!), projectId);
    awardId = rowsOf<{ id: string }>(await t.db.execute(sql`SELECT id FROM awards WHERE project_id = ${projectId} AND status = 'awarded'`))[0]!.id;
    const key = sweepKeys.unsignedContract(awardId);
    advanceTo(new Date(now().getTime() + 20 * DAY));
    await sweepDeadlines(t.db);
    expect(await toldOf(key)).toEqual([]);

    advanceTo(new Date(now().getTime() + 6 * DAY));
    await sweepDeadlines(t.db);
    const purchasers = await emailsWith('bureauStaff', { regionCode: '610113' });
    const winner = await emailsWith('orgAdmin', { organizationIds: [org.dance!] });
    expect(await toldOf(key)).toEqual([...purchasers, ...winner].sort());
    for (const outsider of [...OUTSIDE, 'agency@demo.cn']) expect(await toldOf(key)).not.toContain(outsider);
    const hrefs = await t.db.select({ href: notifications.href, userId: notifications.userId }).from(notifications).where(eq(notifications.dedupeKey, key));
    expect(new Set(hrefs.filter((h) => h.userId === A.bureau!.userId).map((h) => h.href))).toEqual(new Set([`/projects/${projectId}/contract/new`]));
    expect(new Set(hrefs.filter((h) => h.userId === A.org!.userId).map((h) => h.href))).toEqual(new Set([`/projects/${projectId}`]));
    const told = await footprint(key);
    await sweepDeadlines(t.db);
    expect(await footprint(key)).toEqual(told);
  });

  it('a milestone due within 7 days: the payee’s administrators, once per due date', async () => {
    const today = todayInChina();
    const { id: contractId } = await draftContract(t.db, ctx(A.bureau!), projectId, {
      amountFen: 150_000_00,
      startDate: today,
      endDate: addCalendarDays(today, 300),
      paymentRail: 'treasury',
      milestones: [
        { title: '首月巡访报告', kind: 'reporting', dueDate: addCalendarDays(today, 10) },
        { title: '终期验收', kind: 'delivery', dueDate: addCalendarDays(today, 300) },
      ],
      tranches: [
        { percent: 50, milestoneIndex: null },
        { percent: 50, milestoneIndex: 1 },
      ],
    });
    await confirmContract(t.db, ctx(A.bureau!), contractId);
    await confirmContract(t.db, ctx(A.org!), contractId);
    const [first] = await t.db
      .select()
      .from(milestones)
      .where(and(eq(milestones.contractId, contractId), like(milestones.title, '首月%')));
    const key = sweepKeys.milestoneDueSoon(first!.id, first!.dueDate);
    await sweepDeadlines(t.db);
    expect(await toldOf(key)).toEqual([]);

    advanceTo(new Date(now().getTime() + 3 * DAY));
    await sweepDeadlines(t.db);
    const payee = await emailsWith('orgAdmin', { organizationIds: [org.dance!] });
    expect(await toldOf(key)).toEqual(payee);
    for (const outsider of [...OUTSIDE, 'bureau@demo.cn', 'agency@demo.cn']) expect(await toldOf(key)).not.toContain(outsider);
    const [row] = await t.db.select().from(notifications).where(eq(notifications.dedupeKey, key)).limit(1);
    expect(row).toMatchObject({
      kind: 'milestone.dueSoon',
      href: `/contracts/${contractId}`,
      params: { milestone: '首月巡访报告', dueOn: first!.dueDate, contractNumber: expect.stringMatching(/^610113-\d{4}-\d{4}$/) },
    });
    const told = await footprint(key);
    await sweepDeadlines(t.db);
    expect(await footprint(key)).toEqual(told);
    // Signed: the unsigned reminder has nothing more to say.
    expect((await sweepDeadlines(t.db)).unsignedContracts).toBe(0);
    expect(await t.db.select({ s: projects.status }).from(projects).where(eq(projects.id, projectId))).toEqual([{ s: 'awarded' }]);
  });
});
