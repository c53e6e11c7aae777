/**
 * Project-based management at scale (issue 4): a signed contract for every award, with milestones,
 * tranches split to the fen, the first tranche paid (treasury) and the ledger entries that go with
 * it; awards won by hubs get subcontracts to community organizations of their street, also with a
 * first tranche paid out of what the hub received. Bulk data, not audited changes.
 */
import { splitTranches } from '../app/domain/tranches';
import type { contracts, ledgerAccounts, ledgerEntries, ledgerTransactions, milestones, tranches } from '../db/schema';
import type { ProjectRng } from './seed-projects';

export interface AwardForContract {
  projectId: string;
  awardId: string;
  organizationId: string;
  amountFen: number;
  title: string;
  purchaserRole: string;
  purchaserRegionCode: string;
  fundingSource: string;
  awardedAt: Date;
  payeeKind: string;
  payeeRegion: string;
}

export interface ContractPlan {
  contracts: (typeof contracts.$inferInsert & { id: string })[];
  milestones: (typeof milestones.$inferInsert & { id: string })[];
  tranches: (typeof tranches.$inferInsert & { id: string })[];
  accounts: (typeof ledgerAccounts.$inferInsert & { id: string })[];
  transactions: (typeof ledgerTransactions.$inferInsert & { id: string })[];
  entries: (typeof ledgerEntries.$inferInsert)[];
}

const DAY = 86_400_000;

export function generateContracts(
  rng: ProjectRng,
  awards: AwardForContract[],
  communityOrgsByStreet: Map<string, string[]>,
  createdBy: string,
  /** Accounts already in the ledger (the demo's), by `kind:ref`, so they are reused, not duplicated. */
  existingAccounts: Map<string, string> = new Map(),
): ContractPlan {
  const plan: ContractPlan = { contracts: [], milestones: [], tranches: [], accounts: [], transactions: [], entries: [] };
  const accountIds = new Map(existingAccounts);
  const acct = (kind: 'fundingSource' | 'contract' | 'organization', ref: string, name: string) => {
    const key = `${kind}:${ref}`;
    let id = accountIds.get(key);
    if (!id) {
      id = rng.uuid();
      accountIds.set(key, id);
      plan.accounts.push({ id, kind, ref, name });
    }
    return id;
  };
  const post = (kind: 'commitment' | 'tranchepayment', contractId: string, trancheId: string | null, at: Date, from: string, to: string, amountFen: number) => {
    const id = rng.uuid();
    plan.transactions.push({ id, kind, contractId, trancheId, description: kind === 'commitment' ? 'contract signed: amount committed' : 'tranche paid', at });
    plan.entries.push({ transactionId: id, accountId: from, amountFen: -amountFen }, { transactionId: id, accountId: to, amountFen });
  };
  const schedule = (contractId: string, amountFen: number, start: Date, paidFirst: boolean) => {
    const year = start.getUTCFullYear() + 1;
    const ms = [
      { title: '中期报告', kind: 'reporting' as const, dueDate: `${year}-06-30` },
      { title: '终期验收', kind: 'delivery' as const, dueDate: `${year}-12-31` },
    ].map((m, position) => ({ id: rng.uuid(), contractId, position, ...m, status: 'pending' as const }));
    plan.milestones.push(...ms);
    const amounts = splitTranches(amountFen, [50, 30, 20]);
    const ts = amounts.map((amount, position) => ({
      id: rng.uuid(),
      contractId,
      position,
      percent: [50, 30, 20][position]!,
      amountFen: amount,
      milestoneId: position === 0 ? null : ms[position - 1]!.id,
      status: (position === 0 ? (paidFirst ? 'paid' : 'unlocked') : 'locked') as 'paid' | 'unlocked' | 'locked',
      rail: position === 0 && paidFirst ? ('treasury' as const) : null,
      voucherNumber: position === 0 && paidFirst ? `财支-${year}-${rng.int(1000, 9999)}` : null,
      bankReference: position === 0 && paidFirst ? `BANK${rng.int(100000, 999999)}` : null,
      paymentDate: position === 0 && paidFirst ? `${year}-01-15` : null,
      paidAt: position === 0 && paidFirst ? new Date(start.getTime() + 20 * DAY) : null,
    }));
    plan.tranches.push(...ts);
    return ts;
  };

  for (const a of awards) {
    const id = rng.uuid();
    const signedAt = new Date(a.awardedAt.getTime() + 7 * DAY);
    const year = signedAt.getUTCFullYear() + 1;
    plan.contracts.push({
      id,
      projectId: a.projectId,
      awardId: a.awardId,
      purchaserRole: a.purchaserRole,
      purchaserRegionCode: a.purchaserRegionCode,
      payeeOrganizationId: a.organizationId,
      title: a.title,
      amountFen: a.amountFen,
      fundingSource: a.fundingSource,
      startDate: `${year}-01-01`,
      endDate: `${year}-12-31`,
      status: 'signed',
      payerConfirmedAt: signedAt,
      payeeConfirmedAt: signedAt,
      signedAt,
      createdBy,
      createdAt: signedAt,
    });
    const funding = acct('fundingSource', `${a.fundingSource}:${a.purchaserRole}:${a.purchaserRegionCode}`, `${a.fundingSource} ${a.purchaserRegionCode}`);
    const contractAccount = acct('contract', id, a.title);
    const payee = acct('organization', a.organizationId, a.organizationId);
    post('commitment', id, null, signedAt, funding, contractAccount, a.amountFen);
    const paidFirst = rng.chance(0.8);
    const ts = schedule(id, a.amountFen, signedAt, paidFirst);
    if (paidFirst) post('tranchepayment', id, ts[0]!.id, ts[0]!.paidAt!, contractAccount, payee, ts[0]!.amountFen);
    // A hub hands work to community organizations of its street, out of what it received.
    if (a.payeeKind === 'hub' && paidFirst) {
      const pool = communityOrgsByStreet.get(a.payeeRegion.slice(0, 9)) ?? [];
      let budget = ts[0]!.amountFen;
      for (let i = 0; i < Math.min(pool.length, rng.int(1, 3)); i++) {
        const target = pool[rng.int(0, pool.length - 1)]!;
        const amount = Math.floor(a.amountFen * 0.15);
        const sub = rng.uuid();
        plan.contracts.push({
          id: sub,
          projectId: a.projectId,
          parentContractId: id,
          payerOrganizationId: a.organizationId,
          payeeOrganizationId: target,
          title: `${a.title}（分包 ${i + 1}）`,
          amountFen: amount,
          fundingSource: a.fundingSource,
          startDate: `${year}-01-01`,
          endDate: `${year}-12-31`,
          status: 'signed',
          payerConfirmedAt: signedAt,
          payeeConfirmedAt: signedAt,
          signedAt,
          createdBy,
          createdAt: signedAt,
        });
        const first = splitTranches(amount, [50, 30, 20])[0]!;
        const pays = first <= budget;
        const subTs = schedule(sub, amount, signedAt, pays);
        if (pays) {
          budget -= first;
          post('tranchepayment', sub, subTs[0]!.id, subTs[0]!.paidAt!, payee, acct('organization', target, target), first);
        }
      }
    }
  }
  return plan;
}
