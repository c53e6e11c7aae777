import { and, count, eq, inArray, isNull, lte, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { contractAmendments, contracts, deliverables, milestones, projects, tranches } from '#db/schema';
import type { Executor } from '#db/client';
import {
  AMENDMENT_TRANSITIONS,
  CONTRACT_TRANSITIONS,
  MILESTONE_TRANSITIONS,
  TRANCHE_TRANSITIONS,
  type AmendmentStatus,
  type ContractStatus,
  type MilestoneStatus,
  type TrancheStatus,
} from '~/domain/contract';
import {
  amendmentCapabilities,
  confirmedBy,
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
import { isoText, jsonValue } from '../contracts/rows.server';
import { unitKey, type Unit } from './scope';
import type { ListId, WorkItem } from './types';

/**
 * What waits on contracts, on either side (policy §3.4; app/domain/contract-capabilities.ts decides
 * each step). The payer (a purchasing unit, or a hub paying its subcontracts) confirms drafts, gives
 * or refuses consent to its payee's subcontracts, reviews deliverables, pays unlocked tranches and
 * answers the payee's amendments; the payee (an organization) confirms drafts, hands in milestones
 * due within 30 days or returned, and answers the payer's amendments.
 *
 * The conditions of each list are the states its step starts from (the transition tables), split into
 * what the contract must be and what its child (milestone, tranche, amendment, subcontract) must be.
 * The lists read the scope's contracts once, with the children that wait as JSON (one query); the
 * counts count the same conditions list by list; and every row listed is asked of its capability
 * function.
 */

/** Who is asking: the units and organizations paying, or the organizations paid. `null`: the whole province (the administrator's counts). */
export type ContractScope = { side: 'payer'; units: Unit[]; organizationIds: string[] } | { side: 'payee'; organizationIds: string[] } | null;

/** How far ahead a milestone counts as due (issue 11: the next 30 days; overdue ones too). */
export const MILESTONE_HORIZON_DAYS = 30;

/** A subcontract under the contract being read (for consents), and a subcontract's parent (for the counts). */
const SUBS = 'ws_subcontracts';
const subs = alias(contracts, SUBS);
const parents = alias(contracts, 'ws_parent_contracts');
type ContractTable = typeof contracts | typeof subs | typeof parents;

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
const otherSide = (side: ContractSide): ContractSide => (side === 'payer' ? 'payee' : 'payer');

/** The group a row belongs to: the paying unit or organization, or the paid organization. */
function groupOf(side: ContractSide, r: { payerOrgId: string | null; purchaserRole: string | null; purchaserRegionCode: string | null; payeeOrgId: string }) {
  if (side === 'payee') return r.payeeOrgId;
  return r.payerOrgId ?? unitKey({ role: r.purchaserRole ?? '', regionCode: r.purchaserRegionCode ?? '' });
}

const SIGN_FROM = CONTRACT_TRANSITIONS.sign.from;
const SIGNED: ContractStatus[] = ['signed'];
/** Tranches are paid on signed contracts and, for what was unlocked at the final acceptance, completed ones. */
const PAYABLE: ContractStatus[] = ['signed', 'completed'];

// ---- Conditions: the contract's, then its child's --------------------------------------------------------

/** A draft this side has still to confirm (not a subcontract waiting for the purchaser's consent: it cannot be signed yet). */
function toConfirmWhere(c: ContractTable, side: ContractSide): SQL {
  return and(
    inArray(c.status, SIGN_FROM),
    isNull(side === 'payer' ? c.payerConfirmedAt : c.payeeConfirmedAt),
    or(isNull(c.parentContractId), eq(c.consentDecision, 'given')),
  )!;
}

/** A subcontract waiting for the parent purchaser's written consent (政府采购法 §48), under a signed parent. */
const consentChild = (sub: ContractTable) => and(inArray(sub.status, SIGN_FROM), isNull(sub.consentDecision))!;
/** The latest round of a submitted milestone, for the payer to accept or return. */
const reviewChild = () => and(inArray(milestones.status, MILESTONE_TRANSITIONS.accept.from), eq(deliverables.status, 'submitted'))!;
/** An unlocked tranche payable today: an advance, or the service period started. */
const paymentChild = (today: string) =>
  and(inArray(tranches.status, TRANCHE_TRANSITIONS.disburse.from), or(eq(tranches.advance, true), lte(contracts.startDate, today)))!;
/** An amendment the other side proposed, waiting for this side's answer. */
const amendmentChild = (side: ContractSide) =>
  and(inArray(contractAmendments.status, AMENDMENT_TRANSITIONS.confirm.from), eq(contractAmendments.proposedBySide, otherSide(side)))!;
/** A milestone the payee hands in: returned, or pending and due within the horizon (or late). */
const milestoneChild = (today: string) =>
  and(
    inArray(milestones.status, MILESTONE_TRANSITIONS.submit.from),
    or(eq(milestones.status, 'returned'), lte(milestones.dueDate, addCalendarDays(today, MILESTONE_HORIZON_DAYS))),
  )!;

// ---- The lists ------------------------------------------------------------------------------------------

export type Buckets = Map<string, Partial<Record<ListId, WorkItem[]>>>;

/** Adds an item to a group's list. */
export function put(buckets: Buckets, group: string, list: ListId, item: WorkItem) {
  let lists = buckets.get(group);
  if (!lists) buckets.set(group, (lists = {}));
  (lists[list] ??= []).push(item);
}

const NO_FACTS = { milestones: [], tranches: [], amendmentOpen: false };

interface SubJson {
  id: string;
  title: string;
  status: ContractStatus;
  consentDecision: string | null;
}
interface ReviewJson {
  id: string;
  title: string;
  status: MilestoneStatus;
  submittedAt: string;
}
interface PaymentJson {
  id: string;
  position: number;
  status: TrancheStatus;
  advance: boolean;
  rail: 'treasury' | 'stripe' | null;
  attempted: boolean;
}
interface AmendmentJson {
  number: number;
  status: AmendmentStatus;
  proposedBySide: ContractSide;
}
interface MilestoneJson {
  id: string;
  title: string;
  status: MilestoneStatus;
  dueDate: string;
}

/** A correlated JSON array of the rows waiting under the contract, only when the contract is in one of `states`. */
function childrenWhile(states: readonly ContractStatus[], subquery: SQL) {
  return sql`CASE WHEN ${inArray(contracts.status, states)} THEN (${subquery}) END`;
}

/**
 * The contract tasks of a scope, grouped by the unit or organization they wait for (`unitKey` or the
 * organization's id): the scope's open contracts read once, each with its waiting children. `today`
 * is the date in China.
 */
export async function contractTasks(db: Executor, scope: Exclude<ContractScope, null>, today: string): Promise<Buckets> {
  const side = scope.side;
  const payer = side === 'payer';
  const buckets: Buckets = new Map();
  const none = sql`NULL`;
  // The children are read by correlated subqueries written as SQL; the join to projects makes drizzle
  // name every column with its table (a single-table select would leave "id" to the inner table).
  const rows = await db
    .select({
      id: contracts.id,
      title: contracts.title,
      status: contracts.status,
      parentContractId: contracts.parentContractId,
      consentDecision: contracts.consentDecision,
      payerConfirmedAt: contracts.payerConfirmedAt,
      payeeConfirmedAt: contracts.payeeConfirmedAt,
      paymentRail: contracts.paymentRail,
      startDate: contracts.startDate,
      awardedAt: projects.awardedAt,
      payerOrgId: contracts.payerOrganizationId,
      purchaserRole: contracts.purchaserRole,
      purchaserRegionCode: contracts.purchaserRegionCode,
      payeeOrgId: contracts.payeeOrganizationId,
      consents: payer
        ? childrenWhile(
            SIGNED,
            sql`SELECT json_agg(json_build_object('id', ${subs.id}, 'title', ${subs.title}, 'status', ${subs.status}, 'consentDecision', ${subs.consentDecision}))
                FROM ${contracts} ${sql.identifier(SUBS)} WHERE ${subs.parentContractId} = ${contracts.id} AND ${consentChild(subs)}`,
          )
        : none,
      reviews: payer
        ? childrenWhile(
            SIGNED,
            sql`SELECT json_agg(json_build_object('id', ${milestones.id}, 'title', ${milestones.title}, 'status', ${milestones.status}, 'submittedAt', ${deliverables.submittedAt}))
                FROM ${milestones} JOIN ${deliverables} ON ${deliverables.milestoneId} = ${milestones.id}
                WHERE ${milestones.contractId} = ${contracts.id} AND ${reviewChild()}`,
          )
        : none,
      payments: payer
        ? childrenWhile(
            PAYABLE,
            sql`SELECT json_agg(json_build_object('id', ${tranches.id}, 'position', ${tranches.position}, 'status', ${tranches.status}, 'advance', ${tranches.advance},
                  'rail', ${tranches.rail}, 'attempted', ${tranches.idempotencyKey} IS NOT NULL) ORDER BY ${tranches.position})
                FROM ${tranches} WHERE ${tranches.contractId} = ${contracts.id} AND ${paymentChild(today)}`,
          )
        : none,
      amendment: childrenWhile(
        SIGNED,
        sql`SELECT json_build_object('number', ${contractAmendments.number}, 'status', ${contractAmendments.status}, 'proposedBySide', ${contractAmendments.proposedBySide})
            FROM ${contractAmendments} WHERE ${contractAmendments.contractId} = ${contracts.id} AND ${amendmentChild(side)}`,
      ),
      milestones: payer
        ? none
        : childrenWhile(
            SIGNED,
            sql`SELECT json_agg(json_build_object('id', ${milestones.id}, 'title', ${milestones.title}, 'status', ${milestones.status}, 'dueDate', ${milestones.dueDate}))
                FROM ${milestones} WHERE ${milestones.contractId} = ${contracts.id} AND ${milestoneChild(today)}`,
          ),
    })
    .from(contracts)
    .leftJoin(projects, and(isNull(contracts.parentContractId), eq(projects.id, contracts.projectId)))
    .where(and(scoped(contracts, scope), inArray(contracts.status, [...SIGN_FROM, ...PAYABLE])));

  for (const c of rows) {
    const group = groupOf(side, c);
    const started = serviceStarted(c.startDate, today);
    const contract = `/contracts/${c.id}`;
    const caps = contractCapabilities(side, { status: c.status, confirmedBySide: confirmedBy(side, c), consentPending: consentPendingOf(c) }, NO_FACTS);
    if (caps.confirm.allowed) {
      // A main contract is to be signed within 30 days of the award notice (政府采购法 §46).
      const due = c.awardedAt ? signingDeadline(chinaDateOf(c.awardedAt), today).due : null;
      put(buckets, group, 'toConfirm', { label: { key: 'workspace.item.confirm', params: { title: c.title } }, due, href: `${contract}#confirm-title` });
    } else if (payer && c.parentContractId && SIGN_FROM.includes(c.status) && c.consentDecision === null) {
      // A hub's subcontract waiting for the parent purchaser's written consent: nothing to do but follow it.
      put(buckets, group, 'awaitingConsent', { label: { key: 'workspace.item.awaitingConsent', params: { title: c.title } }, due: null, href: contract });
    }
    for (const s of jsonValue<SubJson[] | null>(c.consents) ?? []) {
      if (!consentCapabilities('payer', c.status, s).consent.allowed) continue;
      put(buckets, group, 'consents', {
        label: { key: 'workspace.item.consent', params: { title: s.title, parent: c.title } },
        due: null,
        href: `${contract}#consent-${s.id}`,
      });
    }
    for (const m of jsonValue<ReviewJson[] | null>(c.reviews) ?? []) {
      if (!milestoneCapabilities('payer', c.status, m, started).return.allowed) continue;
      put(buckets, group, 'reviews', {
        label: { key: 'workspace.item.review', params: { title: m.title, contract: c.title, since: isoText(m.submittedAt) } },
        due: null,
        href: `${contract}#review-${m.id}`,
      });
    }
    for (const t of jsonValue<PaymentJson[] | null>(c.payments) ?? []) {
      const pay = trancheCapabilities(
        'payer',
        { status: c.status, paymentRail: c.paymentRail },
        { status: t.status, advance: t.advance, stripeAttempt: t.rail === 'stripe' && t.attempted },
        started,
      );
      if (!pay[payActionOf(c.paymentRail)].allowed) continue;
      put(buckets, group, 'payments', {
        label: { key: 'workspace.item.pay', params: { n: t.position + 1, contract: c.title } },
        due: null,
        href: `${contract}#pay-${t.id}`,
      });
    }
    const a = jsonValue<AmendmentJson | null>(c.amendment);
    if (a && amendmentCapabilities(side, c.status, a).confirm.allowed) {
      put(buckets, group, 'amendments', {
        label: { key: 'workspace.item.amendment', params: { n: a.number, contract: c.title } },
        due: null,
        href: `${contract}#answer-amendment-title`,
      });
    }
    for (const m of jsonValue<MilestoneJson[] | null>(c.milestones) ?? []) {
      if (!milestoneCapabilities('payee', c.status, m, started).submit.allowed) continue;
      const returned = m.status === 'returned';
      put(buckets, group, returned ? 'returned' : 'milestonesDue', {
        label: { key: returned ? 'workspace.item.returned' : 'workspace.item.milestone', params: { title: m.title, contract: c.title } },
        due: m.dueDate,
        href: `${contract}#m-${m.id}`,
      });
    }
  }
  return buckets;
}

// ---- The counts -----------------------------------------------------------------------------------------

const n = { n: count() };

const countToConfirm = (db: Executor, scope: ContractScope) =>
  db
    .select(n)
    .from(contracts)
    .where(and(scoped(contracts, scope), toConfirmWhere(contracts, sideOfScope(scope))));
const countConsents = (db: Executor, scope: ContractScope) =>
  db
    .select(n)
    .from(contracts)
    .innerJoin(parents, eq(parents.id, contracts.parentContractId))
    .where(and(scoped(parents, scope), inArray(parents.status, SIGNED), consentChild(contracts)));
const countReviews = (db: Executor, scope: ContractScope) =>
  db
    .select(n)
    .from(milestones)
    .innerJoin(contracts, eq(contracts.id, milestones.contractId))
    .innerJoin(deliverables, eq(deliverables.milestoneId, milestones.id))
    .where(and(scoped(contracts, scope), inArray(contracts.status, SIGNED), reviewChild()));
const countPayments = (db: Executor, scope: ContractScope, today: string) =>
  db
    .select(n)
    .from(tranches)
    .innerJoin(contracts, eq(contracts.id, tranches.contractId))
    .where(and(scoped(contracts, scope), inArray(contracts.status, PAYABLE), paymentChild(today)));
const countAmendments = (db: Executor, scope: ContractScope) =>
  db
    .select(n)
    .from(contractAmendments)
    .innerJoin(contracts, eq(contracts.id, contractAmendments.contractId))
    .where(and(scoped(contracts, scope), inArray(contracts.status, SIGNED), amendmentChild(sideOfScope(scope))));
const countMilestones = (db: Executor, scope: ContractScope, today: string) =>
  db
    .select(n)
    .from(milestones)
    .innerJoin(contracts, eq(contracts.id, milestones.contractId))
    .where(and(scoped(contracts, scope), inArray(contracts.status, SIGNED), milestoneChild(today)));

/** The count queries of a scope's contract tasks (the same conditions as `contractTasks`), to be summed. */
export function contractCountQueries(db: Executor, scope: Exclude<ContractScope, null>, today: string): SQLWrapper[] {
  return scope.side === 'payer'
    ? [countToConfirm(db, scope), countConsents(db, scope), countReviews(db, scope), countPayments(db, scope, today), countAmendments(db, scope)]
    : [countToConfirm(db, scope), countMilestones(db, scope, today), countAmendments(db, scope)];
}

/** The province's contract queues by list (the administrator's counts): drafts not yet signed, and the payers' lists. */
export async function provinceContractCounts(db: Executor, today: string): Promise<Partial<Record<ListId, number>>> {
  const [toConfirm, consents, reviews, payments, amendments] = await Promise.all([
    db.select(n).from(contracts).where(inArray(contracts.status, SIGN_FROM)),
    countConsents(db, null),
    countReviews(db, null),
    countPayments(db, null, today),
    db
      .select(n)
      .from(contractAmendments)
      .innerJoin(contracts, eq(contracts.id, contractAmendments.contractId))
      .where(and(inArray(contracts.status, SIGNED), inArray(contractAmendments.status, AMENDMENT_TRANSITIONS.confirm.from))),
  ]);
  const v = (rows: { n: number }[]) => Number(rows[0]?.n ?? 0);
  return { toConfirm: v(toConfirm), consents: v(consents), reviews: v(reviews), payments: v(payments), amendments: v(amendments) };
}
