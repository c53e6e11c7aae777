/**
 * The double-entry ledger. Every movement is a transaction whose entries sum to zero (fen).
 * Accounts: a purchaser's funding source (funded by its appropriations, ADR 023: never negative), an
 * appropriation line (the counterpart that funds it), a contract (committed money not yet paid), an
 * organization (money received and not yet passed on). The invariants below are what
 * `npm run ledger:check` and the tests assert after every scenario.
 */
import { budgetViolations, type HoldFacts } from './budget';

export type AccountKind = 'fundingSource' | 'contract' | 'organization' | 'appropriation';

export interface LedgerEntry {
  transactionId: string;
  accountKind: AccountKind;
  accountRef: string;
  amountFen: number;
}

export interface LedgerFacts {
  entries: LedgerEntry[];
  /** Contract amount and what was paid out of it (sum of its paid tranches' payments). */
  contracts: { id: string; amountFen: number; paidFen: number; subcontractedFen: number }[];
  /** Tranche id → number of payment transactions recorded for it. */
  tranchePayments: { trancheId: string; payments: number }[];
  /** Appropriations and what projects hold against them (checked when given). */
  budget?: HoldFacts;
}

export interface InvariantResult {
  name: string;
  violations: string[];
}

export function balance(entries: Pick<LedgerEntry, 'amountFen'>[]): number {
  return entries.reduce((s, e) => s + e.amountFen, 0);
}

export function checkInvariants(facts: LedgerFacts): InvariantResult[] {
  const byTx = new Map<string, number>();
  const byAccount = new Map<string, number>();
  for (const e of facts.entries) {
    byTx.set(e.transactionId, (byTx.get(e.transactionId) ?? 0) + e.amountFen);
    const key = `${e.accountKind}:${e.accountRef}`;
    byAccount.set(key, (byAccount.get(key) ?? 0) + e.amountFen);
  }
  return [
    { name: 'each transaction balances', violations: [...byTx].filter(([, s]) => s !== 0).map(([id, s]) => `transaction ${id} is off by ${s} fen`) },
    {
      name: 'paid on a contract ≤ its amount',
      violations: facts.contracts.filter((c) => c.paidFen > c.amountFen).map((c) => `contract ${c.id} paid ${c.paidFen} of ${c.amountFen} fen`),
    },
    {
      name: 'subcontracted ≤ the contract amount',
      violations: facts.contracts
        .filter((c) => c.subcontractedFen > c.amountFen)
        .map((c) => `contract ${c.id} subcontracted ${c.subcontractedFen} of ${c.amountFen} fen`),
    },
    {
      name: 'a tranche is paid at most once',
      violations: facts.tranchePayments.filter((t) => t.payments > 1).map((t) => `tranche ${t.trancheId} paid ${t.payments} times`),
    },
    {
      name: 'no organization account goes negative',
      violations: [...byAccount].filter(([k, s]) => k.startsWith('organization:') && s < 0).map(([k, s]) => `${k} at ${s} fen`),
    },
    {
      name: 'no contract account goes negative',
      violations: [...byAccount].filter(([k, s]) => k.startsWith('contract:') && s < 0).map(([k, s]) => `${k} at ${s} fen`),
    },
    {
      name: 'no funding-source account goes negative',
      violations: [...byAccount].filter(([k, s]) => k.startsWith('fundingSource:') && s < 0).map(([k, s]) => `${k} at ${s} fen`),
    },
    ...(facts.budget ? budgetViolations(facts.budget) : []),
  ];
}
