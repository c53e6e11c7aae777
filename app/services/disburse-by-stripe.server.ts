import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { contracts, ledgerAccounts, ledgerEntries, organizations, tranches } from '#db/schema';
import type { Db, Tx } from '#db/client';
import { TRANCHE_TRANSITIONS } from '~/domain/contract';
import { trancheCapabilities } from '~/domain/contract-capabilities';
import { serviceStarted } from '~/domain/contract-execution';
import { canTransition } from '~/domain/transitions';
import { todayInChina } from '~/lib/clock.server';
import { AppError, enforce } from '~/lib/errors';
import { classifyStripeError, stripe } from '~/lib/stripe.server';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';
import { lockTrancheOfContract, type ContractRow } from './contract-common.server';

type TrancheRow = typeof tranches.$inferSelect;

/**
 * What the payer is told. `sent`: Stripe holds the transfer; the tranche stays `processing` until
 * the `transfer.created` webhook confirms it (stripe-webhook.server.ts), which pays it in the
 * ledger. `pending`: Stripe could not be reached or is still working on this key; the tranche is
 * `processing` with its idempotency key stored, and calling again retries with the same key, so
 * Stripe creates the transfer at most once.
 */
export type StripeDisbursement =
  | { outcome: 'sent'; trancheId: string; transferId: string }
  | { outcome: 'pending'; trancheId: string; reason: 'unreachable' | 'busy' }
  /** Stripe made the transfer, but its reversal came in before the answer: the tranche is unlocked again. */
  | { outcome: 'reversed'; trancheId: string; transferId: string };

/**
 * Pays an unlocked tranche of a stripe-rail contract by a Connect transfer to the payee's account
 * (ADR 007). Three steps, never a Stripe call inside a transaction:
 *   1. one transaction: lock, check the payer and the transition, set `processing`, store the
 *      idempotency key (reused by every retry), audit;
 *   2. after commit, `transfers.create` with that key;
 *   3. a small transaction storing the transfer id.
 * Stripe refusing (400/402/404) is the `fail` transition: back to unlocked, and the next attempt
 * gets the next key. `client` defaults to the app's configured SDK; tests pass one aimed at a stub.
 */
export async function disburseByStripe(db: Db, ctx: UseCaseContext, trancheId: string, client?: Stripe): Promise<StripeDisbursement> {
  const attempt = await db.transaction(async (tx) => {
    const { contract, side, role, tranche: t } = await lockTrancheOfContract(tx, ctx.actor, trancheId, 'either');
    const retry = t.status === 'processing' && t.rail === 'stripe' && t.idempotencyKey !== null;
    const started = serviceStarted(contract.startDate, todayInChina());
    enforce(trancheCapabilities(side, contract, { status: t.status, stripeAttempt: retry, advance: t.advance }, started).payStripe);
    const [payee] = await tx
      .select({ stripeAccountId: organizations.stripeAccountId })
      .from(organizations)
      .where(eq(organizations.id, contract.payeeOrganizationId));
    if (!payee?.stripeAccountId) throw new AppError('invalidInput', 'tranche.errors.noStripeAccount');
    // Stripe already answered for this key: nothing to send again, the webhook will confirm.
    if (retry && t.stripeTransferId) return { call: false, transferId: t.stripeTransferId } as const;
    if (!retry) await checkFunds(tx, contract, t);
    const key = retry ? t.idempotencyKey! : nextKey(t);
    await tx.update(tranches).set({ status: 'processing', rail: 'stripe', idempotencyKey: key }).where(eq(tranches.id, t.id));
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: role,
      action: 'tranche.disburse',
      subjectType: 'tranche',
      subjectId: t.id,
      summary: { before: { status: t.status }, after: { status: 'processing' }, amountFen: t.amountFen, rail: 'stripe', idempotencyKey: key, retry },
      requestId: ctx.requestId,
    });
    return { call: true, key, role, amountFen: t.amountFen, destination: payee.stripeAccountId, contractId: contract.id } as const;
  });
  if (!attempt.call) return { outcome: 'sent', trancheId, transferId: attempt.transferId };

  let transfer: Stripe.Transfer;
  try {
    transfer = await (client ?? stripe()).transfers.create(
      {
        amount: attempt.amountFen,
        currency: 'cny',
        destination: attempt.destination,
        transfer_group: attempt.contractId,
        // The key names the attempt, so a late webhook for an earlier, failed attempt is not taken for this one.
        metadata: { trancheId, contractId: attempt.contractId, idempotencyKey: attempt.key },
      },
      { idempotencyKey: attempt.key },
    );
  } catch (e) {
    const failure = classifyStripeError(e);
    if (failure === 'unreachable' || failure === 'busy') return { outcome: 'pending', trancheId, reason: failure };
    if (failure !== 'refused') throw e;
    const code = (e as Stripe.errors.StripeError).code ?? 'refused';
    await db.transaction(async (tx) => {
      const [t] = await tx.select().from(tranches).where(eq(tranches.id, trancheId)).for('update');
      if (t) await failAttempt(tx, t, attempt.key, { actorUserId: ctx.actor.userId, actorRole: attempt.role, requestId: ctx.requestId }, { stripeError: code });
    });
    throw new AppError('invalidInput', 'tranche.errors.stripeRefused', { stripe: code });
  }

  const kept = await db.transaction(async (tx) => {
    const stored = await tx
      .update(tranches)
      .set({ stripeTransferId: transfer.id })
      // Still this attempt and still on its way: a reversal webhook that came in before Stripe's answer
      // has already sent the tranche back to unlocked, and its transfer must not stick to it.
      .where(and(eq(tranches.id, trancheId), eq(tranches.idempotencyKey, attempt.key), eq(tranches.status, 'processing'), isNull(tranches.stripeTransferId)))
      .returning({ id: tranches.id });
    if (!stored.length) {
      // The webhook was faster (paid, or reversed and back to unlocked), or another retry stored it.
      const [t] = await tx.select({ status: tranches.status, key: tranches.idempotencyKey }).from(tranches).where(eq(tranches.id, trancheId));
      return !(t?.status === 'unlocked' && t.key === attempt.key);
    }
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: attempt.role,
      action: 'tranche.stripe.sent',
      subjectType: 'tranche',
      subjectId: trancheId,
      summary: { stripeTransferId: transfer.id, idempotencyKey: attempt.key },
      requestId: ctx.requestId,
    });
    return true;
  });
  return kept ? { outcome: 'sent', trancheId, transferId: transfer.id } : { outcome: 'reversed', trancheId, transferId: transfer.id };
}

/**
 * `tranche-<id>-<n>`: n counts the attempts. A failed attempt leaves its key on the tranche, and
 * Stripe would answer a reused key with that attempt's refusal, so a new attempt takes the next n.
 */
function nextKey(t: TrancheRow): string {
  const last = t.idempotencyKey?.match(/-(\d+)$/);
  return `tranche-${t.id}-${last ? Number(last[1]) + 1 : 1}`;
}

/**
 * The payer must be able to cover this tranche and every other one already on its way through
 * Stripe: the webhook's ledger posting must not be refused for money that has already moved.
 */
async function checkFunds(tx: Tx, contract: ContractRow, t: TrancheRow) {
  const from = contract.payerOrganizationId
    ? ({ kind: 'organization', ref: contract.payerOrganizationId } as const)
    : ({ kind: 'contract', ref: contract.id } as const);
  const [balance] = await tx
    .select({ fen: sql<string>`coalesce(sum(${ledgerEntries.amountFen}), 0)` })
    .from(ledgerEntries)
    .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, ledgerEntries.accountId))
    .where(and(eq(ledgerAccounts.kind, from.kind), eq(ledgerAccounts.ref, from.ref)));
  const [onTheWay] = await tx
    .select({ fen: sql<string>`coalesce(sum(${tranches.amountFen}), 0)` })
    .from(tranches)
    .innerJoin(contracts, eq(contracts.id, tranches.contractId))
    .where(
      and(
        eq(tranches.status, 'processing'),
        ne(tranches.id, t.id),
        contract.payerOrganizationId ? eq(contracts.payerOrganizationId, contract.payerOrganizationId) : eq(contracts.id, contract.id),
      ),
    );
  if (Number(balance!.fen) - Number(onTheWay!.fen) < t.amountFen) {
    throw new AppError('invalidInput', contract.payerOrganizationId ? 'tranche.errors.hubFunds' : 'tranche.errors.overContract');
  }
}

/**
 * The `fail` transition of one attempt (Stripe refused it, or reversed its transfer before we
 * confirmed it): back to unlocked, so the payer may try again with a new key. Does nothing when
 * the tranche has moved on to another attempt or was paid. Call it with the tranche row locked.
 */
export async function failAttempt(
  tx: Tx,
  t: TrancheRow,
  key: string,
  by: { actorUserId: string | null; actorRole: string | null; requestId?: string | null },
  detail: Record<string, unknown>,
): Promise<boolean> {
  if (t.idempotencyKey !== key || !canTransition(TRANCHE_TRANSITIONS, t.status, 'fail')) return false;
  await tx.update(tranches).set({ status: TRANCHE_TRANSITIONS.fail.to, stripeTransferId: null }).where(eq(tranches.id, t.id));
  await recordAudit(tx, {
    ...by,
    action: 'tranche.fail',
    subjectType: 'tranche',
    subjectId: t.id,
    summary: {
      before: { status: t.status },
      after: { status: TRANCHE_TRANSITIONS.fail.to },
      rail: 'stripe',
      idempotencyKey: key,
      stripeTransferId: t.stripeTransferId,
      ...detail,
    },
  });
  return true;
}
