import fc from 'fast-check';
import { and, count, eq, inArray, isNotNull, isNull, ne, or, sql } from 'drizzle-orm';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, contracts, ledgerTransactions, milestones, organizations, stripeEvents, tranches } from '#db/schema';
import type { Actor } from '~/domain/permissions';
import { AppError } from '~/lib/errors';
import { draftContract, draftSubcontract, type ContractTerms } from '~/services/draft-contract.server';
import { confirmContract } from '~/services/confirm-contract.server';
import { decideSubcontractConsent } from '~/services/consent-subcontract.server';
import { reviewDeliverable, submitDeliverable } from '~/services/deliverables.server';
import { disburseByTreasury } from '~/services/disburse-tranche.server';
import { disburseByStripe, type StripeDisbursement } from '~/services/disburse-by-stripe.server';
import { completeContract } from '~/services/complete-contract.server';
import { terminateContract } from '~/services/terminate-contract.server';
import { checkLedger } from '~/queries/ledger.server';
import { action as stripeWebhook } from '~/routes/webhooks.stripe';
import { actorByEmail, setupTestDb } from '../support/db';
import { awardedProject } from '../support/procurement';
import { startStripeStub, type StripeStub, type StubTransfer } from '../support/stripe-stub';

/**
 * A model test of project-based management: random sequences of steps by random people (the
 * purchaser, the hub, the community organization, an outsider) on a treasury contract and its
 * subcontracts, and on a contract paid through Stripe (ADR 007) with the Stripe API stubbed
 * locally (tests/support/stripe-stub.ts): drafting it, disbursing and retrying, outages of Stripe,
 * answers lost in a timeout or slow to come, refusals, reversals in the Dashboard, and webhooks
 * delivered late, twice, out of order, before the API's answer or with a bad signature. A step may
 * be refused (AppError); it must never fail otherwise, and after every step the ledger invariants
 * and the model's own hold. At the end of a run Stripe comes back, every payment in flight is
 * retried and every event delivered: then all money Stripe moved is in the ledger, exactly once.
 * The runs share one database; the seed is fixed and printed, so a failure can be replayed.
 */
const SEED = Number(process.env.MODEL_SEED ?? 20261127);
const RUNS = Number(process.env.MODEL_RUNS ?? 200);

// Read by the webhook route through env(), which is first called after this line runs.
const WEBHOOK_SECRET = 'whsec_test_ledger_model';
process.env.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET;
const HUB_ACCOUNT = 'acct_1HubModelTest';

const t = setupTestDb();
const A: Record<string, Actor> = {};
const done: Record<string, number> = {};
const refused: Record<string, number> = {};
const bump = (counter: Record<string, number>, key: string) => (counter[key] = (counter[key] ?? 0) + 1);
let parentId = '';
let danceId = '';
/** The project whose award the stripe-rail contracts are drafted from (a new one once a contract on it is completed). */
let stripeProjectId = '';

let stub: StripeStub;
/** The app's SDK aimed at the stub; a short timeout, since an answer lost on purpose costs that long. */
let client: Stripe;
/** For settling at the end of a run, when Stripe is healthy again, and for calls whose answer the stub holds back. */
let patientClient: Stripe;
/** Whether the stub is down (every call fails this way) at this point of the run. */
let outage: '500' | 'close' | null = null;

type EventType = 'transfer.created' | 'transfer.reversed' | 'transfer.updated';
/** An event Stripe would send us, with how often it has been delivered so far. */
interface Outgoing {
  id: string;
  type: EventType;
  payload: string;
  transfer: StubTransfer;
  deliveries: number;
}
/** Every event the stub has produced, in the order Stripe would produce them. */
const outbox: Outgoing[] = [];
let creationsSeen = 0;

// Periods that have started (ADR 022), so acceptance and payment are not held for the first day; up to 70% may be subcontracted.
const terms = (amountFen: number, percents: number[]): ContractTerms => ({
  amountFen,
  startDate: '2026-01-01',
  endDate: '2027-12-31',
  paymentRail: 'treasury',
  milestones: [
    { title: '中期', kind: 'reporting', dueDate: '2027-06-30' },
    { title: '终期', kind: 'delivery', dueDate: '2027-12-31' },
  ],
  tranches: percents.map((percent, i) => ({ percent, milestoneIndex: i === 0 ? null : Math.min(i - 1, 1) })),
  subcontracting: { maxPercent: 70, excludedWork: '项目统筹与督导' },
});

/** Payment schedules of the stripe-rail contract: one to three tranches at signing, the others per milestone. */
const STRIPE_SHAPES: ContractTerms['tranches'][] = [
  [
    { percent: 40, milestoneIndex: null },
    { percent: 30, milestoneIndex: 0 },
    { percent: 30, milestoneIndex: 1 },
  ],
  [
    { percent: 25, milestoneIndex: null },
    { percent: 25, milestoneIndex: null },
    { percent: 25, milestoneIndex: 0 },
    { percent: 25, milestoneIndex: 1 },
  ],
  [{ percent: 100, milestoneIndex: null }],
  [
    { percent: 50, milestoneIndex: null },
    { percent: 50, milestoneIndex: 1 },
  ],
  [
    { percent: 20, milestoneIndex: null },
    { percent: 20, milestoneIndex: null },
    { percent: 20, milestoneIndex: null },
    { percent: 40, milestoneIndex: 1 },
  ],
];
const stripeTerms = (amountFen: number, shape: number): ContractTerms => ({
  ...terms(amountFen, [100]),
  paymentRail: 'stripe',
  tranches: STRIPE_SHAPES[shape % STRIPE_SHAPES.length]!,
});

/** Who takes the step: mostly the side whose step it is, sometimes the other side or an outsider. */
type Who = 'right' | 'rightOther' | 'otherSide' | 'outsider';
type OutageMode = 'off' | '500' | 'close' | 'hang' | 'refuse';
type WebhookMode = 'oldest' | 'newest' | 'any' | 'reissue' | 'bad';
type BadSignature = 'secret' | 'missing' | 'tampered' | 'stale';
type Race = 'none' | 'created' | 'reversed';
type Step =
  /** The purchaser drafts a new contract on the stripe rail from an awarded project. */
  | { kind: 'contract'; who: Who; amount: number; shape: number }
  | { kind: 'subcontract'; amount: number; split: number; underStripe: boolean }
  | { kind: 'confirm'; who: Who; target: number; side?: 'payer' | 'payee'; contractIndex?: number }
  | { kind: 'submit'; who: Who; target: number; milestone: number; contractIndex?: number }
  | { kind: 'review'; who: Who; target: number; milestone: number; accept: boolean; contractIndex?: number }
  | { kind: 'disburse'; who: Who; target: number; tranche: number; contractIndex?: number }
  /**
   * Pay a tranche through Stripe; on a tranche already processing this is the retry. `race`: Stripe
   * is slow to answer, and meanwhile its transfer.created comes in, or the transfer is reversed and
   * transfer.reversed comes in.
   */
  | { kind: 'disburseStripe'; who: Who; target: number; tranche: number; race?: Race; contractIndex?: number }
  | { kind: 'complete'; who: Who; target: number; contractIndex?: number }
  | { kind: 'terminate'; who: Who; target: number; contractIndex?: number }
  /** Stripe goes down ('500', 'close') or comes back ('off'); or the next call only loses its answer ('hang') or is refused ('refuse'). */
  | { kind: 'outage'; mode: OutageMode }
  /** Stripe delivers an event: the oldest waiting, the newest waiting (out of order), any again, a new one, or a forged one. */
  | { kind: 'webhook'; mode: WebhookMode; pick: number; twice: boolean; bad: BadSignature }
  /** The platform reverses a transfer in the Dashboard; Stripe may send transfer.reversed at once. */
  | { kind: 'reverse'; pick: number; deliver: boolean }
  /** Whatever the contract's state calls for next (confirm, pay, deliver, review, complete), by `who`. */
  | { kind: 'next'; who: Who; target: number; accept: boolean; focus: boolean; coin: boolean };

const who = fc.constantFrom<Who>('right', 'right', 'right', 'rightOther', 'otherSide', 'outsider');
const target = fc.integer({ min: 0, max: 4 });
const contractStep = fc.record({
  kind: fc.constant('contract' as const),
  who,
  // Sometimes a few fen only, so that a tranche may round to nothing (Stripe refuses a transfer of 0).
  amount: fc.oneof({ weight: 1, arbitrary: fc.integer({ min: 1, max: 20 }) }, { weight: 6, arbitrary: fc.integer({ min: 21, max: 500_000_00 }) }),
  shape: fc.integer({ min: 0, max: STRIPE_SHAPES.length - 1 }),
});
// Weighted towards the steps that move a contract forward, so that runs reach payments often.
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 1, arbitrary: contractStep },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('subcontract' as const),
      amount: fc.integer({ min: 1, max: 4_000_00 }),
      split: fc.integer({ min: 1, max: 99 }),
      underStripe: fc.boolean(),
    }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('confirm' as const), who, target }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('submit' as const), who, target, milestone: fc.integer({ min: 0, max: 1 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('review' as const), who, target, milestone: fc.integer({ min: 0, max: 1 }), accept: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('disburse' as const), who, target, tranche: fc.constantFrom(0, 0, 1, 2) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('disburseStripe' as const),
      who,
      target,
      tranche: fc.integer({ min: 0, max: 3 }),
      race: fc.constantFrom<Race>('none', 'none', 'created', 'reversed'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('complete' as const), who, target }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('terminate' as const), who, target }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('outage' as const), mode: fc.constantFrom<OutageMode>('off', 'off', '500', 'close', 'hang', 'hang', 'refuse') }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('webhook' as const),
      mode: fc.constantFrom<WebhookMode>('oldest', 'oldest', 'newest', 'newest', 'any', 'reissue', 'bad'),
      pick: fc.nat(),
      twice: fc.constantFrom(false, false, true),
      bad: fc.constantFrom<BadSignature>('secret', 'missing', 'tampered', 'stale'),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat(), deliver: fc.boolean() }) },
  { weight: 12, arbitrary: fc.record({ kind: fc.constant('next' as const), who, target, accept: fc.boolean(), focus: fc.boolean(), coin: fc.boolean() }) },
);

beforeAll(async () => {
  for (const w of ['bureau', 'hub', 'org', 'agency']) A[w] = await actorByEmail(t.db, `${w}@demo.cn`);
  const { projectId, organizationId: hubId } = await awardedProject(t.db, { email: 'hub@demo.cn', orgName: '小寨路街道社区社会组织联合会', price: 900_000_00 });
  const { id } = await draftContract(t.db, { actor: A.bureau!, requestId: 'model' }, projectId, terms(900_000_00, [40, 30, 30]));
  parentId = id;
  stripeProjectId = await stripeAward();
  // The hub has a Connect account, so it can be paid on the stripe rail (as in stripe.test.ts).
  await t.db.update(organizations).set({ stripeAccountId: HUB_ACCOUNT }).where(eq(organizations.id, hubId));
  const [dance] = await t.db.select().from(organizations).where(eq(organizations.name, '永松社区夕阳红舞蹈队'));
  danceId = dance!.id;
  stub = await startStripeStub();
  const options = { host: '127.0.0.1', port: stub.port, protocol: 'http', maxNetworkRetries: 0 } as const;
  client = new Stripe('sk_test_stub', { ...options, timeout: 300 });
  patientClient = new Stripe('sk_test_stub', { ...options, timeout: 2_000 });
  console.log(`ledger model test: seed ${SEED}, ${RUNS} runs (replay with MODEL_SEED=${SEED})`);
});

afterAll(async () => {
  await stub?.close();
});

async function stripeAward() {
  const { projectId } = await awardedProject(t.db, { email: 'hub@demo.cn', orgName: '小寨路街道社区社会组织联合会', price: 500_000_00 });
  return projectId;
}

type Kind = 'main' | 'sub' | 'stripe';
interface Target {
  id: string;
  kind: Kind;
}
// The main and the stripe contract are bureau → hub; each subcontract is hub → community organization.
const SIDES: Record<Kind, { payer: string; payee: string; outsider: string }> = {
  main: { payer: 'bureau', payee: 'hub', outsider: 'agency' },
  stripe: { payer: 'bureau', payee: 'hub', outsider: 'agency' },
  sub: { payer: 'hub', payee: 'org', outsider: 'bureau' },
};

async function run(steps: Step[], end: { close: boolean; lifo: boolean }) {
  // Contract 0 is the main contract; then the stripe contract a previous run left open, if any;
  // each run adds its own stripe contract and subcontracts after them.
  const targets: Target[] = [{ id: parentId, kind: 'main' }, ...(await openStripeContracts()).map((c) => ({ id: c.id, kind: 'stripe' as const }))];
  for (const original of steps) {
    bump(done, `gen:${original.kind}`);
    await take(original.kind === 'next' ? await nextStep(original, targets) : original, targets);
  }
  await settle(end);
}

/** Takes one step; then the invariants must hold. */
async function take(s: Step, targets: Target[]) {
  if (s.kind === 'outage') {
    toggleOutage(s.mode);
    await checkAll(s);
    return;
  }
  if (s.kind === 'webhook') {
    await webhookStep(s);
    await checkAll(s);
    return;
  }
  if (s.kind === 'reverse') {
    const ev = reverseStep(s.pick);
    if (ev && s.deliver) await deliverAndCheck(ev);
    await checkAll(s);
    return;
  }
  const index =
    'contractIndex' in s && s.contractIndex !== undefined ? s.contractIndex : 'target' in s ? indexOf(s.target, targets, s.kind === 'disburseStripe') : 0;
  const { id: contractId, kind } = s.kind === 'contract' ? { id: '', kind: 'stripe' as const } : targets[index]!;
  const sides = SIDES[kind];
  const confirmSide = 'side' in s && s.side ? s.side : 'target' in s && s.target % 2 ? 'payee' : 'payer';
  const rightSide = s.kind === 'submit' ? 'payee' : s.kind === 'confirm' ? confirmSide : 'payer';
  const person = !('who' in s)
    ? 'hub'
    : s.who === 'outsider'
      ? sides.outsider
      : s.who === 'otherSide'
        ? sides[rightSide === 'payer' ? 'payee' : 'payer']
        : sides[rightSide];
  const ctx = { actor: A[person]!, requestId: 'model' };
  try {
    if (s.kind === 'contract') {
      const { id } = await draftContract(t.db, ctx, stripeProjectId, stripeTerms(s.amount, s.shape));
      targets.push({ id, kind: 'stripe' });
    } else if (s.kind === 'subcontract') {
      const a = Math.max(1, s.split);
      const stripeParent = [...targets].reverse().find((x) => x.kind === 'stripe');
      const parent = s.underStripe && stripeParent ? stripeParent.id : parentId;
      const { id: subId } = await draftSubcontract(
        t.db,
        ctx,
        parent,
        danceId,
        '模型测试分包',
        terms(
          s.amount,
          [a, 100 - a].filter((x) => x > 0),
        ),
      );
      // The bureau (purchaser of either parent) consents in writing, so the subcontract can be signed.
      await decideSubcontractConsent(t.db, { actor: A.bureau!, requestId: 'model' }, parent, subId, 'given', '同意分包');
      targets.push({ id: subId, kind: 'sub' });
      if (parent !== parentId) bump(done, 'subcontract:underStripe');
    } else if (s.kind === 'confirm') await confirmContract(t.db, ctx, contractId);
    else if (s.kind === 'submit' || s.kind === 'review') {
      const ms = await t.db.select().from(milestones).where(eq(milestones.contractId, contractId)).orderBy(milestones.position);
      const m = ms[s.milestone % ms.length]!;
      if (s.kind === 'submit') await submitDeliverable(t.db, ctx, m.id, { report: '报告', beneficiaries: { allResidents: 10 }, activityCount: 2 });
      else await reviewDeliverable(t.db, ctx, m.id, s.accept ? 'accept' : 'return', s.accept ? '符合合同约定' : '请补充材料');
    } else if (s.kind === 'disburse') {
      const ts = await t.db.select().from(tranches).where(eq(tranches.contractId, contractId)).orderBy(tranches.position);
      await disburseByTreasury(t.db, ctx, ts[s.tranche % ts.length]!.id, { voucherNumber: 'V1', paymentDate: '2027-02-01', bankReference: 'B1' });
    } else if (s.kind === 'disburseStripe') {
      const ts = await t.db.select().from(tranches).where(eq(tranches.contractId, contractId)).orderBy(tranches.position);
      await disburseStripeStep(ctx, ts[s.tranche % ts.length]!, s.race ?? 'none');
    } else if (s.kind === 'terminate') {
      // The main contract stays open across runs so that every run can subcontract under it.
      if (index === 0) return;
      await terminateContract(t.db, ctx, contractId, '模型测试终止');
    } else if (index > 0)
      await completeContract(t.db, ctx, contractId, { rating: 4, comment: '良好', opinion: '按合同约定完成，验收合格。', performanceScore: 85 });
    // (The main contract stays open across runs so that every run can subcontract under it.)
    else return;
    bump(done, s.kind);
    if (kind === 'stripe' && s.kind !== 'contract') bump(done, `${s.kind}:stripe`);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    bump(refused, `${s.kind}:${e.messageKey}`);
  }
  await checkAll(s);
}

describe('ledger invariants under random steps by random roles', () => {
  it(`hold after every step (${RUNS} runs, seed ${SEED})`, async () => {
    // Every run starts by drafting a stripe-rail contract (by a random person: it may be refused, and
    // is when the one a previous run left open is still open). At its end the events still waiting
    // come in oldest or newest first (`lifo`), and the stripe contract is terminated or left open (`close`).
    const runs = fc.record({ first: contractStep, rest: fc.array(step, { minLength: 10, maxLength: 25 }), close: fc.boolean(), lifo: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(runs, ({ first, rest, ...end }) => run([first, ...rest], end)),
      // The runs share one database, so a shrunk sequence would replay on another state: report
      // the failing run as it was (replay the whole property with its seed).
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    const sorted = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
    console.log(`steps carried out ${JSON.stringify(sorted(done))}; refused ${JSON.stringify(sorted(refused))}`);
    // The property is only worth something if money really moved and work was really reviewed (the
    // minimum counts are for 200 runs, scaled down for fewer)…
    const seen = (...names: string[]) => names.reduce((n, name) => n + (done[name] ?? 0), 0);
    const atLeast = (n: number) => Math.floor((n * Math.min(RUNS, 200)) / 200);
    const minimum: [string[], number][] = [
      [['disburse'], 10],
      [['subcontract'], 10],
      [['subcontract:underStripe'], 15],
      [['review'], 5],
      // … and if Stripe really paid, failed, came back and sent its events in every order.
      [['contract'], 50],
      [['review:stripe'], 15],
      [['disburseStripe:sent'], 50],
      [['disburseStripe:retry'], 10],
      [['disburseStripe:pending'], 5],
      [['disburseStripe:stripeRefused'], 1],
      // Rare by nature (a fresh transfer that Stripe makes but answers late); stripe.test.ts has both races deterministically.
      [['disburseStripe:race:created', 'disburseStripe:race:reversed'], 1],
      [['outage:500'], 10],
      [['outage:close'], 10],
      [['outage:hang'], 10],
      [['webhook:paid', 'settle:paid'], 40],
      [['webhook:duplicate'], 30],
      [['webhook:outOfOrder', 'settle:outOfOrder'], 4],
      [['webhook:beforeAnswer', 'settle:beforeAnswer'], 1],
      [['webhook:failed', 'settle:failed'], 5],
      [['webhook:flagged', 'settle:flagged'], 10],
      [['webhook:badSignature'], 25],
      [['settle:retry'], 1],
    ];
    for (const [names, n] of minimum) expect(seen(...names), names.join(' + ')).toBeGreaterThanOrEqual(atLeast(n));
  }, 600_000);
});

/** The stripe-rail steps. */

function toggleOutage(mode: OutageMode) {
  if (mode === 'hang' || mode === 'refuse') stub.failNext(1, mode);
  else stub.setOutage((outage = mode === 'off' ? null : mode));
  bump(done, `outage:${mode}`);
}

type TrancheRow = typeof tranches.$inferSelect;

async function trancheRow(id: string) {
  const [row] = await t.db.select().from(tranches).where(eq(tranches.id, id));
  return row!;
}

/** disburseByStripe, and what it must have done: a refusal changes nothing; an outage leaves a retryable payment. */
async function disburseStripeStep(ctx: { actor: Actor; requestId: string }, before: TrancheRow, race: Race) {
  const calls = stub.calls;
  const creations = stub.creations.length;
  const retry = before.status === 'processing';
  let r: StripeDisbursement;
  let raced: Race = 'none';
  try {
    let answered = false;
    const release = race === 'none' ? () => {} : stub.hold();
    const call = disburseByStripe(t.db, ctx, before.id, race === 'none' ? client : patientClient).finally(() => (answered = true));
    // (Awaited below; this only keeps a refusal during the wait from counting as unhandled.)
    call.catch(() => {});
    if (race !== 'none') {
      // Once Stripe has made the transfer, and before its answer is back: the event comes in first.
      while (!answered && !stub.held && stub.creations.length === creations) await new Promise((resolve) => setTimeout(resolve, 1));
      if (!answered && stub.creations.length > creations) {
        syncOutbox();
        const created = outbox.at(-1)!;
        await deliverAndCheck(race === 'created' ? created : enqueue('transfer.reversed', stub.reverse(created.transfer.id)));
        raced = race;
        bump(done, `disburseStripe:race:${race}`);
      }
      release();
    }
    r = await call;
  } catch (e) {
    syncOutbox();
    if (!(e instanceof AppError)) throw e;
    const after = await trancheRow(before.id);
    if (e.messageKey === 'tranche.errors.stripeRefused') {
      // Stripe declined this attempt: the fail transition, its key kept so the next attempt takes another.
      bump(done, 'disburseStripe:stripeRefused');
      bump(done, `disburseStripe:stripeRefused:${e.params.stripe}`);
      expect(after).toMatchObject({ status: 'unlocked', rail: 'stripe', stripeTransferId: null });
      expect(after.idempotencyKey).toBe(retry ? before.idempotencyKey : nextKey(before));
      expect(stub.creations.length).toBe(creations);
    } else {
      expect(after, `refused (${e.messageKey}), so unchanged`).toEqual(before);
      expect(stub.calls, `refused (${e.messageKey}), so Stripe was not called`).toBe(calls);
    }
    throw e;
  }
  syncOutbox();
  const after = await trancheRow(before.id);
  if (retry) bump(done, 'disburseStripe:retry');
  bump(done, `disburseStripe:${r.outcome}`);
  const key = retry ? before.idempotencyKey : nextKey(before);
  if (raced !== 'none') {
    // The event was first: transfer.created paid the tranche; transfer.reversed sent it back to unlocked
    // (the fail transition, which leaves it no transfer). The answer coming in after must change neither.
    const transferId = outbox.findLast((x) => x.transfer.metadata.idempotencyKey === key)!.transfer.id;
    expect(after, `the answer to the call came in after transfer.${raced}`).toMatchObject(
      raced === 'created'
        ? { status: 'paid', idempotencyKey: key, stripeTransferId: transferId }
        : { status: 'unlocked', idempotencyKey: key, stripeTransferId: null },
    );
    // And the payer is told what happened (unless Stripe's answer itself was lost: pending, retry).
    if (r.outcome !== 'pending') expect(r).toMatchObject({ outcome: raced === 'created' ? 'sent' : 'reversed', transferId });
    return;
  }
  // Whatever happened, the payment is on its way with one key for all its retries.
  expect(after).toMatchObject({ status: 'processing', rail: 'stripe', idempotencyKey: key });
  if (r.outcome === 'sent') {
    expect(after.stripeTransferId).toBe(r.transferId);
    expect(stub.transfer(r.transferId).metadata).toMatchObject({ trancheId: before.id, idempotencyKey: after.idempotencyKey });
    // With Stripe down, `sent` can only be the stored answer to an earlier call.
    if (before.stripeTransferId || outage) {
      expect(before.stripeTransferId).toBe(r.transferId);
      expect(stub.calls).toBe(calls);
    }
  } else expect(after.stripeTransferId).toBeNull();
  // A call made at most one transfer.
  expect(stub.creations.length - creations).toBeLessThanOrEqual(1);
}

function nextKey(t: TrancheRow) {
  const n = /-(\d+)$/.exec(t.idempotencyKey ?? '');
  return `tranche-${t.id}-${n ? Number(n[1]) + 1 : 1}`;
}

/** Stripe sends transfer.created for every transfer it makes: put one in the outbox for each new one. */
function syncOutbox() {
  const made = stub.creations;
  for (; creationsSeen < made.length; creationsSeen++) enqueue('transfer.created', structuredClone(stub.transfer(made[creationsSeen]!.transferId)));
}

function enqueue(type: EventType, transfer: StubTransfer): Outgoing {
  const payload = stub.event(type, transfer);
  const ev: Outgoing = { id: (JSON.parse(payload) as { id: string }).id, type, payload, transfer, deliveries: 0 };
  outbox.push(ev);
  return ev;
}

function reverseStep(pick: number): Outgoing | undefined {
  // One whose transfer.created has not come in yet (its tranche may still be in flight), else now and then one already paid.
  const unconfirmed = new Set(outbox.filter((x) => x.type === 'transfer.created' && !x.deliveries).map((x) => x.transfer.id));
  const all = stub.transfers.filter((x) => !x.reversed);
  const waiting = all.filter((x) => unconfirmed.has(x.id));
  const live = waiting.length ? waiting : pick % 8 ? [] : all.slice(-5);
  if (!live.length) {
    bump(done, 'reverse:nothing');
    return undefined;
  }
  bump(done, waiting.length ? 'reverse:unconfirmed' : 'reverse:confirmed');
  return enqueue('transfer.reversed', stub.reverse(live[pick % live.length]!.id));
}

/** Delivers a webhook the way Stripe does: a POST whose raw body is signed in the Stripe-Signature header. */
async function deliver(payload: string, bad?: BadSignature) {
  const signed = (body: string, extra: { secret?: string; timestamp?: number } = {}) =>
    Stripe.webhooks.generateTestHeaderString({ payload: body, secret: WEBHOOK_SECRET, ...extra });
  const header =
    bad === 'missing'
      ? null
      : bad === 'secret'
        ? signed(payload, { secret: 'whsec_someone_else' })
        : bad === 'stale'
          ? signed(payload, { timestamp: Math.floor(Date.now() / 1000) - 301 })
          : signed(payload);
  // Tampered: the signature is over the real body, the body sent asks for ten times the amount.
  const body = bad === 'tampered' ? payload.replace(/"amount": (\d+)/, (_, n: string) => `"amount": ${Number(n) * 10 + 1}`) : payload;
  const headers = new Headers({ 'Content-Type': 'application/json; charset=utf-8', 'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' });
  if (header) headers.set('Stripe-Signature', header);
  const request = new Request('http://localhost/webhooks/stripe', { method: 'POST', headers, body });
  const res = await stripeWebhook({ request, params: {}, context: { requestId: 'model-webhook', clientIp: '127.0.0.1' } });
  return { status: res.status, body: (await res.json()) as { outcome?: string; error?: string } };
}

/** Rows that any write of a webhook would add or change. */
async function footprint() {
  const [[events], [audit], [ledger], stripeTranches] = await Promise.all([
    t.db.select({ n: count() }).from(stripeEvents),
    t.db.select({ n: count() }).from(auditEvents),
    t.db.select({ n: count() }).from(ledgerTransactions),
    t.db.select().from(tranches).where(eq(tranches.rail, 'stripe')).orderBy(tranches.id),
  ]);
  return { events: events!.n, audit: audit!.n, ledger: ledger!.n, stripeTranches };
}

/** What the app must answer to the first delivery of an event, from the state of the tranche it names (ADR 007). */
function expectedOutcome(ev: Outgoing, t: TrancheRow | undefined): string {
  const tr = ev.transfer;
  if (ev.type === 'transfer.updated' || !t || t.rail !== 'stripe') return 'ignored';
  const sameAttempt = tr.metadata.idempotencyKey === t.idempotencyKey;
  if (ev.type === 'transfer.created') {
    // A transfer of an earlier attempt can only exist if its reversal failed that attempt: not a second payment.
    if (t.status === 'paid') return t.stripeTransferId === tr.id || !sameAttempt ? 'ignored' : 'flagged';
    return t.status === 'processing' && sameAttempt ? (tr.amount === t.amountFen ? 'paid' : 'flagged') : 'ignored';
  }
  if (t.status === 'paid') return t.stripeTransferId === tr.id ? 'flagged' : 'ignored';
  if (!sameAttempt) return 'ignored';
  if (!tr.reversed) return 'flagged';
  return t.status === 'processing' ? 'failed' : 'ignored';
}

async function deliverAndCheck(ev: Outgoing, counter = 'webhook') {
  const [before] = await t.db.select().from(tranches).where(eq(tranches.id, ev.transfer.metadata.trancheId!));
  const expected = ev.deliveries ? 'duplicate' : expectedOutcome(ev, before);
  const res = await deliver(ev.payload);
  expect(res, `delivery ${ev.deliveries + 1} of ${ev.type} ${ev.id} for a tranche ${before?.status} with key ${before?.idempotencyKey}`).toEqual({
    status: 200,
    body: { received: true, eventId: ev.id, outcome: expected },
  });
  ev.deliveries += 1;
  bump(done, `${counter}:${expected}`);
  if (expected === 'paid') {
    const after = await trancheRow(before!.id);
    expect(after).toMatchObject({ status: 'paid', stripeTransferId: ev.transfer.id });
    // Paid by the event before our own call learnt the transfer id: the answer was lost.
    if (!before!.stripeTransferId) bump(done, `${counter}:beforeAnswer`);
  }
}

async function webhookStep(s: Extract<Step, { kind: 'webhook' }>) {
  syncOutbox();
  if (!outbox.length) {
    bump(done, 'webhook:nothing');
    return;
  }
  const waiting = outbox.filter((x) => !x.deliveries);
  const recent = outbox.slice(-12);
  if (s.mode === 'bad') {
    const ev = recent[s.pick % recent.length]!;
    const before = await footprint();
    const res = await deliver(ev.payload, s.bad);
    expect(res.status, `a ${s.bad} signature`).toBe(400);
    expect(res.body.error).toBeTruthy();
    expect(await footprint(), `a ${s.bad} signature writes nothing`).toEqual(before);
    bump(done, 'webhook:badSignature');
    return;
  }
  let ev: Outgoing;
  if (s.mode === 'reissue') {
    // Another event about a transfer Stripe made: the state at creation again, or an update.
    const old = recent[s.pick % recent.length]!;
    ev = s.twice ? enqueue('transfer.updated', structuredClone(stub.transfer(old.transfer.id))) : enqueue(old.type, old.transfer);
  } else if (s.mode === 'any') ev = recent[s.pick % recent.length]!;
  else if (!waiting.length) {
    bump(done, 'webhook:nothingWaiting');
    return;
  } else ev = s.mode === 'oldest' ? waiting[0]! : waiting[waiting.length - 1]!;
  // Out of order: delivered first while an event Stripe produced earlier still waits.
  if (!ev.deliveries && waiting.indexOf(ev) > 0) bump(done, 'webhook:outOfOrder');
  await deliverAndCheck(ev);
  if (s.twice && s.mode !== 'reissue') await deliverAndCheck(ev);
}

/** The stripe-rail contract of the current award, unless terminated. */
async function openStripeContracts() {
  return t.db
    .select({ id: contracts.id, status: contracts.status })
    .from(contracts)
    .where(and(eq(contracts.projectId, stripeProjectId), isNull(contracts.parentContractId), ne(contracts.status, 'terminated')));
}

/**
 * The end of a run: Stripe is healthy again, every event it produced is delivered and each payment
 * still in flight is retried. Then nothing waits, and every transfer Stripe made and did not take
 * back pays its tranche, once. The stripe contract is then terminated (`close`) so that the next
 * run drafts a fresh one, or left open for the next run; a completed one needs a new award.
 */
async function settle({ close, lifo }: { close: boolean; lifo: boolean }) {
  stub.setOutage((outage = null));
  stub.clearFailures();
  const bureau = { actor: A.bureau!, requestId: 'model-settle' };
  for (let round = 0; round < 3; round++) {
    // What Stripe still has to send, oldest first or newest first; then press "pay" again on what still waits.
    const waiting = outbox.filter((x) => !x.deliveries);
    if (lifo && waiting.length > 1) bump(done, 'settle:outOfOrder');
    for (const ev of lifo ? waiting.reverse() : waiting) await deliverAndCheck(ev, 'settle');
    const inFlight = await t.db.select().from(tranches).where(eq(tranches.status, 'processing'));
    for (const row of inFlight) {
      const r = await disburseByStripe(t.db, bureau, row.id, patientClient);
      expect(r, 'a payment in flight can always be retried').toMatchObject({ outcome: 'sent' });
      bump(done, 'settle:retry');
    }
    syncOutbox();
    if (!inFlight.length) break;
  }
  expect(await t.db.select({ id: tranches.id }).from(tranches).where(eq(tranches.status, 'processing')), 'nothing left in flight').toEqual([]);
  const rows = new Map((await t.db.select().from(tranches).where(eq(tranches.rail, 'stripe'))).map((r) => [r.id, r]));
  const unbooked = stub.transfers
    .filter((tr) => !tr.reversed)
    .filter((tr) => {
      const row = rows.get(tr.metadata.trancheId!);
      return row?.status !== 'paid' || row.stripeTransferId !== tr.id;
    })
    .map((tr) => `${tr.id} (${tr.amount} fen) for tranche ${tr.metadata.trancheId}`);
  expect(unbooked, 'every transfer Stripe made and kept is a paid tranche').toEqual([]);
  // A transfer taken back after its tranche was paid stays paid in the ledger, for a person to reconcile (ADR 007).
  const takenBack = stub.transfers
    .filter((tr) => tr.reversed && rows.get(tr.metadata.trancheId!)?.stripeTransferId === tr.id)
    .map((tr) => tr.metadata.trancheId!);
  if (takenBack.length) {
    const flagged = await t.db
      .select({ id: auditEvents.subjectId })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'tranche.stripe.reconcile'), eq(auditEvents.subjectType, 'tranche'), inArray(auditEvents.subjectId, takenBack)));
    const seen = new Set(flagged.map((f) => f.id));
    expect(
      takenBack.filter((id) => !seen.has(id)),
      'a paid tranche whose transfer was reversed is flagged for reconciliation',
    ).toEqual([]);
    done['settle:paidThenReversed'] = takenBack.length;
  }
  for (const c of await openStripeContracts()) {
    if (c.status === 'completed') {
      // Its award can have no other contract: the next one is drafted from a new award.
      stripeProjectId = await stripeAward();
      bump(done, 'settle:newAward');
    } else if (close) {
      await terminateContract(t.db, bureau, c.id, '模型测试：本轮结束');
      bump(done, 'settle:terminate');
    }
  }
  await checkAll({ kind: 'settle' });
}

/** The ledger's invariants (checkLedger) and the model's: Stripe and the ledger agree, tranche by tranche. */
async function checkAll(s: Step | { kind: 'settle' }) {
  const broken = (await checkLedger(t.db)).filter((r) => r.violations.length);
  expect(broken, `after ${JSON.stringify(s)}`).toEqual([]);
  // One query (each costs): the stripe tranches paid, in flight or holding a transfer id, and how paid tranches and payment
  // transactions compare. Any tranche, either rail, must be paid with exactly one payment transaction
  // in the ledger, or not paid and have none; checkLedger has found none paid twice, so equal counts
  // mean the same tranches.
  const joined = await t.db
    .select({
      id: tranches.id,
      status: tranches.status,
      amountFen: tranches.amountFen,
      idempotencyKey: tranches.idempotencyKey,
      stripeTransferId: tranches.stripeTransferId,
      paid: sql<number>`(select count(*)::int from ${tranches} where ${tranches.status} = 'paid')`,
      payments: sql<number>`(select count(*)::int from ${ledgerTransactions} where ${ledgerTransactions.kind} = 'tranchepayment')`,
      paidWithPayment: sql<number>`(select count(*)::int from ${ledgerTransactions} l join ${tranches} p on p.id = l.tranche_id where l.kind = 'tranchepayment' and p.status = 'paid')`,
    })
    .from(sql`(select 1) as one`)
    .leftJoin(tranches, and(eq(tranches.rail, 'stripe'), or(inArray(tranches.status, ['paid', 'processing']), isNotNull(tranches.stripeTransferId))));
  const { paid, payments, paidWithPayment } = joined[0]!;
  const problems = paid === payments && payments === paidWithPayment ? [] : await unmatchedPayments();
  const transfers = new Map(stub.transfers.map((x) => [x.id, x]));
  for (const r of joined) {
    if (!r.id) continue;
    if (r.status === 'processing' && !r.idempotencyKey) problems.push(`tranche ${r.id} is processing without an idempotency key`);
    // A transfer id names the transfer of the current attempt; a tranche sent back to unlocked (the fail transition) has none.
    if (r.status !== 'paid' && r.status !== 'processing') problems.push(`tranche ${r.id} is ${r.status} with transfer ${r.stripeTransferId}`);
    else if (r.status === 'paid' || r.stripeTransferId) {
      const tr = transfers.get(r.stripeTransferId ?? '');
      if (!tr) problems.push(`tranche ${r.id} is ${r.status} with transfer ${r.stripeTransferId}, unknown to Stripe`);
      else if (tr.metadata.trancheId !== r.id || tr.amount !== r.amountFen || tr.metadata.idempotencyKey !== r.idempotencyKey) {
        problems.push(
          `tranche ${r.id} (${r.amountFen} fen, key ${r.idempotencyKey}) is ${r.status} with transfer ${tr.id} of ${tr.amount} fen for ${tr.metadata.trancheId} (${tr.metadata.idempotencyKey})`,
        );
      }
    }
  }
  // At Stripe: one transfer per idempotency key, and per tranche at most one that was not taken back.
  const byKey = new Map<string | null, number>();
  for (const c of stub.creations) byKey.set(c.key, (byKey.get(c.key) ?? 0) + 1);
  for (const [key, n] of byKey) if (key === null || n > 1) problems.push(`idempotency key ${key} made ${n} transfers`);
  const liveByTranche = new Map<string, number>();
  for (const tr of transfers.values()) {
    if (!tr.metadata.idempotencyKey?.startsWith(`tranche-${tr.metadata.trancheId}-`))
      problems.push(`transfer ${tr.id} has key ${tr.metadata.idempotencyKey} for tranche ${tr.metadata.trancheId}`);
    if (!tr.reversed) liveByTranche.set(tr.metadata.trancheId!, (liveByTranche.get(tr.metadata.trancheId!) ?? 0) + 1);
  }
  for (const [id, n] of liveByTranche) if (n > 1) problems.push(`tranche ${id} has ${n} transfers at Stripe`);
  expect(problems, `after ${JSON.stringify(s)}`).toEqual([]);
}

/** The tranches whose status and ledger payments disagree, for the failure message. */
async function unmatchedPayments() {
  const payments = sql<number>`count(${ledgerTransactions.id})::int`;
  const rows = await t.db
    .select({ id: tranches.id, status: tranches.status, payments })
    .from(tranches)
    .leftJoin(ledgerTransactions, and(eq(ledgerTransactions.trancheId, tranches.id), eq(ledgerTransactions.kind, 'tranchepayment')))
    .groupBy(tranches.id)
    .having(sql`${payments} <> (case when ${tranches.status} = 'paid' then 1 else 0 end)`);
  return rows.map((r) => `tranche ${r.id} is ${r.status} with ${r.payments} payment transactions`);
}

/** Which contract a step addresses: mostly the newest of the run, sometimes an older one or the main contract. */
function indexOf(target: number, targets: Target[], stripeFirst = false) {
  if (stripeFirst && target < 4) {
    const i = targets.findLastIndex((x) => x.kind === 'stripe');
    if (i >= 0) return i;
  }
  return Math.max(0, targets.length - 1 - (target >= 2 ? target - 2 : 0));
}

/** Turns a `next` step into the step the target contract's state calls for. */
async function nextStep(s: Extract<Step, { kind: 'next' }>, targets: Target[]): Promise<Step> {
  const index = indexOf(s.target, targets, s.focus);
  const { id, kind } = targets[index]!;
  const [c] = await t.db.select().from(contracts).where(eq(contracts.id, id));
  const ts = await t.db.select().from(tranches).where(eq(tranches.contractId, id)).orderBy(tranches.position);
  const ms = await t.db.select().from(milestones).where(eq(milestones.contractId, id)).orderBy(milestones.position);
  const base = { who: s.who, target: s.target, contractIndex: index };
  if (c!.status === 'draft') return { kind: 'confirm', ...base, side: c!.payerConfirmedAt ? 'payee' : 'payer' };
  if (kind === 'stripe') {
    // With a payment in flight: let Stripe's events come in, pay another tranche meanwhile, or press "pay" again.
    const processing = ts.findIndex((x) => x.status === 'processing');
    const unlocked = ts.findIndex((x) => x.status === 'unlocked');
    if (processing >= 0 && s.accept) return { kind: 'webhook', mode: s.coin ? 'oldest' : 'newest', pick: 0, twice: false, bad: 'secret' };
    if (unlocked >= 0 || processing >= 0) return { kind: 'disburseStripe', ...base, tranche: unlocked >= 0 ? unlocked : processing };
  }
  const unlocked = ts.findIndex((x) => x.status === 'unlocked');
  if (unlocked >= 0) return { kind: kind === 'stripe' ? 'disburseStripe' : 'disburse', ...base, tranche: unlocked };
  const open = ms.findIndex((m) => m.status === 'pending' || m.status === 'returned');
  const submitted = ms.findIndex((m) => m.status === 'submitted');
  if (submitted >= 0) return { kind: 'review', ...base, milestone: submitted, accept: s.accept || s.target === 0 };
  if (open >= 0) return { kind: 'submit', ...base, milestone: open };
  return { kind: 'complete', ...base };
}
