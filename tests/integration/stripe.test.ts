import { and, count, eq } from 'drizzle-orm';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, contracts, ledgerTransactions, notifications, organizations, stripeEvents, tranches } from '#db/schema';
import type { Actor } from '~/domain/permissions';
import { draftContract } from '~/services/draft-contract.server';
import { confirmContract } from '~/services/confirm-contract.server';
import { disburseByStripe } from '~/services/disburse-by-stripe.server';
import { checkLedger } from '~/queries/ledger.server';
import { action as stripeWebhook } from '~/routes/webhooks.stripe';
import { actorByEmail, setupTestDb } from '../support/db';
import { awardedProject } from '../support/procurement';
import { startStripeStub, type StripeStub } from '../support/stripe-stub';

// Read by the webhook route through env(), which is first called after this line runs.
const WEBHOOK_SECRET = 'whsec_test_stripe_rail';
process.env.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET;

const t = setupTestDb();
const A: Record<string, Actor> = {};
const ctx = (actor: Actor) => ({ actor, requestId: 'stripe-test' });
const HUB_ACCOUNT = 'acct_1HubXiaozhailu';

let stub: StripeStub;
let client: Stripe;
let contractId: string;
let hubId: string;
/** Seven tranches, all unlocked at signing, one per scenario. */
let T: string[] = [];

async function tranche(id: string) {
  const [row] = await t.db.select().from(tranches).where(eq(tranches.id, id));
  return row!;
}

async function paymentsOf(trancheId: string) {
  const [row] = await t.db
    .select({ n: count() })
    .from(ledgerTransactions)
    .where(and(eq(ledgerTransactions.trancheId, trancheId), eq(ledgerTransactions.kind, 'tranchepayment')));
  return row!.n;
}

/** Rows that any write of this feature would add. */
async function footprint() {
  const [[events], [audit], [ledger]] = await Promise.all([
    t.db.select({ n: count() }).from(stripeEvents),
    t.db.select({ n: count() }).from(auditEvents),
    t.db.select({ n: count() }).from(ledgerTransactions),
  ]);
  return { events: events!.n, audit: audit!.n, ledger: ledger!.n };
}

async function ledgerClean() {
  const results = await checkLedger(t.db);
  expect(results.filter((r) => r.violations.length).map((r) => [r.name, r.violations])).toEqual([]);
}

/** Delivers a webhook the way Stripe does: a POST whose raw body is signed in the Stripe-Signature header. */
async function deliver(payload: string, opts: { secret?: string; timestamp?: number; header?: string | null } = {}) {
  const header =
    opts.header !== undefined
      ? opts.header
      : Stripe.webhooks.generateTestHeaderString({ payload, secret: opts.secret ?? WEBHOOK_SECRET, ...(opts.timestamp ? { timestamp: opts.timestamp } : {}) });
  const headers = new Headers({ 'Content-Type': 'application/json; charset=utf-8', 'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' });
  if (header) headers.set('Stripe-Signature', header);
  const request = new Request('http://localhost/webhooks/stripe', { method: 'POST', headers, body: payload });
  const res = await stripeWebhook({ request, params: {}, context: { requestId: 'stripe-webhook-test', clientIp: '127.0.0.1' } });
  return { status: res.status, body: (await res.json()) as { outcome?: string; error?: string } };
}

beforeAll(async () => {
  stub = await startStripeStub();
  client = new Stripe('sk_test_stub', { host: '127.0.0.1', port: stub.port, protocol: 'http', maxNetworkRetries: 0, timeout: 1000 });
  for (const who of ['bureau', 'hub', 'org', 'station']) A[who] = await actorByEmail(t.db, `${who}@demo.cn`);
  const award = await awardedProject(t.db, { email: 'hub@demo.cn', orgName: '小寨路街道社区社会组织联合会', price: 60_000_00 });
  hubId = award.organizationId;
  ({ id: contractId } = await draftContract(t.db, ctx(A.bureau!), award.projectId, {
    amountFen: 60_000_00,
    startDate: '2026-01-01',
    endDate: '2027-12-31',
    paymentRail: 'stripe',
    milestones: [{ title: '终期验收', kind: 'delivery', dueDate: '2027-12-31' }],
    tranches: [20, 20, 20, 20, 10, 5, 5].map((percent) => ({ percent, milestoneIndex: null })),
  }));
  await t.db.update(organizations).set({ stripeAccountId: HUB_ACCOUNT }).where(eq(organizations.id, hubId));
  await confirmContract(t.db, ctx(A.hub!), contractId);
  await confirmContract(t.db, ctx(A.bureau!), contractId);
  T = (await t.db.select().from(tranches).where(eq(tranches.contractId, contractId)).orderBy(tranches.position)).map((r) => r.id);
});

afterAll(async () => {
  await stub?.close();
});

describe('the stripe rail: a Connect transfer after commit, confirmed by a signed webhook, paid exactly once', () => {
  it('the purchaser disburses: processing with a stored key, one transfer at Stripe, the ledger untouched', async () => {
    const [c] = await t.db.select().from(contracts).where(eq(contracts.id, contractId));
    expect(c).toMatchObject({ status: 'signed', paymentRail: 'stripe' });
    const before = await footprint();
    const r = await disburseByStripe(t.db, ctx(A.bureau!), T[0]!, client);
    expect(r).toMatchObject({ outcome: 'sent' });
    const row = await tranche(T[0]!);
    expect(row).toMatchObject({
      status: 'processing',
      rail: 'stripe',
      idempotencyKey: `tranche-${T[0]}-1`,
      stripeTransferId: r.outcome === 'sent' ? r.transferId : 'x',
      paidAt: null,
    });
    expect(stub.creates).toBe(1);
    expect(stub.keys).toEqual([`tranche-${T[0]}-1`]);
    expect(stub.transfers[0]).toMatchObject({
      amount: row.amountFen,
      currency: 'cny',
      destination: HUB_ACCOUNT,
      transfer_group: contractId,
      metadata: { trancheId: T[0], contractId },
    });
    expect(await paymentsOf(T[0]!)).toBe(0);
    expect((await footprint()).ledger).toBe(before.ledger);
    // Pressing again while Stripe holds the transfer neither calls Stripe nor changes anything.
    expect(await disburseByStripe(t.db, ctx(A.bureau!), T[0]!, client)).toEqual(r);
    expect(stub.calls).toBe(1);
  });

  it('transfer.created confirms it: paid in the ledger once, however often the event is delivered', async () => {
    const transfer = stub.transfer((await tranche(T[0]!)).stripeTransferId!);
    const payload = stub.event('transfer.created', transfer);
    const first = await deliver(payload);
    expect(first).toMatchObject({ status: 200, body: { outcome: 'paid' } });
    const row = await tranche(T[0]!);
    expect(row.status).toBe('paid');
    expect(row.paidAt).not.toBeNull();
    expect(await paymentsOf(T[0]!)).toBe(1);
    for (let i = 0; i < 2; i++) expect(await deliver(payload)).toMatchObject({ status: 200, body: { outcome: 'duplicate' } });
    // Another event about the same transfer (a new id) finds the tranche already paid.
    expect(await deliver(stub.event('transfer.created', transfer))).toMatchObject({ status: 200, body: { outcome: 'ignored' } });
    expect(await paymentsOf(T[0]!)).toBe(1);
    // The hub's administrator is told once, of the amount, by the confirmation (not by the call to Stripe).
    const told = await t.db
      .select()
      .from(notifications)
      .where(eq(notifications.dedupeKey, `tranche.paid:${T[0]}`));
    expect(told.map((n) => [n.kind, n.userId])).toEqual([['tranche.paid', A.hub!.userId]]);
    expect(told[0]!.params).toMatchObject({ amountFen: row.amountFen });
    const [stored] = await t.db
      .select()
      .from(stripeEvents)
      .where(eq(stripeEvents.id, (JSON.parse(payload) as { id: string }).id));
    expect(stored).toMatchObject({ type: 'transfer.created' });
    expect(stored!.processedAt).not.toBeNull();
    await expect(disburseByStripe(t.db, ctx(A.bureau!), T[0]!, client)).rejects.toMatchObject({ code: 'invalidTransition' });
    expect(stub.calls).toBe(1);
    await ledgerClean();
  });

  it('a bad signature, a missing one, a tampered body or a stale timestamp: 400 with a JSON error, nothing written', async () => {
    const transfer = stub.transfer((await tranche(T[0]!)).stripeTransferId!);
    const payload = stub.event('transfer.created', transfer);
    const before = await footprint();
    expect(await deliver(payload, { secret: 'whsec_someone_else' })).toEqual({ status: 400, body: { error: 'invalid signature' } });
    expect(await deliver(payload, { header: null })).toEqual({ status: 400, body: { error: 'missing Stripe-Signature header' } });
    const signed = Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    expect((await deliver(payload.replace(String(transfer.amount), String(transfer.amount * 10)), { header: signed })).status).toBe(400);
    const stale = Math.floor(Date.now() / 1000) - 301;
    expect(await deliver(payload, { timestamp: stale })).toEqual({ status: 400, body: { error: 'invalid signature' } });
    expect((await deliver('not json at all')).status).toBe(400);
    expect(await footprint()).toEqual(before);
  });

  it('an outage (500, a reset connection) leaves the tranche processing with its key; the retry pays exactly once', async () => {
    const creates = stub.creates;
    stub.failNext(1, '500');
    expect(await disburseByStripe(t.db, ctx(A.bureau!), T[1]!, client)).toEqual({ outcome: 'pending', trancheId: T[1], reason: 'unreachable' });
    const key = `tranche-${T[1]}-1`;
    expect(await tranche(T[1]!)).toMatchObject({ status: 'processing', rail: 'stripe', idempotencyKey: key, stripeTransferId: null });
    // The SDK resends once, with the same key, when the connection closes (even with maxNetworkRetries 0).
    stub.failNext(2, 'close');
    expect(await disburseByStripe(t.db, ctx(A.bureau!), T[1]!, client)).toMatchObject({ outcome: 'pending', reason: 'unreachable' });
    expect(await tranche(T[1]!)).toMatchObject({ status: 'processing', idempotencyKey: key });
    expect(stub.creates).toBe(creates);
    const r = await disburseByStripe(t.db, ctx(A.bureau!), T[1]!, client);
    expect(r).toMatchObject({ outcome: 'sent' });
    expect(stub.keys.slice(-4)).toEqual([key, key, key, key]);
    expect(stub.creates).toBe(creates + 1);
    expect(stub.transfers.filter((x) => x.metadata.trancheId === T[1])).toHaveLength(1);
    expect(await paymentsOf(T[1]!)).toBe(0);
    const transfer = stub.transfer(r.outcome === 'sent' ? r.transferId : '');
    expect(await deliver(stub.event('transfer.created', transfer))).toMatchObject({ body: { outcome: 'paid' } });
    expect(await paymentsOf(T[1]!)).toBe(1);
    await ledgerClean();
  });

  it('created at Stripe but the answer lost, and the webhook first (out of order): found by metadata, paid once', async () => {
    stub.failNext(1, 'hang');
    expect(await disburseByStripe(t.db, ctx(A.bureau!), T[2]!, client)).toMatchObject({ outcome: 'pending', reason: 'unreachable' });
    expect(await tranche(T[2]!)).toMatchObject({ status: 'processing', stripeTransferId: null });
    const made = stub.transfers.filter((x) => x.metadata.trancheId === T[2]);
    expect(made).toHaveLength(1);
    expect(await deliver(stub.event('transfer.created', made[0]!))).toMatchObject({ status: 200, body: { outcome: 'paid' } });
    expect(await tranche(T[2]!)).toMatchObject({ status: 'paid', stripeTransferId: made[0]!.id });
    const calls = stub.calls;
    await expect(disburseByStripe(t.db, ctx(A.bureau!), T[2]!, client)).rejects.toMatchObject({ code: 'invalidTransition' });
    expect(stub.calls).toBe(calls);
    expect(await paymentsOf(T[2]!)).toBe(1);
    await ledgerClean();
  });

  it('Stripe refusing the transfer is the fail transition: unlocked again, and the next attempt takes a new key', async () => {
    stub.failNext(1, 'refuse');
    await expect(disburseByStripe(t.db, ctx(A.bureau!), T[3]!, client)).rejects.toMatchObject({
      code: 'invalidInput',
      params: { stripe: 'balance_insufficient' },
    });
    expect(await tranche(T[3]!)).toMatchObject({ status: 'unlocked', stripeTransferId: null });
    const r = await disburseByStripe(t.db, ctx(A.bureau!), T[3]!, client);
    expect(r).toMatchObject({ outcome: 'sent' });
    expect(await tranche(T[3]!)).toMatchObject({ status: 'processing', idempotencyKey: `tranche-${T[3]}-2` });
    expect(stub.keys.filter((k) => k?.startsWith(`tranche-${T[3]}-`))).toEqual([`tranche-${T[3]}-1`, `tranche-${T[3]}-2`]);
    expect(stub.transfers.filter((x) => x.metadata.trancheId === T[3])).toHaveLength(1);
  });

  it('transfer.reversed before confirmation sends the tranche back; a late transfer.created for that transfer pays nothing', async () => {
    const first = await disburseByStripe(t.db, ctx(A.bureau!), T[4]!, client);
    const old = stub.transfer(first.outcome === 'sent' ? first.transferId : '');
    const createdSnapshot = structuredClone(old);
    expect(await deliver(stub.event('transfer.reversed', stub.reverse(old.id)))).toMatchObject({ body: { outcome: 'failed' } });
    expect(await tranche(T[4]!)).toMatchObject({ status: 'unlocked', stripeTransferId: null });
    expect(await deliver(stub.event('transfer.created', createdSnapshot))).toMatchObject({ body: { outcome: 'ignored' } });
    const second = await disburseByStripe(t.db, ctx(A.bureau!), T[4]!, client);
    expect(second).toMatchObject({ outcome: 'sent' });
    // The reversed attempt's transfer.created, delivered again under a new event id, is not this attempt's.
    expect(await deliver(stub.event('transfer.created', createdSnapshot))).toMatchObject({ body: { outcome: 'ignored' } });
    expect(await tranche(T[4]!)).toMatchObject({ status: 'processing', idempotencyKey: `tranche-${T[4]}-2` });
    expect(await paymentsOf(T[4]!)).toBe(0);
    const fresh = stub.transfer(second.outcome === 'sent' ? second.transferId : '');
    expect(await deliver(stub.event('transfer.created', fresh))).toMatchObject({ body: { outcome: 'paid' } });
    expect(await paymentsOf(T[4]!)).toBe(1);
    // Once paid, the reversed attempt's transfer.created (a late redelivery) is still no second payment…
    const reconciles = async () =>
      (
        await t.db
          .select({ n: count() })
          .from(auditEvents)
          .where(and(eq(auditEvents.subjectId, T[4]!), eq(auditEvents.action, 'tranche.stripe.reconcile')))
      )[0]!.n;
    expect(await deliver(stub.event('transfer.created', createdSnapshot))).toMatchObject({ body: { outcome: 'ignored' } });
    expect(await reconciles()).toBe(0);
    // …but a transfer we know nothing of, for the paid tranche, is a person's to reconcile.
    const stranger = { ...structuredClone(fresh), id: 'tr_1UnknownSecondTransfer' };
    expect(await deliver(stub.event('transfer.created', stranger))).toMatchObject({ body: { outcome: 'flagged' } });
    expect(await reconciles()).toBe(1);
    expect(await paymentsOf(T[4]!)).toBe(1);
    await ledgerClean();
  });

  it('a reversal that comes in before Stripe has answered the call: unlocked, the reversed transfer not kept on the tranche', async () => {
    // Stripe makes the transfer but holds its answer; meanwhile the transfer is reversed and the event arrives.
    const release = stub.hold();
    const call = disburseByStripe(t.db, ctx(A.bureau!), T[6]!, client);
    while (!stub.held) await new Promise((resolve) => setTimeout(resolve, 2));
    const made = stub.transfers.find((x) => x.metadata.trancheId === T[6])!;
    expect(await deliver(stub.event('transfer.reversed', stub.reverse(made.id)))).toMatchObject({ body: { outcome: 'failed' } });
    release();
    // The payer is told so, not "sent".
    expect(await call).toEqual({ outcome: 'reversed', trancheId: T[6], transferId: made.id });
    expect(await tranche(T[6]!)).toMatchObject({ status: 'unlocked', stripeTransferId: null, idempotencyKey: `tranche-${T[6]}-1` });
    const sent = await t.db
      .select({ n: count() })
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, T[6]!), eq(auditEvents.action, 'tranche.stripe.sent')));
    expect(sent[0]!.n).toBe(0);
    // The next attempt takes the next key and its own transfer.
    const again = await disburseByStripe(t.db, ctx(A.bureau!), T[6]!, client);
    expect(again).toMatchObject({ outcome: 'sent' });
    expect(await tranche(T[6]!)).toMatchObject({
      status: 'processing',
      idempotencyKey: `tranche-${T[6]}-2`,
      stripeTransferId: again.outcome === 'sent' ? again.transferId : 'x',
    });
    expect(again.outcome === 'sent' && again.transferId).not.toBe(made.id);
    await ledgerClean();
  });

  it('events we do not act on are acknowledged and recorded once', async () => {
    const transfer = stub.transfer((await tranche(T[0]!)).stripeTransferId!);
    expect(await deliver(stub.event('transfer.updated', transfer))).toMatchObject({ status: 200, body: { outcome: 'ignored' } });
  });

  it('only the payer disburses: the payee and another organization are refused, nothing written, Stripe not called', async () => {
    const before = await footprint();
    const calls = stub.calls;
    for (const who of ['hub', 'org', 'station']) await expect(disburseByStripe(t.db, ctx(A[who]!), T[5]!, client)).rejects.toMatchObject({ code: 'forbidden' });
    expect(await tranche(T[5]!)).toMatchObject({ status: 'unlocked', idempotencyKey: null, rail: null });
    expect(await footprint()).toEqual(before);
    expect(stub.calls).toBe(calls);
  });

  it('a payee without a Stripe account is refused before anything is written', async () => {
    await t.db.update(organizations).set({ stripeAccountId: null }).where(eq(organizations.id, hubId));
    const before = await footprint();
    const calls = stub.calls;
    await expect(disburseByStripe(t.db, ctx(A.bureau!), T[5]!, client)).rejects.toMatchObject({
      code: 'invalidInput',
      messageKey: 'tranche.errors.noStripeAccount',
    });
    expect(await tranche(T[5]!)).toMatchObject({ status: 'unlocked', idempotencyKey: null, rail: null });
    expect(await footprint()).toEqual(before);
    expect(stub.calls).toBe(calls);
    await t.db.update(organizations).set({ stripeAccountId: HUB_ACCOUNT }).where(eq(organizations.id, hubId));
    await ledgerClean();
  });
});
