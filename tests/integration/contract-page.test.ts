import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, contractAmendments, contracts, milestones } from '#db/schema';
import type { Actor } from '~/domain/permissions';
import * as contractPage from '~/routes/contracts.$id';
import * as workspace from '~/routes/contracts._index';
import { draftContract } from '~/services/draft-contract.server';
import { confirmContract } from '~/services/confirm-contract.server';
import { checkLedger } from '~/queries/ledger.server';
import { actorByEmail, setupTestDb } from '../support/db';
import { callRoute, cookieFor } from '../support/routes';
import { awardedProject } from '../support/procurement';

/**
 * The contract page's amendment and termination forms, through the route as a browser posts them:
 * who sees which form, bad input answered 400 with a message on the field and nothing written, and
 * the right side's post doing what it says.
 */
const t = setupTestDb();
let bureau: string, hub: string, org: string;
let id = '';
let milestoneId = '';

const amendments = async () => t.db.select().from(contractAmendments).where(eq(contractAmendments.contractId, id)).orderBy(contractAmendments.number);
const contract = async () => (await t.db.select().from(contracts).where(eq(contracts.id, id)))[0]!;
const auditCount = async () => (await t.db.select({ n: sql<number>`count(*)::int` }).from(auditEvents))[0]!.n;
const page = (cookie: string) => callRoute(contractPage.loader, { url: `/contracts/${id}`, cookie, params: { id } });
const post = (cookie: string, form: Record<string, string>) => callRoute(contractPage.action, { url: `/contracts/${id}`, cookie, params: { id }, form });
type PageData = { may: Record<string, unknown>; amendments: { id: string; status: string; number: number }[]; contract: { endDate: string; status: string } };

beforeAll(async () => {
  const A: Record<string, Actor> = {};
  for (const w of ['bureau', 'hub']) A[w] = await actorByEmail(t.db, `${w}@demo.cn`);
  const { projectId } = await awardedProject(t.db, { email: 'hub@demo.cn', orgName: '小寨路街道社区社会组织联合会', price: 80_000_00 });
  const ctx = (a: Actor) => ({ actor: a, requestId: 'contract-page' });
  ({ id } = await draftContract(t.db, ctx(A.bureau!), projectId, {
    amountFen: 80_000_00,
    startDate: '2026-01-01',
    endDate: '2027-12-31',
    paymentRail: 'treasury',
    milestones: [
      { title: '中期报告', kind: 'reporting', dueDate: '2027-06-30' },
      { title: '终期验收', kind: 'delivery', dueDate: '2027-12-31' },
    ],
    tranches: [
      { percent: 50, milestoneIndex: null },
      { percent: 50, milestoneIndex: 1 },
    ],
  }));
  await confirmContract(t.db, ctx(A.bureau!), id);
  await confirmContract(t.db, ctx(A.hub!), id);
  [milestoneId] = (await t.db.select({ id: milestones.id }).from(milestones).where(eq(milestones.contractId, id)).orderBy(milestones.position)).map(
    (m) => m.id,
  ) as [string];
  [bureau, hub, org] = (await Promise.all(['bureau@demo.cn', 'hub@demo.cn', 'org@demo.cn'].map((e) => cookieFor(t.db, e)))) as [string, string, string];
});

describe('amendments on the contract page', () => {
  it('both sides may propose one on a signed contract; only the payer may terminate; outsiders see nothing', async () => {
    const b = (await page(bureau)).data as PageData;
    const h = (await page(hub)).data as PageData;
    expect(b.may).toMatchObject({ amend: true, terminate: true, answerAmendment: null });
    expect(h.may).toMatchObject({ amend: true, terminate: false });
    expect((await page(org)).status).toBe(403);
  });

  it('bad input is answered 400 with a message on the field, and nothing is written', async () => {
    const events = await auditCount();
    let r = await post(hub, { intent: 'amend', endDate: '2027-12-31', [`due_${milestoneId}`]: '2027-06-30', reason: '顺延' });
    expect(r.status).toBe(400);
    expect((r.data as { fieldErrors: Record<string, string> }).fieldErrors).toMatchObject({ changes: 'amendment.errors.empty' });
    r = await post(hub, { intent: 'amend', endDate: '2027-13-40', reason: '' });
    expect(r.status).toBe(400);
    expect((r.data as { fieldErrors: Record<string, string> }).fieldErrors).toMatchObject({ endDate: 'errors.date', reason: 'amendment.errors.reason' });
    // The due date would fall after the new end.
    r = await post(hub, { intent: 'amend', endDate: '2027-05-31', reason: '提前结束服务' });
    expect(r.status).toBe(400);
    expect((r.data as { fieldErrors: Record<string, string> }).fieldErrors).toMatchObject({ [`due_${milestoneId}`]: 'contract.errors.milestoneDue' });
    // What was typed comes back, so the form keeps it.
    expect((r.data as { initialValue: Record<string, string> }).initialValue).toMatchObject({ intent: 'amend', endDate: '2027-05-31', reason: '提前结束服务' });
    expect(await amendments()).toEqual([]);
    expect(await auditCount()).toBe(events);
  });

  it('the hub proposes later dates; the bureau sees it to answer, the hub to withdraw', async () => {
    const r = await post(hub, {
      intent: 'amend',
      endDate: '2028-03-31',
      [`due_${milestoneId}`]: '2027-09-30',
      reason: '社区活动中心装修，中期活动顺延一个季度。',
    });
    expect(r.status).toBe(200);
    expect(r.data).toEqual({ done: 'amendmentProposed', n: 1 });
    const [a] = await amendments();
    expect(a).toMatchObject({ status: 'proposed', proposedBySide: 'payee', changes: { endDate: '2028-03-31', dueDates: { [milestoneId]: '2027-09-30' } } });
    // Only the changed due date is part of it: the final milestone's unchanged date was posted too (by the form) but is not a change.
    expect(Object.keys((a!.changes as { dueDates: object }).dueDates)).toEqual([milestoneId]);
    expect(((await page(bureau)).data as PageData).may).toMatchObject({ answerAmendment: a!.id, withdrawAmendment: null, amend: false });
    expect(((await page(hub)).data as PageData).may).toMatchObject({ answerAmendment: null, withdrawAmendment: a!.id, amend: false });
    // The bureau's workspace lists it to answer; the hub's does not (it waits).
    type Listed = { contracts: { id: string; amendmentToAnswer: { id: string; number: number } | null }[] };
    const listed = async (cookie: string) =>
      ((await callRoute(workspace.loader, { url: '/contracts', cookie })).data as Listed).contracts.find((c) => c.id === id)!;
    expect((await listed(bureau)).amendmentToAnswer).toEqual({ id: a!.id, number: 1 });
    expect((await listed(hub)).amendmentToAnswer).toBeNull();
    // The proposer cannot confirm its own amendment.
    const own = await post(hub, { intent: 'confirmAmendment', amendmentId: a!.id });
    expect(own.status).toBe(409);
  });

  it('a decline needs a reason; a confirmation applies the dates', async () => {
    const [a] = await amendments();
    const r = await post(bureau, { intent: 'declineAmendment', amendmentId: a!.id, reason: '' });
    expect(r.status).toBe(400);
    expect((r.data as { fieldErrors: Record<string, string> }).fieldErrors).toMatchObject({ reason: 'amendment.errors.reason' });
    expect((await amendments())[0]!.status).toBe('proposed');
    expect((await post(bureau, { intent: 'confirmAmendment', amendmentId: a!.id })).data).toEqual({ done: 'amendmentInForce' });
    expect((await contract()).endDate).toBe('2028-03-31');
    const view = (await page(hub)).data as PageData & { milestones: { id: string; dueDate: string }[] };
    expect(view.contract.endDate).toBe('2028-03-31');
    expect(view.milestones.find((m) => m.id === milestoneId)!.dueDate).toBe('2027-09-30');
    expect(view.amendments).toMatchObject([{ number: 1, status: 'inForce' }]);
  });

  it('the bureau proposes, then withdraws; the hub declines the next one with a reason', async () => {
    await post(bureau, { intent: 'amend', endDate: '2028-06-30', reason: '财政年度调整' });
    const [, second] = await amendments();
    expect((await post(hub, { intent: 'withdrawAmendment', amendmentId: second!.id })).status).toBe(409);
    expect((await post(bureau, { intent: 'withdrawAmendment', amendmentId: second!.id })).data).toEqual({ done: 'amendmentWithdrawn' });
    await post(bureau, { intent: 'amend', endDate: '2028-06-30', reason: '财政年度调整，再次提出' });
    const third = (await amendments())[2]!;
    expect((await post(hub, { intent: 'declineAmendment', amendmentId: third.id, reason: '人员已安排到其他项目。' })).data).toEqual({
      done: 'amendmentDeclined',
    });
    expect((await amendments()).map((a) => a.status)).toEqual(['inForce', 'withdrawn', 'declined']);
    expect((await contract()).endDate).toBe('2028-03-31');
  });
});

describe('termination on the contract page', () => {
  it('the payee cannot terminate', async () => {
    const r = await post(hub, { intent: 'terminate', reason: '无法继续履约', understood: 'yes' });
    expect(r.status).toBe(403);
    expect((await contract()).status).toBe('signed');
  });

  it('needs a reason and the acknowledgement; then ends the contract and releases what was not paid', async () => {
    const events = await auditCount();
    const r = await post(bureau, { intent: 'terminate', reason: '' });
    expect(r.status).toBe(400);
    expect((r.data as { fieldErrors: Record<string, string> }).fieldErrors).toMatchObject({
      reason: 'contract.terminate.errors.reason',
      understood: 'contract.terminate.errors.understood',
    });
    expect((await contract()).status).toBe('signed');
    expect(await auditCount()).toBe(events);

    expect((await post(bureau, { intent: 'terminate', reason: '承接方负责人变更，双方协商终止合同。', understood: 'yes' })).data).toEqual({
      done: 'terminated',
    });
    const c = await contract();
    expect(c).toMatchObject({ status: 'terminated', statusReason: '承接方负责人变更，双方协商终止合同。' });
    const view = (await page(bureau)).data as PageData;
    expect(view.may).toMatchObject({ amend: false, terminate: false, pay: [] });
    expect((await checkLedger(t.db)).filter((x) => x.violations.length)).toEqual([]);
  });
});
