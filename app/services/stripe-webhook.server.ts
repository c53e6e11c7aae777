import { and, eq, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { auditEvents, contracts, stripeEvents, tranches } from '#db/schema';
import type { Db, Tx } from '#db/client';
import { TRANCHE_TRANSITIONS } from '~/domain/contract';
import { canTransition } from '~/domain/transitions';
import { now, todayInChina } from '~/lib/clock.server';
import { recordAudit } from './audit.server';
import { failAttempt } from './disburse-by-stripe.server';
import { recordPayment, tellPaid } from './disburse-tranche.server';

type TrancheRow = typeof tranches.$inferSelect;
type By = { actorUserId: null; actorRole: null; requestId: string | null };

/** paid / failed: a tranche changed; flagged: a person must reconcile (audit row); ignored: not ours, or nothing to do. */
export type WebhookOutcome = 'paid' | 'failed' | 'flagged' | 'ignored' | 'duplicate';

/**
 * Applies one verified Stripe event exactly once (ADR 007). The event row is inserted with
 * ON CONFLICT DO NOTHING and locked in the same transaction as its effect: a second delivery,
 * concurrent or later, waits for the first and finds it processed. Events we do not act on are
 * recorded too, so Stripe gets its 2xx and stops redelivering.
 *
 * - `transfer.created`: Stripe has moved the money (Connect transfers have no later "paid" or
 *   "failed" state): the tranche of `metadata.trancheId` is confirmed and paid in the ledger.
 *   Found by metadata, so it works before our own transfer id is stored (out of order).
 * - `transfer.reversed`: the transfer was taken back in full before we confirmed it: the `fail`
 *   transition. After payment, or a partial reversal, only a reconcile audit row: the ledger is
 *   append-only and has no reversal posting.
 */
export async function processStripeEvent(db: Db, event: Stripe.Event, requestId: string | null = null): Promise<{ eventId: string; outcome: WebhookOutcome }> {
  return db.transaction(async (tx) => {
    await tx.insert(stripeEvents).values({ id: event.id, type: event.type, payload: event, receivedAt: now() }).onConflictDoNothing();
    const [row] = await tx.select().from(stripeEvents).where(eq(stripeEvents.id, event.id)).for('update');
    if (row!.processedAt) return { eventId: event.id, outcome: 'duplicate' as const };
    const by: By = { actorUserId: null, actorRole: null, requestId };
    let outcome: WebhookOutcome = 'ignored';
    if (event.type === 'transfer.created') outcome = await confirmTransfer(tx, event.data.object, event.id, by);
    else if (event.type === 'transfer.reversed') outcome = await reverseTransfer(tx, event.data.object, event.id, by);
    await tx.update(stripeEvents).set({ processedAt: now() }).where(eq(stripeEvents.id, event.id));
    return { eventId: event.id, outcome };
  });
}

async function confirmTransfer(tx: Tx, transfer: Stripe.Transfer, eventId: string, by: By): Promise<WebhookOutcome> {
  const t = await lockTrancheOf(tx, transfer);
  if (!t) return 'ignored';
  if (t.status === 'paid') {
    if (t.stripeTransferId === transfer.id || (await reversedEarlier(tx, t, transfer))) return 'ignored';
    return flag(tx, t, by, eventId, 'second transfer for a paid tranche', transfer);
  }
  if (!canTransition(TRANCHE_TRANSITIONS, t.status, 'confirm') || !sameAttempt(t, transfer)) return 'ignored';
  if (transfer.amount !== t.amountFen || transfer.currency !== 'cny') return flag(tx, t, by, eventId, 'amount or currency differs from the tranche', transfer);
  const [contract] = await tx.select().from(contracts).where(eq(contracts.id, t.contractId)).for('update');
  await recordPayment(tx, contract!, t.id, t.amountFen);
  const paidAt = now();
  await tx
    .update(tranches)
    .set({ status: TRANCHE_TRANSITIONS.confirm.to, stripeTransferId: transfer.id, paidAt, paymentDate: todayInChina(new Date(transfer.created * 1000)) })
    .where(eq(tranches.id, t.id));
  await recordAudit(tx, {
    ...by,
    action: 'tranche.pay',
    subjectType: 'tranche',
    subjectId: t.id,
    summary: {
      before: { status: t.status },
      after: { status: TRANCHE_TRANSITIONS.confirm.to },
      amountFen: t.amountFen,
      rail: 'stripe',
      stripeTransferId: transfer.id,
      idempotencyKey: t.idempotencyKey,
      eventId,
    },
  });
  await tellPaid(tx, contract!, t.id, t.amountFen);
  return 'paid';
}

async function reverseTransfer(tx: Tx, transfer: Stripe.Transfer, eventId: string, by: By): Promise<WebhookOutcome> {
  const t = await lockTrancheOf(tx, transfer);
  if (!t) return 'ignored';
  if (t.status === 'paid') return t.stripeTransferId === transfer.id ? flag(tx, t, by, eventId, 'paid transfer reversed', transfer) : 'ignored';
  if (!sameAttempt(t, transfer)) return 'ignored';
  if (!transfer.reversed) return flag(tx, t, by, eventId, 'partial reversal before confirmation', transfer);
  const failed = await failAttempt(tx, t, t.idempotencyKey!, by, { stripeTransferId: transfer.id, amountReversed: transfer.amount_reversed, eventId });
  return failed ? 'failed' : 'ignored';
}

/**
 * A late transfer.created for an earlier attempt of a tranche since paid by a later one: not a second
 * payment when that transfer's reversal failed the earlier attempt (its `tranche.fail` audit row names
 * the transfer). Anything else is a person's to reconcile.
 */
async function reversedEarlier(tx: Tx, t: TrancheRow, transfer: Stripe.Transfer): Promise<boolean> {
  const [row] = await tx
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.subjectType, 'tranche'),
        eq(auditEvents.subjectId, t.id),
        eq(auditEvents.action, 'tranche.fail'),
        sql`${auditEvents.summary}->>'stripeTransferId' = ${transfer.id}`,
      ),
    )
    .limit(1);
  return !!row;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Our tranche for a transfer: by the metadata we sent, else by the transfer id we stored. Locked
 * after its contract, the order every writer follows (see lockTrancheOfContract).
 */
async function lockTrancheOf(tx: Tx, transfer: Stripe.Transfer): Promise<TrancheRow | undefined> {
  const id = transfer.metadata?.trancheId;
  const where = id && UUID.test(id) ? eq(tranches.id, id) : eq(tranches.stripeTransferId, transfer.id);
  const [found] = await tx.select({ id: tranches.id, contractId: tranches.contractId }).from(tranches).where(where);
  if (!found) return undefined;
  await tx.select({ id: contracts.id }).from(contracts).where(eq(contracts.id, found.contractId)).for('update');
  const [t] = await tx.select().from(tranches).where(eq(tranches.id, found.id)).for('update');
  return t?.rail === 'stripe' ? t : undefined;
}

/** Whether the transfer belongs to the tranche's current attempt, not an earlier, failed one. */
function sameAttempt(t: TrancheRow, transfer: Stripe.Transfer): boolean {
  const key = transfer.metadata?.idempotencyKey;
  if (key) return key === t.idempotencyKey;
  return t.stripeTransferId === null || t.stripeTransferId === transfer.id;
}

async function flag(tx: Tx, t: TrancheRow, by: By, eventId: string, problem: string, transfer: Stripe.Transfer): Promise<'flagged'> {
  await recordAudit(tx, {
    ...by,
    action: 'tranche.stripe.reconcile',
    subjectType: 'tranche',
    subjectId: t.id,
    summary: {
      problem,
      status: t.status,
      amountFen: t.amountFen,
      stripeTransferId: transfer.id,
      amount: transfer.amount,
      currency: transfer.currency,
      amountReversed: transfer.amount_reversed,
      eventId,
    },
  });
  return 'flagged';
}
