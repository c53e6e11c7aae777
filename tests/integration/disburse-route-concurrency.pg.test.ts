import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, ledgerTransactions, organizations, tranches } from '#db/schema';
import type { Actor } from '~/domain/permissions';
import { resetEnvForTests } from '~/lib/env.server';
import * as contractPage from '~/routes/contracts.$id';
import { draftContract } from '~/services/draft-contract.server';
import { confirmContract } from '~/services/confirm-contract.server';
import { actorByEmail, setupTestDb } from '../support/db';
import { awardedProject } from '../support/procurement';
import { callRoute, cookieFor } from '../support/routes';
import { startStripeStub, type StripeStub } from '../support/stripe-stub';

/**
 * The same race as disburse-concurrency.pg.test.ts, one level up: 100 "pay" buttons posted to the
 * contract page at once by signed-in purchasers, through the route, its authorization and the app's
 * own Stripe client (configured from the environment, pointed at the local stub). The idempotency
 * key is the server's (tranche and attempt), never the browser's, so every post shares it.
 */
const t = setupTestDb();
let stub: StripeStub;
let contractId = '';
let trancheId = '';
let cookies: string[] = [];

beforeAll(async () => {
  stub = await startStripeStub();
  Object.assign(process.env, {
    STRIPE_SECRET_KEY: 'sk_test_route_race',
    STRIPE_API_HOST: '127.0.0.1',
    STRIPE_API_PORT: String(stub.port),
    STRIPE_API_PROTOCOL: 'http',
  });
  resetEnvForTests();
  const ctx = (actor: Actor) => ({ actor, requestId: 'route-race' });
  const bureau = await actorByEmail(t.db, 'bureau@demo.cn');
  const hub = await actorByEmail(t.db, 'hub@demo.cn');
  const award = await awardedProject(t.db, { email: 'hub@demo.cn', orgName: '小寨路街道社区社会组织联合会', price: 20_000_00 });
  ({ id: contractId } = await draftContract(t.db, ctx(bureau), award.projectId, {
    amountFen: 20_000_00,
    startDate: '2026-01-01',
    endDate: '2027-12-31',
    paymentRail: 'stripe',
    milestones: [{ title: '终期验收', kind: 'delivery', dueDate: '2027-12-31' }],
    tranches: [{ percent: 100, milestoneIndex: null }],
  }));
  await t.db.update(organizations).set({ stripeAccountId: 'acct_1HubRouteRace' }).where(eq(organizations.id, award.organizationId));
  await confirmContract(t.db, ctx(hub), contractId);
  await confirmContract(t.db, ctx(bureau), contractId);
  [{ id: trancheId }] = (await t.db.select({ id: tranches.id }).from(tranches).where(eq(tranches.contractId, contractId))) as [{ id: string }];
  // Ten sessions of the bureau (several staff, several tabs), ten posts each.
  cookies = await Promise.all(Array.from({ length: 10 }, () => cookieFor(t.db, 'bureau@demo.cn')));
});

afterAll(async () => {
  await stub?.close();
  for (const k of ['STRIPE_SECRET_KEY', 'STRIPE_API_HOST', 'STRIPE_API_PORT', 'STRIPE_API_PROTOCOL']) delete process.env[k];
  resetEnvForTests();
});

describe('100 concurrent "pay" posts on the contract page (PostgreSQL)', () => {
  it('one transfer at Stripe, one first attempt in the audit log, no 5xx; each post says sent, pending or already done', async () => {
    stub.setLatency(40);
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        callRoute(contractPage.action, {
          url: `/contracts/${contractId}`,
          cookie: cookies[i % cookies.length]!,
          params: { id: contractId },
          form: { intent: 'payStripe', trancheId },
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    // 200 with what happened, or 409 for a post that found the tranche already on its way.
    expect(new Set(statuses)).toEqual(new Set(statuses.filter((s) => s === 200 || s === 409)));
    const done = results.filter((r) => r.status === 200).map((r) => (r.data as { done: string }).done);
    expect(done.length).toBeGreaterThan(0);
    expect(new Set(done).size).toBeLessThanOrEqual(2);
    for (const d of done) expect(['stripeSent', 'stripePending']).toContain(d);

    expect(stub.creates).toBe(1);
    expect(new Set(stub.keys)).toEqual(new Set([`tranche-${trancheId}-1`]));
    const [row] = await t.db.select().from(tranches).where(eq(tranches.id, trancheId));
    expect(row).toMatchObject({ status: 'processing', stripeTransferId: stub.transfers[0]!.id });
    // Every click is in the audit log (a retry says so); one of them started the payment, one recorded Stripe's transfer.
    const audit = await t.db
      .select({ action: auditEvents.action, retry: sql<boolean | null>`(${auditEvents.summary}->>'retry')::boolean` })
      .from(auditEvents)
      .where(eq(auditEvents.subjectId, trancheId));
    expect(audit.filter((a) => a.action === 'tranche.disburse' && a.retry === false)).toHaveLength(1);
    expect(audit.filter((a) => a.action === 'tranche.stripe.sent')).toHaveLength(1);
    const [payments] = await t.db.select({ n: count() }).from(ledgerTransactions).where(eq(ledgerTransactions.trancheId, trancheId));
    // Paid only when Stripe confirms (the webhook); nothing in the ledger yet.
    expect(payments!.n).toBe(0);
  });
});
