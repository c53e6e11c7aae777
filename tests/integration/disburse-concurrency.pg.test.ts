import { and, count, eq } from 'drizzle-orm';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerTransactions, organizations, tranches } from '#db/schema';
import type { Actor } from '~/domain/permissions';
import { draftContract } from '~/services/draft-contract.server';
import { confirmContract } from '~/services/confirm-contract.server';
import { disburseByStripe, type StripeDisbursement } from '~/services/disburse-by-stripe.server';
import { checkLedger } from '~/queries/ledger.server';
import { action as stripeWebhook } from '~/routes/webhooks.stripe';
import { actorByEmail, setupTestDb } from '../support/db';
import { awardedProject } from '../support/procurement';
import { startStripeStub, type StripeStub } from '../support/stripe-stub';

// One tranche, 100 payers pressing "pay" at once, on the server (20 connections' worth).
const WEBHOOK_SECRET = 'whsec_test_concurrency';
process.env.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET;

const t = setupTestDb();
const ctx = (actor: Actor) => ({ actor, requestId: 'disburse-race' });
let stub: StripeStub;
let client: Stripe;
let bureau: Actor;
let trancheId: string;

async function tranche() {
  const [row] = await t.db.select().from(tranches).where(eq(tranches.id, trancheId));
  return row!;
}

async function deliver(payload: string) {
  const headers = new Headers({
    'Content-Type': 'application/json',
    'Stripe-Signature': Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }),
  });
  const res = await stripeWebhook({
    request: new Request('http://localhost/webhooks/stripe', { method: 'POST', headers, body: payload }),
    params: {},
    context: {},
  });
  return { status: res.status, body: (await res.json()) as { outcome?: string } };
}

beforeAll(async () => {
  stub = await startStripeStub();
  client = new Stripe('sk_test_stub', { host: '127.0.0.1', port: stub.port, protocol: 'http', maxNetworkRetries: 0, timeout: 10_000 });
  bureau = await actorByEmail(t.db, 'bureau@demo.cn');
  const hub = await actorByEmail(t.db, 'hub@demo.cn');
  const award = await awardedProject(t.db, { email: 'hub@demo.cn', orgName: '小寨路街道社区社会组织联合会', price: 30_000_00 });
  const { id } = await draftContract(t.db, ctx(bureau), award.projectId, {
    amountFen: 30_000_00,
    startDate: '2026-01-01',
    endDate: '2027-12-31',
    paymentRail: 'stripe',
    milestones: [{ title: '终期验收', kind: 'delivery', dueDate: '2027-12-31' }],
    tranches: [{ percent: 100, milestoneIndex: null }],
  });
  await t.db.update(organizations).set({ stripeAccountId: 'acct_1HubXiaozhailu' }).where(eq(organizations.id, award.organizationId));
  await confirmContract(t.db, ctx(hub), id);
  await confirmContract(t.db, ctx(bureau), id);
  const [only] = await t.db.select({ id: tranches.id }).from(tranches).where(eq(tranches.contractId, id));
  trancheId = only!.id;
});

afterAll(async () => {
  await stub?.close();
});

describe('one tranche, 100 concurrent disbursements (PostgreSQL)', () => {
  it('exactly one transfer at Stripe; every caller gets "sent" or "pending, retry"; no other error', async () => {
    // Stripe takes a moment to answer, so callers that stored nothing new overlap the first request.
    stub.setLatency(40);
    const results = await Promise.allSettled(Array.from({ length: 100 }, () => disburseByStripe(t.db, ctx(bureau), trancheId, client)));
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    const answers = results.map((r) => (r as PromiseFulfilledResult<StripeDisbursement>).value);
    const sent = answers.filter((a) => a.outcome === 'sent');
    const pending = answers.filter((a) => a.outcome === 'pending');
    expect(sent.length + pending.length).toBe(100);
    expect(sent.length).toBeGreaterThan(0);
    // A retry that reached Stripe while the first request with its key was still running.
    for (const p of pending) expect(p).toMatchObject({ reason: 'busy' });

    const row = await tranche();
    expect(stub.creates).toBe(1);
    expect(new Set(stub.keys)).toEqual(new Set([`tranche-${trancheId}-1`]));
    expect(row).toMatchObject({ status: 'processing', rail: 'stripe', idempotencyKey: `tranche-${trancheId}-1`, stripeTransferId: stub.transfers[0]!.id });
    expect(new Set(sent.map((s) => (s.outcome === 'sent' ? s.transferId : '')))).toEqual(new Set([stub.transfers[0]!.id]));
  });

  it('its transfer.created, delivered 20 times at once, pays it once', async () => {
    const payload = stub.event('transfer.created', stub.transfers[0]!);
    const outcomes = (await Promise.all(Array.from({ length: 20 }, () => deliver(payload)))).map((r) => r.body.outcome);
    expect(outcomes.filter((o) => o === 'paid')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(19);
    expect((await tranche()).status).toBe('paid');
    const [payments] = await t.db
      .select({ n: count() })
      .from(ledgerTransactions)
      .where(and(eq(ledgerTransactions.trancheId, trancheId), eq(ledgerTransactions.kind, 'tranchepayment')));
    expect(payments!.n).toBe(1);
    expect((await checkLedger(t.db)).filter((r) => r.violations.length)).toEqual([]);
  });

  it('once paid, 50 more attempts at once are refused as stale and Stripe hears nothing', async () => {
    const calls = stub.calls;
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => disburseByStripe(t.db, ctx(bureau), trancheId, client)));
    for (const r of results) expect(r).toMatchObject({ status: 'rejected', reason: { code: 'invalidTransition' } });
    expect(stub.calls).toBe(calls);
  });
});
