import { and, eq, sql } from 'drizzle-orm';
import { ledgerAccounts, ledgerEntries, ledgerTransactions } from '#db/schema';
import type { Tx } from '#db/client';
import { balance, type AccountKind } from '~/domain/ledger';
import { now } from '~/lib/clock.server';

export async function account(tx: Tx, kind: AccountKind, ref: string, name: string): Promise<string> {
  const [found] = await tx
    .select({ id: ledgerAccounts.id })
    .from(ledgerAccounts)
    .where(and(eq(ledgerAccounts.kind, kind), eq(ledgerAccounts.ref, ref)));
  if (found) return found.id;
  const [created] = await tx.insert(ledgerAccounts).values({ kind, ref, name }).onConflictDoNothing().returning({ id: ledgerAccounts.id });
  if (created) return created.id;
  const [again] = await tx
    .select({ id: ledgerAccounts.id })
    .from(ledgerAccounts)
    .where(and(eq(ledgerAccounts.kind, kind), eq(ledgerAccounts.ref, ref)));
  return again!.id;
}

export async function accountBalance(tx: Tx, accountId: string): Promise<number> {
  const rows = await tx.select({ amountFen: ledgerEntries.amountFen }).from(ledgerEntries).where(eq(ledgerEntries.accountId, accountId));
  return balance(rows);
}

/** Namespace of the per-account locks (the two-key advisory form, apart from the audit chain's lock). */
const ACCOUNT_LOCK = 727_061_003;

/**
 * The balance of an account about to be debited, with the account held until the transaction ends.
 * Two payments out of one account under different locks (a hub paying two subcontracts, each
 * holding only its own contract) would otherwise both read the same balance and both spend it.
 * An advisory lock, not FOR UPDATE: the app's role needs no UPDATE right on the append-only ledger.
 */
export async function balanceForDebit(tx: Tx, accountId: string): Promise<number> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${ACCOUNT_LOCK}, hashtext(${accountId}))`);
  return accountBalance(tx, accountId);
}

/** Writes one balanced ledger transaction; an unbalanced one is a bug and throws before writing. */
export async function post(
  tx: Tx,
  t: {
    kind: 'commitment' | 'tranchepayment' | 'appropriation';
    contractId?: string;
    appropriationId?: string;
    trancheId?: string;
    description: string;
    entries: { accountId: string; amountFen: number }[];
  },
) {
  if (balance(t.entries) !== 0 || t.entries.some((e) => !Number.isSafeInteger(e.amountFen)))
    throw new Error(`unbalanced ledger transaction: ${JSON.stringify(t.entries)}`);
  const [row] = await tx
    .insert(ledgerTransactions)
    .values({
      kind: t.kind,
      contractId: t.contractId ?? null,
      appropriationId: t.appropriationId ?? null,
      trancheId: t.trancheId ?? null,
      description: t.description,
      at: now(),
    })
    .returning({ id: ledgerTransactions.id });
  await tx.insert(ledgerEntries).values(t.entries.map((e) => ({ transactionId: row!.id, ...e })));
  return row!.id;
}
