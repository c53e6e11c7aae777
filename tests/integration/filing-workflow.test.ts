import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, filingApplications, filingSteps, organizations, roleAssignments } from '#db/schema';
import { DEMO } from '#db/seed/demo';
import type { Actor } from '~/domain/permissions';
import type { FilingInput } from '~/schemas/filing';
import { submitFiling } from '~/services/submit-filing.server';
import { firstReviewFiling } from '~/services/first-review-filing.server';
import { resubmitFiling } from '~/services/resubmit-filing.server';
import { decideFiling } from '~/services/decide-filing.server';
import { withdrawFiling } from '~/services/withdraw-filing.server';
import { recordRegistration } from '~/services/record-registration.server';
import { changeOrganizationStatus } from '~/services/change-organization-status.server';
import { mergeSuggestionsFor } from '~/queries/filings.server';
import { makeUscc } from '~/domain/uscc';
import { actorByEmail, setupTestDb } from '../support/db';

const t = setupTestDb();
let leader: Actor, committee: Actor, station: Actor, bureau: Actor, admin: Actor, orgAdmin: Actor;
// A committee and a station of somewhere else in the same county.
const otherCommittee = (a: Actor): Actor => ({ ...a, assignments: [{ role: 'committeeStaff', regionCode: '610113002001', organizationId: null }] });
const otherStation = (a: Actor): Actor => ({ ...a, assignments: [{ role: 'stationStaff', regionCode: '610113002', organizationId: null }] });

const input = (over: Partial<FilingInput> = {}): FilingInput => ({
  name: '永松社区书法协会',
  regionCode: DEMO.community,
  serviceCategories: ['culture'],
  beneficiaryGroups: ['allResidents'],
  leaderName: '王书华',
  contactPhone: '13900000001',
  foundedOn: '2025-01-01',
  memberCount: 8,
  charter: '本会由热爱书法的社区居民自愿组成，定期开展书法交流与公益活动。',
  rules: '',
  ...over,
});

const ctx = (actor: Actor) => ({ actor, requestId: 'test' });

async function stepsOf(id: string) {
  return t.db.select().from(filingSteps).where(eq(filingSteps.applicationId, id)).orderBy(filingSteps.at);
}

beforeAll(async () => {
  [leader, committee, station, bureau, admin, orgAdmin] = (await Promise.all(
    ['leader@demo.cn', 'committee@demo.cn', 'station@demo.cn', 'bureau@demo.cn', 'admin@demo.cn', 'org@demo.cn'].map((e) => actorByEmail(t.db, e)),
  )) as [Actor, Actor, Actor, Actor, Actor, Actor];
});

describe('filing workflow (§4.2): apply → committee first review → station files', () => {
  it('goes through return, fix and resubmit, pass and file, and leaves a timeline and audit rows', async () => {
    const { id } = await submitFiling(t.db, ctx(leader), input({ memberCount: 2 + 1 }));
    await firstReviewFiling(t.db, ctx(committee), { applicationId: id, decision: 'return', reason: '请补充活动场地说明。' });
    let [app] = await t.db.select().from(filingApplications).where(eq(filingApplications.id, id));
    expect(app!.status).toBe('returned');
    expect(app!.decisionReason).toBe('请补充活动场地说明。');

    await resubmitFiling(t.db, ctx(leader), id, input({ rules: '活动场地：社区活动中心二楼。' }));
    [app] = await t.db.select().from(filingApplications).where(eq(filingApplications.id, id));
    expect(app!.status).toBe('submitted');
    expect(app!.revision).toBe(2);

    await firstReviewFiling(t.db, ctx(committee), { applicationId: id, decision: 'pass' });
    const { organizationId, filingNumber } = await decideFiling(t.db, ctx(station), { applicationId: id, decision: 'file' });
    expect(filingNumber).toMatch(/^陕备610113001\d{4}\d{4}$/);

    const [org] = await t.db.select().from(organizations).where(eq(organizations.id, organizationId!));
    expect(org).toMatchObject({
      name: '永松社区书法协会',
      legalStatus: 'filed',
      status: 'active',
      regionCode: DEMO.community,
      rules: '活动场地：社区活动中心二楼。',
    });
    const roles = await t.db
      .select()
      .from(roleAssignments)
      .where(and(eq(roleAssignments.userId, leader.userId), eq(roleAssignments.organizationId, organizationId!)));
    expect(roles.map((r) => r.role)).toEqual(['orgAdmin']);

    const steps = await stepsOf(id);
    expect(steps.map((s) => [s.action, s.actorRole])).toEqual([
      ['submit', 'owner'],
      ['return', 'committeeStaff'],
      ['resubmit', 'owner'],
      ['pass', 'committeeStaff'],
      ['file', 'stationStaff'],
    ]);
    const audit = await t.db.select().from(auditEvents).where(eq(auditEvents.subjectId, id)).orderBy(auditEvents.id);
    expect(audit.map((a) => a.action)).toEqual(['filing.submit', 'filing.return', 'filing.resubmit', 'filing.pass', 'filing.file']);
    expect(audit.every((a) => a.requestId === 'test')).toBe(true);
  });

  it('filing numbers count up within the street and year', async () => {
    const numbers: string[] = [];
    for (const name of ['永松社区象棋协会', '永松社区太极拳队']) {
      const { id } = await submitFiling(t.db, ctx(leader), input({ name }));
      await firstReviewFiling(t.db, ctx(committee), { applicationId: id, decision: 'pass' });
      numbers.push((await decideFiling(t.db, ctx(station), { applicationId: id, decision: 'file' })).filingNumber!);
    }
    expect(Number(numbers[1]!.slice(-4))).toBe(Number(numbers[0]!.slice(-4)) + 1);
  });

  it('the station rejects with a reason the applicant reads; no organization is created', async () => {
    const { id } = await submitFiling(t.db, ctx(leader), input({ name: '永松社区夜跑团' }));
    await firstReviewFiling(t.db, ctx(committee), { applicationId: id, decision: 'pass' });
    const before = await t.db.select({ n: sql<number>`count(*)::int` }).from(organizations);
    await decideFiling(t.db, ctx(station), { applicationId: id, decision: 'reject', reason: '活动存在安全隐患。' });
    const after = await t.db.select({ n: sql<number>`count(*)::int` }).from(organizations);
    expect(after[0]!.n).toBe(before[0]!.n);
    const [app] = await t.db.select().from(filingApplications).where(eq(filingApplications.id, id));
    expect(app).toMatchObject({ status: 'rejected', decisionReason: '活动存在安全隐患。', organizationId: null });
  });
});

describe('filing workflow refuses the wrong person, the wrong region and the wrong order', () => {
  it('the wrong role cannot act at either stage', async () => {
    const { id } = await submitFiling(t.db, ctx(leader), input({ name: '永松社区合唱团' }));
    await expect(firstReviewFiling(t.db, ctx(station), { applicationId: id, decision: 'pass' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(firstReviewFiling(t.db, ctx(leader), { applicationId: id, decision: 'pass' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(firstReviewFiling(t.db, ctx(bureau), { applicationId: id, decision: 'pass' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(firstReviewFiling(t.db, ctx(admin), { applicationId: id, decision: 'pass' })).rejects.toMatchObject({ code: 'forbidden' });
    await firstReviewFiling(t.db, ctx(committee), { applicationId: id, decision: 'pass' });
    await expect(decideFiling(t.db, ctx(committee), { applicationId: id, decision: 'file' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(decideFiling(t.db, ctx(bureau), { applicationId: id, decision: 'file' })).rejects.toMatchObject({ code: 'forbidden' });
    const [app] = await t.db.select().from(filingApplications).where(eq(filingApplications.id, id));
    expect(app!.status).toBe('firstReviewPassed');
  });

  it('staff of another community or street cannot act, and nothing is written', async () => {
    const { id } = await submitFiling(t.db, ctx(leader), input({ name: '永松社区摄影协会' }));
    const before = (await stepsOf(id)).length;
    await expect(firstReviewFiling(t.db, ctx(otherCommittee(committee)), { applicationId: id, decision: 'pass' })).rejects.toMatchObject({ code: 'forbidden' });
    await firstReviewFiling(t.db, ctx(committee), { applicationId: id, decision: 'pass' });
    await expect(decideFiling(t.db, ctx(otherStation(station)), { applicationId: id, decision: 'file' })).rejects.toMatchObject({ code: 'forbidden' });
    expect((await stepsOf(id)).length).toBe(before + 1);
  });

  it('steps out of order are refused: no filing before the first review, no second decision', async () => {
    const { id } = await submitFiling(t.db, ctx(leader), input({ name: '永松社区园艺协会' }));
    await expect(decideFiling(t.db, ctx(station), { applicationId: id, decision: 'file' })).rejects.toMatchObject({ code: 'invalidTransition' });
    await firstReviewFiling(t.db, ctx(committee), { applicationId: id, decision: 'pass' });
    await expect(firstReviewFiling(t.db, ctx(committee), { applicationId: id, decision: 'return', reason: '再看看' })).rejects.toMatchObject({
      code: 'invalidTransition',
    });
    await expect(withdrawFiling(t.db, ctx(leader), id)).rejects.toMatchObject({ code: 'invalidTransition' });
  });

  it('another user cannot resubmit or withdraw someone else’s application', async () => {
    const { id } = await submitFiling(t.db, ctx(leader), input({ name: '永松社区剪纸协会' }));
    await firstReviewFiling(t.db, ctx(committee), { applicationId: id, decision: 'return', reason: '名称不规范。' });
    await expect(resubmitFiling(t.db, ctx(orgAdmin), id, input())).rejects.toMatchObject({ code: 'forbidden' });
    await expect(withdrawFiling(t.db, ctx(committee), id)).rejects.toMatchObject({ code: 'forbidden' });
    await withdrawFiling(t.db, ctx(leader), id);
    const [app] = await t.db.select().from(filingApplications).where(eq(filingApplications.id, id));
    expect(app!.status).toBe('withdrawn');
  });

  it('a return or a rejection without a reason is refused', async () => {
    const { id } = await submitFiling(t.db, ctx(leader), input({ name: '永松社区棋牌协会' }));
    await expect(firstReviewFiling(t.db, ctx(committee), { applicationId: id, decision: 'return', reason: '  ' })).rejects.toMatchObject({
      code: 'invalidInput',
    });
  });

  it('an application must name a community, not a street', async () => {
    await expect(submitFiling(t.db, ctx(leader), input({ regionCode: '610113001000' }))).rejects.toMatchObject({ code: 'invalidInput' });
  });
});

describe('merge suggestions and the path to registration', () => {
  it('suggests the filed dance group when a similar one applies in the same community', async () => {
    const s = await mergeSuggestionsFor(t.db, { name: '永松社区夕阳红广场舞队', regionCode: DEMO.community, serviceCategories: ['culture'] }, '永松社区居委会');
    expect(s.map((x) => x.name)).toContain('永松社区夕阳红舞蹈队');
    const none = await mergeSuggestionsFor(
      t.db,
      { name: '永松社区夕阳红广场舞队', regionCode: DEMO.neighbourCommunity, serviceCategories: ['culture'] },
      '小寨东路社区居委会',
    );
    expect(none).toEqual([]);
  });

  it('only the county bureau records registration, with a valid USCC', async () => {
    const [org] = await t.db.select().from(organizations).where(eq(organizations.name, '永松社区夕阳红舞蹈队'));
    const uscc = makeUscc('1', DEMO.county, 'MJY000100');
    await expect(recordRegistration(t.db, ctx(station), { organizationId: org!.id, uscc, registeredOn: '2026-01-05' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(
      recordRegistration(t.db, ctx(bureau), { organizationId: org!.id, uscc: uscc.slice(0, 17) + (uscc[17] === '0' ? '1' : '0'), registeredOn: '2026-01-05' }),
    ).rejects.toMatchObject({ code: 'invalidInput' });
    await recordRegistration(t.db, ctx(bureau), { organizationId: org!.id, uscc, registeredOn: '2026-01-05' });
    const [after] = await t.db.select().from(organizations).where(eq(organizations.id, org!.id));
    expect(after).toMatchObject({ legalStatus: 'registered', uscc });
    expect(after!.filingNumber).toBe(org!.filingNumber);
  });

  it('a station suspends a filed organization; exit is final', async () => {
    const [org] = await t.db.select().from(organizations).where(eq(organizations.name, '永松社区邻里调解志愿队'));
    await changeOrganizationStatus(t.db, ctx(station), { organizationId: org!.id, action: 'suspend', reason: '连续一年未开展活动。' });
    await changeOrganizationStatus(t.db, ctx(bureau), { organizationId: org!.id, action: 'exit', reason: '经核查已停止运作。' });
    await expect(changeOrganizationStatus(t.db, ctx(bureau), { organizationId: org!.id, action: 'reinstate', reason: '误操作恢复' })).rejects.toMatchObject({
      code: 'invalidTransition',
    });
    await expect(changeOrganizationStatus(t.db, ctx(orgAdmin), { organizationId: org!.id, action: 'reinstate', reason: '恢复活动' })).rejects.toMatchObject({
      code: 'forbidden',
    });
  });
});
