import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, contractAmendments, contracts, milestones, tranches } from '#db/schema';
import type { Actor } from '~/domain/permissions';
import { draftContract } from '~/services/draft-contract.server';
import { confirmContract } from '~/services/confirm-contract.server';
import { disburseByTreasury } from '~/services/disburse-tranche.server';
import { closeAmendment, confirmAmendment, proposeAmendment } from '~/services/amend-contract.server';
import { terminateContract } from '~/services/terminate-contract.server';
import { checkLedger } from '~/queries/ledger.server';
import { actorByEmail, setupTestDb } from '../support/db';
import { awardedProject } from '../support/procurement';

const t = setupTestDb();
const A: Record<string, Actor> = {};
const ctx = (a: Actor) => ({ actor: a, requestId: 'changes' });
let contractId = '';

beforeAll(async () => {
  for (const w of ['bureau', 'hub', 'org']) A[w] = await actorByEmail(t.db, `${w}@demo.cn`);
  const { projectId } = await awardedProject(t.db, { email: 'hub@demo.cn', orgName: '小寨路街道社区社会组织联合会', price: 50_000_00 });
  ({ id: contractId } = await draftContract(t.db, ctx(A.bureau!), projectId, {
    amountFen: 50_000_00,
    startDate: '2026-01-01',
    endDate: '2027-12-31',
    paymentRail: 'treasury',
    milestones: [{ title: '终期验收', kind: 'delivery', dueDate: '2027-12-31' }],
    tranches: [
      { percent: 60, milestoneIndex: null },
      { percent: 40, milestoneIndex: 0 },
    ],
  }));
  await confirmContract(t.db, ctx(A.bureau!), contractId);
  await confirmContract(t.db, ctx(A.hub!), contractId);
});

describe('a signed contract changes only by numbered amendments both sides confirm', () => {
  it('the hub proposes a later end; it applies when the bureau confirms', async () => {
    const [m] = await t.db.select().from(milestones).where(eq(milestones.contractId, contractId));
    const { number, id } = await proposeAmendment(
      t.db,
      ctx(A.hub!),
      contractId,
      { endDate: '2028-03-31', dueDates: { [m!.id]: '2028-03-31' } },
      '社区活动中心装修，服务顺延一个季度。',
    );
    expect(number).toBe(1);
    await expect(proposeAmendment(t.db, ctx(A.bureau!), contractId, { endDate: '2028-06-30' }, '再顺延')).rejects.toMatchObject({ code: 'conflict' });
    await expect(confirmAmendment(t.db, ctx(A.hub!), id)).rejects.toMatchObject({ code: 'invalidTransition' });
    await expect(confirmAmendment(t.db, ctx(A.org!), id)).rejects.toMatchObject({ code: 'forbidden' });
    let [c] = await t.db.select().from(contracts).where(eq(contracts.id, contractId));
    expect(c!.endDate).toBe('2027-12-31');
    await confirmAmendment(t.db, ctx(A.bureau!), id);
    [c] = await t.db.select().from(contracts).where(eq(contracts.id, contractId));
    expect(c!.endDate).toBe('2028-03-31');
    const [m2] = await t.db.select().from(milestones).where(eq(milestones.id, m!.id));
    expect(m2!.dueDate).toBe('2028-03-31');
    const rows = await t.db.select().from(contractAmendments).where(eq(contractAmendments.contractId, contractId));
    expect(rows).toHaveLength(1);
    // The record keeps what changed from what, and why.
    expect(rows[0]).toMatchObject({ status: 'inForce', proposedBySide: 'payee', before: { endDate: '2027-12-31', dueDates: { [m!.id]: '2027-12-31' } } });
    const audit = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, contractId), eq(auditEvents.action, 'contract.amend')));
    expect(audit).toHaveLength(1);
    // Settled: it cannot be answered again.
    await expect(confirmAmendment(t.db, ctx(A.bureau!), id)).rejects.toMatchObject({ messageKey: 'amendment.errors.done' });
  });

  it('the other side may decline with a reason, and nothing changes', async () => {
    const before = await t.db.select().from(contracts).where(eq(contracts.id, contractId));
    const { id, number } = await proposeAmendment(t.db, ctx(A.bureau!), contractId, { endDate: '2028-06-30' }, '财政年度调整，再顺延一个季度。');
    expect(number).toBe(2);
    await expect(closeAmendment(t.db, ctx(A.bureau!), id, 'decline', '不同意')).rejects.toMatchObject({ messageKey: 'amendment.errors.otherSide' });
    await expect(closeAmendment(t.db, ctx(A.hub!), id, 'decline', '  ')).rejects.toMatchObject({ messageKey: 'amendment.errors.reason' });
    await closeAmendment(t.db, ctx(A.hub!), id, 'decline', '顺延超出项目服务期，无法安排人员。');
    const [a] = await t.db.select().from(contractAmendments).where(eq(contractAmendments.id, id));
    expect(a).toMatchObject({ status: 'declined', closeReason: '顺延超出项目服务期，无法安排人员。' });
    expect(await t.db.select().from(contracts).where(eq(contracts.id, contractId))).toEqual(before);
    await expect(confirmAmendment(t.db, ctx(A.hub!), id)).rejects.toMatchObject({ messageKey: 'amendment.errors.done' });
  });

  it('only the proposer may withdraw; a withdrawn one frees the way for the next', async () => {
    const { id } = await proposeAmendment(t.db, ctx(A.hub!), contractId, { endDate: '2028-04-30' }, '再顺延一个月。');
    await expect(closeAmendment(t.db, ctx(A.bureau!), id, 'withdraw', '')).rejects.toMatchObject({ messageKey: 'amendment.errors.notProposer' });
    await closeAmendment(t.db, ctx(A.hub!), id, 'withdraw', '');
    const { number } = await proposeAmendment(t.db, ctx(A.hub!), contractId, { endDate: '2028-05-31' }, '顺延两个月。');
    expect(number).toBe(4);
  });

  it('refuses dates outside the period, unchanged dates, and an empty reason', async () => {
    const [m] = await t.db.select().from(milestones).where(eq(milestones.contractId, contractId));
    // Amendment 4 is waiting; a fresh contract is not needed to check the content rules, which come first.
    await expect(proposeAmendment(t.db, ctx(A.bureau!), contractId, { dueDates: { [m!.id]: '2029-01-01' } }, '顺延')).rejects.toMatchObject({
      messageKey: 'contract.errors.milestoneDue',
    });
    await expect(proposeAmendment(t.db, ctx(A.bureau!), contractId, { endDate: '2028-03-31' }, '顺延')).rejects.toMatchObject({
      messageKey: 'amendment.errors.empty',
    });
    await expect(proposeAmendment(t.db, ctx(A.bureau!), contractId, { endDate: '2028-06-30' }, ' ')).rejects.toMatchObject({
      messageKey: 'amendment.errors.reason',
    });
    await expect(proposeAmendment(t.db, ctx(A.org!), contractId, { endDate: '2028-06-30' }, '顺延')).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('termination', () => {
  it('keeps what was paid, releases the rest of the commitment, and ends payments; only the payer may', async () => {
    const ts = await t.db.select().from(tranches).where(eq(tranches.contractId, contractId)).orderBy(tranches.position);
    await disburseByTreasury(t.db, ctx(A.bureau!), ts[0]!.id, { voucherNumber: 'V9', paymentDate: '2027-01-05', bankReference: 'B9' });
    await expect(terminateContract(t.db, ctx(A.hub!), contractId, '服务方无法继续')).rejects.toMatchObject({ code: 'forbidden' });
    const { releasedFen } = await terminateContract(t.db, ctx(A.bureau!), contractId, '服务方无法继续履约，双方协商终止。');
    expect(releasedFen).toBe(20_000_00);
    await expect(
      disburseByTreasury(t.db, ctx(A.bureau!), ts[1]!.id, { voucherNumber: 'V10', paymentDate: '2027-01-05', bankReference: 'B10' }),
    ).rejects.toMatchObject({ code: 'invalidTransition' });
    expect((await checkLedger(t.db)).filter((r) => r.violations.length)).toEqual([]);
    // The amendment that was still waiting is withdrawn with the contract, and no new one can start.
    const open = await t.db
      .select()
      .from(contractAmendments)
      .where(and(eq(contractAmendments.contractId, contractId), eq(contractAmendments.status, 'proposed')));
    expect(open).toEqual([]);
    const [c] = await t.db.select().from(contracts).where(eq(contracts.id, contractId));
    expect(c).toMatchObject({ status: 'terminated', statusReason: '服务方无法继续履约，双方协商终止。' });
    expect(c!.terminatedAt).toBeInstanceOf(Date);
    await expect(proposeAmendment(t.db, ctx(A.hub!), contractId, { endDate: '2028-07-31' }, '顺延')).rejects.toMatchObject({
      messageKey: 'contract.errors.notSigned',
    });
  });
});
