import { and, count, eq, inArray, isNull, lte, or, sql, type SQL, type SQLWrapper, type Subquery } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { contractAmendments, contracts, deliverables, milestones, projects, tranches } from '#db/schema';
import type { Executor } from '#db/client';
import { AMENDMENT_TRANSITIONS, CONTRACT_TRANSITIONS, MILESTONE_TRANSITIONS, TRANCHE_TRANSITIONS, type ContractStatus } from '~/domain/contract';
import {
  amendmentCapabilities,
  consentCapabilities,
  consentPendingOf,
  contractCapabilities,
  milestoneCapabilities,
  payActionOf,
  trancheCapabilities,
  type ContractSide,
} from '~/domain/contract-capabilities';
import { chinaDateOf, signingDeadline } from '~/domain/contract-document';
import { serviceStarted } from '~/domain/contract-execution';
import { addCalendarDays } from '~/domain/working-days';
import { unitKey, type Unit } from './scope';
import type { ListId, WorkItem } from './types';

/**
 * What waits on contracts, on either side (policy §3.4; app/domain/contract-capabilities.ts decides
 * each step). The payer (a purchasing unit, or a hub paying its subcontracts) confirms drafts, gives
 * or refuses consent to its payee's subcontracts, reviews deliverables, pays unlocked tranches and
 * answers the payee's amendments; the payee (an organization) confirms drafts, hands in milestones
 * due within 30 days or returned, and answers the payer's amendments.
 *
 * Each list is one query whose conditions are the states the capability functions allow the step
 * from (the transition tables), so the count queries below use the very same conditions; the
 * capability function is then asked of every row listed.
 */

/** Who is asking: the units and organizations paying, or the organizations paid. `null`: the whole province (the administrator's counts). */
export type ContractScope = { side: 'payer'; units: Unit[]; organizationIds: string[] } | { side: 'payee'; organizationIds: string[] } | null;

/** How far ahead a milestone counts as due (issue 11: the next 30 days; overdue ones too). */
export const MILESTONE_HORIZON_DAYS = 30;

const parents = alias(contracts, 'ws_parent_contracts');
type ContractTable = typeof contracts | typeof parents;

/** The contracts a payer scope pays: its units' main contracts and its organizations' subcontracts (as `sideOf` decides). */
function paidBy(c: ContractTable, units: Unit[], organizationIds: string[]): SQL {
  const parts: SQL[] = units.map((u) => and(isNull(c.payerOrganizationId), eq(c.purchaserRole, u.role), eq(c.purchaserRegionCode, u.regionCode))!);
  if (organizationIds.length) parts.push(inArray(c.payerOrganizationId, organizationIds));
  return parts.length ? or(...parts)! : sql`false`;
}

function scoped(c: ContractTable, scope: ContractScope): SQL | undefined {
  if (!scope) return undefined;
  return scope.side === 'payer' ? paidBy(c, scope.units, scope.organizationIds) : inArray(c.payeeOrganizationId, scope.organizationIds);
}

const sideOfScope = (scope: ContractScope): ContractSide => scope?.side ?? 'payer';

/** The group a row belongs to: the paying unit or organization, or the paid organization. */
function groupOf(side: ContractSide, r: { payerOrgId: string | null; purchaserRole: string | null; purchaserRegionCode: string | null; payeeOrgId: string }) {
  if (side === 'payee') return r.payeeOrgId;
  return r.payerOrgId ?? unitKey({ role: r.purchaserRole ?? '', regionCode: r.purchaserRegionCode ?? '' });
}

const partyOf = (c: ContractTable) => ({
  payerOrgId: c.payerOrganizationId,
  purchaserRole: c.purchaserRole,
  purchaserRegionCode: c.purchaserRegionCode,
  payeeOrgId: c.payeeOrganizationId,
});

const SIGN_FROM = CONTRACT_TRANSITIONS.sign.from;
const SIGNED: ContractStatus[] = ['signed'];

// ---- The lists' conditions, shared by the lists and the counts ----------------------------------------

/** Drafts this side has still to confirm (not a subcontract waiting for the purchaser's consent: it cannot be signed yet). */
function toConfirmWhere(scope: ContractScope): SQL {
  const confirmed = sideOfScope(scope) === 'payer' ? contracts.payerConfirmedAt : contracts.payeeConfirmedAt;
  return and(
    scoped(contracts, scope),
    inArray(contracts.status, SIGN_FROM),
    isNull(confirmed),
    or(isNull(contracts.parentContractId), eq(contracts.consentDecision, 'given')),
  )!;
}

/** Subcontracts under this payer's signed contracts waiting for its written consent (政府采购法 §48). */
function consentsWhere(scope: ContractScope): SQL {
  return and(scoped(parents, scope), eq(parents.status, 'signed'), inArray(contracts.status, SIGN_FROM), isNull(contracts.consentDecision))!;
}

/** The latest round of each submitted milestone of a signed contract, for the payer to accept or return. */
function reviewsWhere(scope: ContractScope): SQL {
  return and(
    scoped(contracts, scope),
    inArray(contracts.status, SIGNED),
    inArray(milestones.status, MILESTONE_TRANSITIONS.accept.from),
    eq(deliverables.status, 'submitted'),
  )!;
}

/** Unlocked tranches of signed or completed contracts, payable today (an advance, or the service period started). */
function paymentsWhere(scope: ContractScope, today: string): SQL {
  return and(
    scoped(contracts, scope),
    inArray(contracts.status, ['signed', 'completed']),
    inArray(tranches.status, TRANCHE_TRANSITIONS.disburse.from),
    or(eq(tranches.advance, true), lte(contracts.startDate, today)),
  )!;
}

/** Amendments the other side proposed to a signed contract, waiting for this side's answer. */
function amendmentsWhere(scope: ContractScope): SQL {
  const other = sideOfScope(scope) === 'payer' ? 'payee' : 'payer';
  return and(
    scoped(contracts, scope),
    inArray(contracts.status, SIGNED),
    inArray(contractAmendments.status, AMENDMENT_TRANSITIONS.confirm.from),
    eq(contractAmendments.proposedBySide, other),
  )!;
}

/** Milestones of signed contracts the payee hands in: returned ones, and pending ones due within the horizon (or late). */
function milestonesWhere(scope: ContractScope, today: string): SQL {
  const horizon = addCalendarDays(today, MILESTONE_HORIZON_DAYS);
  return and(
    scoped(contracts, scope),
    inArray(contracts.status, SIGNED),
    inArray(milestones.status, MILESTONE_TRANSITIONS.submit.from),
    or(eq(milestones.status, 'returned'), lte(milestones.dueDate, horizon)),
  )!;
}

// ---- Queries ------------------------------------------------------------------------------------------

// Each list's query; the counts count the same queries' rows.
const toConfirmQuery = (db: Executor, scope: ContractScope) =>
  db
    .select({
      id: contracts.id,
      title: contracts.title,
      status: contracts.status,
      parentContractId: contracts.parentContractId,
      consentDecision: contracts.consentDecision,
      awardedAt: projects.awardedAt,
      ...partyOf(contracts),
    })
    .from(contracts)
    .leftJoin(projects, and(isNull(contracts.parentContractId), eq(projects.id, contracts.projectId)))
    .where(toConfirmWhere(scope));

const consentsQuery = (db: Executor, scope: ContractScope) =>
  db
    .select({
      id: contracts.id,
      title: contracts.title,
      status: contracts.status,
      consentDecision: contracts.consentDecision,
      parentId: parents.id,
      parentTitle: parents.title,
      parentStatus: parents.status,
      ...partyOf(parents),
    })
    .from(contracts)
    .innerJoin(parents, eq(parents.id, contracts.parentContractId))
    .where(consentsWhere(scope));

const reviewsQuery = (db: Executor, scope: ContractScope) =>
  db
    .select({
      contractId: contracts.id,
      contractTitle: contracts.title,
      contractStatus: contracts.status,
      milestoneId: milestones.id,
      milestoneTitle: milestones.title,
      milestoneStatus: milestones.status,
      startDate: contracts.startDate,
      submittedAt: deliverables.submittedAt,
      ...partyOf(contracts),
    })
    .from(milestones)
    .innerJoin(contracts, eq(contracts.id, milestones.contractId))
    .innerJoin(deliverables, eq(deliverables.milestoneId, milestones.id))
    .where(reviewsWhere(scope));

const paymentsQuery = (db: Executor, scope: ContractScope, today: string) =>
  db
    .select({
      contractId: contracts.id,
      contractTitle: contracts.title,
      contractStatus: contracts.status,
      paymentRail: contracts.paymentRail,
      startDate: contracts.startDate,
      trancheId: tranches.id,
      position: tranches.position,
      trancheStatus: tranches.status,
      advance: tranches.advance,
      rail: tranches.rail,
      idempotencyKey: tranches.idempotencyKey,
      ...partyOf(contracts),
    })
    .from(tranches)
    .innerJoin(contracts, eq(contracts.id, tranches.contractId))
    .where(paymentsWhere(scope, today));

const amendmentsQuery = (db: Executor, scope: ContractScope) =>
  db
    .select({
      contractId: contracts.id,
      contractTitle: contracts.title,
      contractStatus: contracts.status,
      number: contractAmendments.number,
      status: contractAmendments.status,
      proposedBySide: contractAmendments.proposedBySide,
      ...partyOf(contracts),
    })
    .from(contractAmendments)
    .innerJoin(contracts, eq(contracts.id, contractAmendments.contractId))
    .where(amendmentsWhere(scope));

const milestonesQuery = (db: Executor, scope: ContractScope, today: string) =>
  db
    .select({
      contractId: contracts.id,
      contractTitle: contracts.title,
      contractStatus: contracts.status,
      startDate: contracts.startDate,
      milestoneId: milestones.id,
      milestoneTitle: milestones.title,
      milestoneStatus: milestones.status,
      dueDate: milestones.dueDate,
      ...partyOf(contracts),
    })
    .from(milestones)
    .innerJoin(contracts, eq(contracts.id, milestones.contractId))
    .where(milestonesWhere(scope, today));

/** How many rows a list's query gives (the planner drops the columns nobody reads). */
const countOf = (db: Executor, query: { as: (alias: string) => Subquery }, name: string) => db.select({ n: count() }).from(query.as(name));

export type Buckets = Map<string, Partial<Record<ListId, WorkItem[]>>>;

/** Adds an item to a group's list. */
export function put(buckets: Buckets, group: string, list: ListId, item: WorkItem) {
  let lists = buckets.get(group);
  if (!lists) buckets.set(group, (lists = {}));
  (lists[list] ??= []).push(item);
}

const NO_FACTS = { milestones: [], tranches: [], amendmentOpen: false };

/**
 * The contract tasks of a scope, grouped by the unit or organization they wait for (`unitKey` or the
 * organization's id). `today` is the date in China.
 */
export async function contractTasks(db: Executor, scope: Exclude<ContractScope, null>, today: string): Promise<Buckets> {
  const side = scope.side;
  const buckets: Buckets = new Map();
  const [toConfirm, consents, reviews, payments, amendments, due] = await Promise.all([
    toConfirmQuery(db, scope),
    side === 'payer' ? consentsQuery(db, scope) : [],
    side === 'payer' ? reviewsQuery(db, scope) : [],
    side === 'payer' ? paymentsQuery(db, scope, today) : [],
    amendmentsQuery(db, scope),
    side === 'payee' ? milestonesQuery(db, scope, today) : [],
  ]);

  for (const c of toConfirm) {
    const caps = contractCapabilities(side, { status: c.status, confirmedBySide: false, consentPending: consentPendingOf(c) }, NO_FACTS);
    if (!caps.confirm.allowed) continue;
    // A main contract is to be signed within 30 days of the award notice (政府采购法 §46).
    const due = c.awardedAt ? signingDeadline(chinaDateOf(c.awardedAt), today).due : null;
    put(buckets, groupOf(side, c), 'toConfirm', {
      label: { key: 'workspace.item.confirm', params: { title: c.title } },
      due,
      href: `/contracts/${c.id}#confirm-title`,
    });
  }
  for (const s of consents) {
    if (!consentCapabilities('payer', s.parentStatus, s).consent.allowed) continue;
    put(buckets, groupOf('payer', s), 'consents', {
      label: { key: 'workspace.item.consent', params: { title: s.title, parent: s.parentTitle } },
      due: null,
      href: `/contracts/${s.parentId}#consent-${s.id}`,
    });
  }
  for (const r of reviews) {
    const caps = milestoneCapabilities('payer', r.contractStatus, { status: r.milestoneStatus }, serviceStarted(r.startDate, today));
    if (!caps.return.allowed) continue;
    put(buckets, groupOf('payer', r), 'reviews', {
      label: { key: 'workspace.item.review', params: { title: r.milestoneTitle, contract: r.contractTitle, since: r.submittedAt.toISOString() } },
      due: null,
      href: `/contracts/${r.contractId}#review-${r.milestoneId}`,
    });
  }
  for (const p of payments) {
    const caps = trancheCapabilities(
      'payer',
      { status: p.contractStatus, paymentRail: p.paymentRail },
      { status: p.trancheStatus, advance: p.advance, stripeAttempt: p.rail === 'stripe' && !!p.idempotencyKey },
      serviceStarted(p.startDate, today),
    );
    if (!caps[payActionOf(p.paymentRail)].allowed) continue;
    put(buckets, groupOf('payer', p), 'payments', {
      label: { key: 'workspace.item.pay', params: { n: p.position + 1, contract: p.contractTitle } },
      due: null,
      href: `/contracts/${p.contractId}#pay-${p.trancheId}`,
    });
  }
  for (const a of amendments) {
    if (!amendmentCapabilities(side, a.contractStatus, a).confirm.allowed) continue;
    put(buckets, groupOf(side, a), 'amendments', {
      label: { key: 'workspace.item.amendment', params: { n: a.number, contract: a.contractTitle } },
      due: null,
      href: `/contracts/${a.contractId}#answer-amendment-title`,
    });
  }
  for (const m of due) {
    const caps = milestoneCapabilities('payee', m.contractStatus, { status: m.milestoneStatus }, serviceStarted(m.startDate, today));
    if (!caps.submit.allowed) continue;
    const returned = m.milestoneStatus === 'returned';
    put(buckets, groupOf('payee', m), returned ? 'returned' : 'milestonesDue', {
      label: { key: returned ? 'workspace.item.returned' : 'workspace.item.milestone', params: { title: m.milestoneTitle, contract: m.contractTitle } },
      due: m.dueDate,
      href: `/contracts/${m.contractId}#m-${m.milestoneId}`,
    });
  }
  return buckets;
}

/** The count queries of a scope's contract tasks (the same queries as `contractTasks`), to be summed. */
export function contractCountQueries(db: Executor, scope: Exclude<ContractScope, null>, today: string): SQLWrapper[] {
  return scope.side === 'payer'
    ? [
        countOf(db, toConfirmQuery(db, scope), 'ws_confirm'),
        countOf(db, consentsQuery(db, scope), 'ws_consents'),
        countOf(db, reviewsQuery(db, scope), 'ws_reviews'),
        countOf(db, paymentsQuery(db, scope, today), 'ws_payments'),
        countOf(db, amendmentsQuery(db, scope), 'ws_amendments'),
      ]
    : [
        countOf(db, toConfirmQuery(db, scope), 'ws_confirm'),
        countOf(db, milestonesQuery(db, scope, today), 'ws_milestones'),
        countOf(db, amendmentsQuery(db, scope), 'ws_amendments'),
      ];
}

/** The province's contract queues by list (the administrator's counts; the payer's lists and the payees' milestones). */
export async function provinceContractCounts(db: Executor, today: string): Promise<Partial<Record<ListId, number>>> {
  const n = { n: count() };
  const [toConfirm, consents, reviews, payments, amendments] = await Promise.all([
    db.select(n).from(contracts).where(inArray(contracts.status, SIGN_FROM)),
    countOf(db, consentsQuery(db, null), 'ws_consents'),
    countOf(db, reviewsQuery(db, null), 'ws_reviews'),
    countOf(db, paymentsQuery(db, null, today), 'ws_payments'),
    db
      .select(n)
      .from(contractAmendments)
      .innerJoin(contracts, eq(contracts.id, contractAmendments.contractId))
      .where(and(inArray(contracts.status, SIGNED), inArray(contractAmendments.status, AMENDMENT_TRANSITIONS.confirm.from))),
  ]);
  const v = (rows: { n: number }[]) => Number(rows[0]?.n ?? 0);
  return { toConfirm: v(toConfirm), consents: v(consents), reviews: v(reviews), payments: v(payments), amendments: v(amendments) };
}
