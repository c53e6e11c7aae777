import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { contracts, milestones, tranches } from '#db/schema';
import type { Actor } from '~/domain/permissions';
import * as newContract from '~/routes/projects.$id_.contract.new';
import * as newSubcontract from '~/routes/contracts.$id_.subcontract.new';
import { confirmContract } from '~/services/confirm-contract.server';
import { actorByEmail, setupTestDb } from '../support/db';
import { callRoute, cookieFor } from '../support/routes';
import { awardedProject } from '../support/procurement';

/**
 * The contract and subcontract forms through their routes as a browser posts them (ADR 015): the
 * schedule is two lists of any length, rows are added and removed by list intents without
 * JavaScript (200, the form as it now stands), every problem comes back in one round, "show the
 * split" saves nothing, and a good form drafts the contract with every row.
 */
const t = setupTestDb();
let bureau = '';
let hub = '';
let projectId = '';

const post = (form: Record<string, string>) =>
  callRoute(newContract.action, { url: `/projects/${projectId}/contract/new`, cookie: bureau, params: { id: projectId }, form });
const intent = (value: object) => ({ __intent__: JSON.stringify(value) });
type Reply = { status?: string; initialValue?: Record<string, unknown>; fieldErrors?: Record<string, string>; preview?: boolean };

/** Six milestones (more than the five fixed rows of old) and four tranches. */
const GOOD: Record<string, string> = {
  amount: '80000',
  startDate: '2026-01-01',
  endDate: '2027-12-31',
  paymentRail: 'treasury',
  ...Object.fromEntries(
    Array.from({ length: 6 }, (_, i) => [
      [`milestones[${i}].title`, `第${i + 1}期服务报告`],
      [`milestones[${i}].kind`, i === 5 ? 'delivery' : 'reporting'],
      [`milestones[${i}].dueDate`, `2027-${String(i * 2 + 2).padStart(2, '0')}-28`],
    ]).flat(),
  ),
  'tranches[0].percent': '40',
  'tranches[0].unlock': 'signing',
  'tranches[1].percent': '20',
  'tranches[1].unlock': '2',
  'tranches[2].percent': '20',
  'tranches[2].unlock': '4',
  'tranches[3].percent': '20',
  'tranches[3].unlock': '6',
};

beforeAll(async () => {
  ({ projectId } = await awardedProject(t.db, { email: 'hub@demo.cn', orgName: '小寨路街道社区社会组织联合会', price: 80_000_00 }));
  [bureau, hub] = (await Promise.all(['bureau@demo.cn', 'hub@demo.cn'].map((e) => cookieFor(t.db, e)))) as [string, string];
});

describe('the contract form', () => {
  it('adds and removes rows without JavaScript, keeping what was typed', async () => {
    let r = await post({ ...GOOD, ...intent({ type: 'insert', payload: { name: 'milestones' } }) });
    expect(r.status).toBe(200);
    let value = (r.data as Reply).initialValue!;
    expect((value.milestones as unknown[]).length).toBe(7);
    expect(value.amount).toBe('80000');
    r = await post({ ...GOOD, ...intent({ type: 'remove', payload: { name: 'tranches', index: 1 } }) });
    expect(r.status).toBe(200);
    value = (r.data as Reply).initialValue!;
    expect((value.tranches as { percent: string }[]).map((x) => x.percent)).toEqual(['40', '20', '20']);
  });

  it('reports every problem in one round, each on its row', async () => {
    const r = await post({
      ...GOOD,
      amount: '90000',
      'milestones[1].title': '',
      'milestones[4].dueDate': '2028-03-01',
      'tranches[2].unlock': '9',
      'tranches[3].percent': '10',
    });
    expect(r.status).toBe(400);
    expect((r.data as Reply).fieldErrors).toEqual({
      amount: 'contract.errors.overAward',
      'milestones[1].title': 'contract.errors.milestoneTitle',
      'milestones[4].dueDate': 'contract.errors.milestoneDue',
      'tranches[2].unlock': 'contract.errors.trancheMilestone',
      tranches: 'contract.errors.tranches.sum',
    });
    expect(await t.db.select().from(contracts).where(eq(contracts.projectId, projectId))).toEqual([]);
  });

  it('shows the split without saving, then drafts the contract with every row', async () => {
    let r = await post({ ...GOOD, intent: 'preview' });
    expect(r.status).toBe(200);
    expect((r.data as Reply).preview).toBe(true);
    expect(await t.db.select().from(contracts).where(eq(contracts.projectId, projectId))).toEqual([]);
    // Up to 30% may be subcontracted, the main work kept (ADR 022): the subcontract form below uses it.
    r = await post({ ...GOOD, subcontractPercent: '30', subcontractExcludedWork: '个案关爱服务与项目统筹', intent: 'draft' });
    expect(r.status).toBe(302);
    const [c] = await t.db.select().from(contracts).where(eq(contracts.projectId, projectId));
    expect(r.headers.get('Location')).toBe(`/contracts/${c!.id}?done=drafted`);
    expect(c).toMatchObject({ subcontractMaxPercent: 30, subcontractExcludedWork: '个案关爱服务与项目统筹' });
    const ms = await t.db.select().from(milestones).where(eq(milestones.contractId, c!.id)).orderBy(milestones.position);
    expect(ms.map((m) => m.title)).toEqual(Array.from({ length: 6 }, (_, i) => `第${i + 1}期服务报告`));
    const ts = await t.db.select().from(tranches).where(eq(tranches.contractId, c!.id));
    expect(ts.map((x) => x.amountFen).sort((a, b) => a - b)).toEqual([16_000_00, 16_000_00, 16_000_00, 32_000_00]);
  });
});

describe('the subcontract form', () => {
  it('takes the same lists, and reports the payee and title with the schedule', async () => {
    const [c] = await t.db.select().from(contracts).where(eq(contracts.projectId, projectId));
    const ctx = (a: Actor) => ({ actor: a, requestId: 'contract-form' });
    await confirmContract(t.db, ctx(await actorByEmail(t.db, 'bureau@demo.cn')), c!.id);
    await confirmContract(t.db, ctx(await actorByEmail(t.db, 'hub@demo.cn')), c!.id);
    const r = await callRoute(newSubcontract.action, {
      url: `/contracts/${c!.id}/subcontract/new`,
      cookie: hub,
      params: { id: c!.id },
      form: { ...GOOD, amount: '8000', 'milestones[0].kind': 'sideline', payeeOrganizationId: '', title: '' },
    });
    expect(r.status).toBe(400);
    expect((r.data as Reply).fieldErrors).toEqual({
      payeeOrganizationId: 'subcontract.errors.choose',
      title: 'subcontract.errors.title',
      'milestones[0].kind': 'errors.invalid',
    });
    const more = await callRoute(newSubcontract.action, {
      url: `/contracts/${c!.id}/subcontract/new`,
      cookie: hub,
      params: { id: c!.id },
      form: { ...GOOD, ...intent({ type: 'insert', payload: { name: 'tranches' } }) },
    });
    expect(more.status).toBe(200);
    expect(((more.data as Reply).initialValue!.tranches as unknown[]).length).toBe(5);
    // A browser posts no rail here: a subcontract is paid by treasury transfer.
    const page = await callRoute(newSubcontract.loader, { url: `/contracts/${c!.id}/subcontract/new`, cookie: hub, params: { id: c!.id } });
    const [target] = (page.data as { targets: { id: string }[] }).targets;
    const { paymentRail: _, ...noRail } = GOOD;
    const drafted = await callRoute(newSubcontract.action, {
      url: `/contracts/${c!.id}/subcontract/new`,
      cookie: hub,
      params: { id: c!.id },
      form: { ...noRail, amount: '8000', payeeOrganizationId: target!.id, title: '社区文体助老活动', intent: 'draft' },
    });
    expect(drafted.status).toBe(302);
    const [sub] = await t.db.select().from(contracts).where(eq(contracts.parentContractId, c!.id));
    expect(sub).toMatchObject({ title: '社区文体助老活动', amountFen: 8_000_00, paymentRail: 'treasury', consentDecision: null });
  });
});
