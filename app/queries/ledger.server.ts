import { eq, sql } from 'drizzle-orm';
import { contracts, ledgerAccounts, ledgerEntries, ledgerTransactions, tranches } from '#db/schema';
import type { Executor } from '#db/client';
import { checkInvariants, type AccountKind } from '~/domain/ledger';

/** Reads what the invariants need from the database and checks them (npm run ledger:check, tests). */
export async function checkLedger(db: Executor) {
  const [entries, contractRows, payments] = await Promise.all([
    db
      .select({
        transactionId: ledgerEntries.transactionId,
        accountKind: ledgerAccounts.kind,
        accountRef: ledgerAccounts.ref,
        amountFen: ledgerEntries.amountFen,
      })
      .from(ledgerEntries)
      .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, ledgerEntries.accountId)),
    db
      .select({
        id: contracts.id,
        amountFen: contracts.amountFen,
        paidFen: sql<string>`coalesce((SELECT sum(t.amount_fen) FROM ${tranches} t WHERE t.contract_id = ${contracts.id} AND t.status = 'paid'), 0)`,
        subcontractedFen: sql<string>`coalesce((SELECT sum(s.amount_fen) FROM contracts s WHERE s.parent_contract_id = ${contracts.id} AND s.status <> 'terminated'), 0)`,
      })
      .from(contracts),
    db
      .select({ trancheId: ledgerTransactions.trancheId, payments: sql<number>`count(*)::int` })
      .from(ledgerTransactions)
      .where(eq(ledgerTransactions.kind, 'tranchepayment'))
      .groupBy(ledgerTransactions.trancheId),
  ]);
  return checkInvariants({
    entries: entries.map((e) => ({ ...e, accountKind: e.accountKind as AccountKind, amountFen: Number(e.amountFen) })),
    contracts: contractRows.map((c) => ({ id: c.id, amountFen: c.amountFen, paidFen: Number(c.paidFen), subcontractedFen: Number(c.subcontractedFen) })),
    tranchePayments: payments.map((p) => ({ trancheId: p.trancheId!, payments: p.payments })),
  });
}
