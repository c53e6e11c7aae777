import { and, eq } from 'drizzle-orm';
import { ledgerAccounts, ledgerEntries, ledgerTransactions } from '#db/schema';
import type { Tx } from '#db/client';
import { balance, type AccountKind } from '~/domain/ledger';
import { now } from '~/lib/clock.server';

export async function account(tx: Tx, kind: AccountKind, ref: string, name: string): Promise<string> {
  const [found] = await tx.select({ id: ledgerAccounts.id }).from(ledgerAccounts).where(and(eq(ledgerAccounts.kind, kind), eq(ledgerAccounts.ref, ref)));
  if (found) return found.id;
  const [created] = await tx.insert(ledgerAccounts).values({ kind, ref, name }).onConflictDoNothing().returning({ id: ledgerAccounts.id });
  if (created) return created.id;
  const [again] = await tx.select({ id: ledgerAccounts.id }).from(ledgerAccounts).where(and(eq(ledgerAccounts.kind, kind), eq(ledgerAccounts.ref, ref)));
  return again!.id;
}

export async function accountBalance(tx: Tx, accountId: string): Promise<number> {
  const rows = await tx.select({ amountFen: ledgerEntries.amountFen }).from(ledgerEntries).where(eq(ledgerEntries.accountId, accountId));
  return balance(rows);
}

/** Writes one balanced ledger transaction; an unbalanced one is a bug and throws before writing. */
export async function post(
  tx: Tx,
  t: { kind: 'commitment' | 'tranchepayment'; contractId: string; trancheId?: string; description: string; entries: { accountId: string; amountFen: number }[] },
) {
  if (balance(t.entries) !== 0 || t.entries.some((e) => !Number.isSafeInteger(e.amountFen))) throw new Error(`unbalanced ledger transaction: ${JSON.stringify(t.entries)}`);
  const [row] = await tx
    .insert(ledgerTransactions)
    .values({ kind: t.kind, contractId: t.contractId, trancheId: t.trancheId ?? null, description: t.description, at: now() })
    .returning({ id: ledgerTransactions.id });
  await tx.insert(ledgerEntries).values(t.entries.map((e) => ({ transactionId: row!.id, ...e })));
  return row!.id;
}
