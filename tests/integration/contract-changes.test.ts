import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { contractAmendments, contracts, milestones, tranches } from '#db/schema';
import type { Actor } from '~/domain/permissions';
import { draftContract } from '~/services/draft-contract.server';
import { confirmContract } from '~/services/confirm-contract.server';
import { disburseByTreasury } from '~/services/disburse-tranche.server';
import { confirmAmendment, proposeAmendment } from '~/services/amend-contract.server';
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
    startDate: '2027-01-01',
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
    const { number, id } = await proposeAmendment(t.db, ctx(A.hub!), contractId, { endDate: '2028-03-31', dueDates: { [m!.id]: '2028-03-31' } });
    expect(number).toBe(1);
    await expect(proposeAmendment(t.db, ctx(A.bureau!), contractId, { endDate: '2028-06-30' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(confirmAmendment(t.db, ctx(A.hub!), id)).rejects.toMatchObject({ code: 'invalidTransition' });
    await expect(confirmAmendment(t.db, ctx(A.org!), id)).rejects.toMatchObject({ code: 'forbidden' });
    let [c] = await t.db.select().from(contracts).where(eq(contracts.id, contractId));
    expect(c!.endDate).toBe('2027-12-31');
    await confirmAmendment(t.db, ctx(A.bureau!), id);
    [c] = await t.db.select().from(contracts).where(eq(contracts.id, contractId));
    expect(c!.endDate).toBe('2028-03-31');
    const [m2] = await t.db.select().from(milestones).where(eq(milestones.id, m!.id));
    expect(m2!.dueDate).toBe('2028-03-31');
    expect(await t.db.select().from(contractAmendments).where(eq(contractAmendments.contractId, contractId))).toHaveLength(1);
  });
});

describe('termination', () => {
  it('keeps what was paid, releases the rest of the commitment, and ends payments; only the payer may', async () => {
    const ts = await t.db.select().from(tranches).where(eq(tranches.contractId, contractId)).orderBy(tranches.position);
    await disburseByTreasury(t.db, ctx(A.bureau!), ts[0]!.id, { voucherNumber: 'V9', paymentDate: '2027-01-05', bankReference: 'B9' });
    await expect(terminateContract(t.db, ctx(A.hub!), contractId, '服务方无法继续')).rejects.toMatchObject({ code: 'forbidden' });
    const { releasedFen } = await terminateContract(t.db, ctx(A.bureau!), contractId, '服务方无法继续履约，双方协商终止。');
    expect(releasedFen).toBe(20_000_00);
    await expect(disburseByTreasury(t.db, ctx(A.bureau!), ts[1]!.id, { voucherNumber: 'V10', paymentDate: '2027-01-05', bankReference: 'B10' })).rejects.toMatchObject({ code: 'invalidTransition' });
    expect((await checkLedger(t.db)).filter((r) => r.violations.length)).toEqual([]);
  });
});
