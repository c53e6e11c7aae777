/**
 * Project-based management at scale (issue 4): a signed contract for every award, with milestones,
 * tranches split to the fen, the first tranche paid (treasury) and the ledger entries that go with
 * it; awards won by hubs get 2–3 subcontracts to community organizations of their street, also with
 * a first tranche paid out of what the hub received. Bulk data, not audited changes.
 *
 * Progress (when `progress` is given, from a random stream of its own so it does not move the rest):
 * a share of the contracts and subcontracts, and every hub contract that passes work on, have their
 * first milestone's deliverable in, with the rows a real submission and review write (deliverable
 * rounds, the milestone's status, the tranche it unlocks), file metadata (attachments rows; no file
 * on disk: pages list them, only a download would miss the file) and, once accepted, the second
 * tranche paid with its ledger transaction when there was time for it before the generated world's
 * "now" (the anchor), after which nothing is handed in, reviewed or paid.
 *
 * One function on purpose: one pass over the awards that consumes its streams in a fixed order (337 lines).
 */
import { isLate } from '~/domain/contract';
import { splitTranches } from '~/domain/tranches';
import type { attachments, contracts, deliverables, ledgerAccounts, ledgerEntries, ledgerTransactions, milestones, tranches } from '#db/schema';
import type { ProjectRng } from './projects-plan';
import { FILES, RETURN_REASONS, STORIES, pickWeighted, reportText, type Story } from './contracts-vocabulary';

export interface AwardForContract {
  projectId: string;
  awardId: string;
  organizationId: string;
  amountFen: number;
  title: string;
  purchaserRole: string;
  purchaserRegionCode: string;
  fundingSource: string;
  awardedAt: Date;
  payeeKind: string;
  payeeRegion: string;
  /** The project's beneficiary groups: what a deliverable counts people served by. */
  beneficiaryGroups?: string[];
}

/** What the generator needs to write progress on contracts. */
export interface ProgressInput {
  /** A stream of its own: adding progress does not change the contracts, subcontracts and payments. */
  rng: ProjectRng;
  /** "Now" of the generated world (ms): nothing is submitted, reviewed or paid after it. */
  anchor: number;
  /** Organization id → the user id of one of its admins (who hands in deliverables and reviews a subcontract's). */
  orgAdmins: Map<string, string>;
  /** `role:regionCode` → the user id of a staff member of that purchasing unit (who reviews). */
  unitStaff: Map<string, string>;
}

type Row<T extends { $inferInsert: object }> = T['$inferInsert'] & { id: string };

export interface ContractPlan {
  contracts: Row<typeof contracts>[];
  milestones: Row<typeof milestones>[];
  tranches: Row<typeof tranches>[];
  deliverables: Row<typeof deliverables>[];
  attachments: Row<typeof attachments>[];
  accounts: Row<typeof ledgerAccounts>[];
  transactions: Row<typeof ledgerTransactions>[];
  entries: (typeof ledgerEntries.$inferInsert)[];
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Share of contracts (and subcontracts) whose first milestone has been handed in. */
const PROGRESS_SHARE = 0.4;
/** Midnight in China (UTC+8) of the day `ms` falls on, and its calendar date. */
const chinaDayStart = (ms: number) => Math.floor((ms + 8 * HOUR) / DAY) * DAY - 8 * HOUR;
const chinaDate = (ms: number) => new Date(ms + 8 * HOUR).toISOString().slice(0, 10);

export function generateContracts(
  rng: ProjectRng,
  awards: AwardForContract[],
  communityOrgsByStreet: Map<string, string[]>,
  createdBy: string,
  /** Accounts already in the ledger (the demo's), by `kind:ref`, so they are reused, not duplicated. */
  existingAccounts: Map<string, string> = new Map(),
  progress?: ProgressInput,
): ContractPlan {
  const plan: ContractPlan = { contracts: [], milestones: [], tranches: [], deliverables: [], attachments: [], accounts: [], transactions: [], entries: [] };
  const accountIds = new Map(existingAccounts);
  const acct = (kind: 'fundingSource' | 'contract' | 'organization', ref: string, name: string) => {
    const key = `${kind}:${ref}`;
    let id = accountIds.get(key);
    if (!id) {
      id = rng.uuid();
      accountIds.set(key, id);
      plan.accounts.push({ id, kind, ref, name });
    }
    return id;
  };
  const post = (
    kind: 'commitment' | 'tranchepayment',
    contractId: string,
    trancheId: string | null,
    at: Date,
    from: string,
    to: string,
    amountFen: number,
    r: ProjectRng = rng,
  ) => {
    const id = r.uuid();
    plan.transactions.push({ id, kind, contractId, trancheId, description: kind === 'commitment' ? 'contract signed: amount committed' : 'tranche paid', at });
    plan.entries.push({ transactionId: id, accountId: from, amountFen: -amountFen }, { transactionId: id, accountId: to, amountFen });
  };
  const schedule = (contractId: string, amountFen: number, start: Date, paidFirst: boolean) => {
    const year = start.getUTCFullYear() + 1;
    const ms: Row<typeof milestones>[] = [
      { title: '中期报告', kind: 'reporting' as const, dueDate: `${year}-06-30` },
      { title: '终期验收', kind: 'delivery' as const, dueDate: `${year}-12-31` },
    ].map((m, position) => ({ id: rng.uuid(), contractId, position, ...m, status: 'pending' as const }));
    plan.milestones.push(...ms);
    const amounts = splitTranches(amountFen, [50, 30, 20]);
    const paidAt = new Date(start.getTime() + 20 * DAY);
    const ts: Row<typeof tranches>[] = amounts.map((amount, position) => ({
      id: rng.uuid(),
      contractId,
      position,
      percent: [50, 30, 20][position]!,
      amountFen: amount,
      milestoneId: position === 0 ? null : ms[position - 1]!.id,
      status: (position === 0 ? (paidFirst ? 'paid' : 'unlocked') : 'locked') as 'paid' | 'unlocked' | 'locked',
      rail: position === 0 && paidFirst ? ('treasury' as const) : null,
      voucherNumber: position === 0 && paidFirst ? `财支-${paidAt.getUTCFullYear()}-${rng.int(1000, 9999)}` : null,
      bankReference: position === 0 && paidFirst ? `BANK${rng.int(100000, 999999)}` : null,
      // The day it was paid (unlocked at signing, paid 20 days after).
      paymentDate: position === 0 && paidFirst ? chinaDate(paidAt.getTime()) : null,
      paidAt: position === 0 && paidFirst ? paidAt : null,
    }));
    plan.tranches.push(...ts);
    return { ms, ts };
  };

  /**
   * The first milestone of a signed contract, handed in (and perhaps returned, handed in again,
   * accepted) as submitDeliverable and reviewDeliverable write it; an accepted one unlocks the second
   * tranche, which is paid (recordPayment's entries: `from` → the payee) when there was time before the anchor.
   */
  const handIn = (
    p: ProgressInput,
    c: { id: string; title: string; signedAt: Date; payeeOrganizationId: string; groups: string[] },
    ms: Row<typeof milestones>[],
    ts: Row<typeof tranches>[],
    reviewer: string,
    pay: { from: string; to: string; firstPaid: boolean; budgetFen: number },
    busy: boolean,
  ): number => {
    const r = p.rng;
    if (!(r.chance(PROGRESS_SHARE) || busy)) return 0;
    const story: Story = busy ? 'returnedThenAccepted' : pickWeighted(r, STORIES).story;
    const gaps = { review: r.int(2, 6), again: r.int(3, 10), accept: r.int(1, 5), pay: r.int(5, 20) };
    const target = r.int(-20, 5);
    const spread = r.float();
    const m = ms[0]!;
    const chain = story === 'submitted' ? 0 : story === 'returnedThenAccepted' ? gaps.review + gaps.again + gaps.accept : gaps.review;
    // Handed in between a month after signing and the day before the anchor, leaving time for the
    // reviews: near the due date (from 20 days early to 5 days late) when that has come, else early,
    // and for a busy contract in the last days (being worked on now: its tranche waits for payment).
    const lo = chinaDayStart(c.signedAt.getTime()) + 30 * DAY;
    const hi = chinaDayStart(p.anchor) - (1 + chain) * DAY;
    if (hi < lo) return 0;
    const due = Date.parse(`${m.dueDate}T00:00:00+08:00`) + target * DAY;
    const early = busy ? Math.max(lo, hi - Math.floor(spread * 4) * DAY) : lo + Math.floor(spread * ((hi - lo) / DAY + 1)) * DAY;
    const day = due <= hi ? Math.max(due, lo) : early;
    const at = (d: number) => new Date(d + r.int(9 * 60, 17 * 60 - 1) * 60_000); // office hours, China time
    const submitter = p.orgAdmins.get(c.payeeOrganizationId) ?? createdBy;
    const served = Object.fromEntries((c.groups.length ? c.groups : ['allResidents']).map((g) => [g, r.int(30, 400)]));
    const activities = r.int(6, 40);
    const report = reportText(c.title, activities, served, r);
    const round = (n: number, submittedAt: Date, status: 'submitted' | 'accepted' | 'returned', reviewedAt: Date | null, text: string) => {
      const id = r.uuid();
      plan.deliverables.push({
        id,
        milestoneId: m.id,
        contractId: c.id,
        round: n,
        report: text,
        beneficiaries: served,
        activityCount: activities,
        late: isLate(m.dueDate, submittedAt),
        status,
        reviewReason: status === 'returned' ? r.pick(RETURN_REASONS) : null,
        submittedBy: submitter,
        submittedAt,
        reviewedBy: reviewedAt ? reviewer : null,
        reviewedAt,
      });
      // What the organization attached: the report, and some of the sign-in sheet, photos, survey.
      const files = FILES.filter((f, i) => i === 0 || r.chance(0.5));
      for (const f of files) {
        const stored = r.uuid();
        plan.attachments.push({
          id: r.uuid(),
          deliverableId: id,
          contractId: c.id,
          originalName: `${f.name}${n > 1 ? '（修改稿）' : ''}.${f.ext}`,
          storedName: `${stored}.${f.ext}`,
          kind: f.kind,
          contentType: f.contentType,
          sizeBytes: r.int(f.size[0], f.size[1]),
          sha256: Array.from({ length: 8 }, () => r.int(0, 0xffffffff).toString(16).padStart(8, '0')).join(''),
          uploadedBy: submitter,
          uploadedAt: submittedAt,
        });
      }
    };
    const submitted = at(day);
    if (story === 'submitted') {
      round(1, submitted, 'submitted', null, report);
      m.status = 'submitted';
      return 0;
    }
    const reviewed = at(day + gaps.review * DAY);
    if (story === 'returned') {
      round(1, submitted, 'returned', reviewed, report);
      m.status = 'returned';
      return 0;
    }
    let acceptedAt = reviewed;
    if (story === 'returnedThenAccepted') {
      round(1, submitted, 'returned', reviewed, report);
      const again = at(day + (gaps.review + gaps.again) * DAY);
      acceptedAt = at(day + chain * DAY);
      round(2, again, 'accepted', acceptedAt, `${report}已按审核意见补充签到表日期、活动照片和满意度调查，并核对了服务人次。`);
    } else round(1, submitted, 'accepted', acceptedAt, report);
    m.status = 'accepted';
    m.acceptedAt = acceptedAt;
    // The milestone's tranche unlocks; paid in turn (after the first), with time to do it, and money for it.
    const t = ts.find((x) => x.milestoneId === m.id)!;
    t.status = 'unlocked';
    const paidAt = at(chinaDayStart(acceptedAt.getTime()) + gaps.pay * DAY);
    if (!pay.firstPaid || paidAt.getTime() > p.anchor || t.amountFen > pay.budgetFen) return 0;
    t.status = 'paid';
    t.rail = 'treasury';
    t.voucherNumber = `财支-${paidAt.getUTCFullYear()}-${r.int(1000, 9999)}`;
    t.bankReference = `BANK${r.int(100000, 999999)}`;
    t.paymentDate = chinaDate(paidAt.getTime());
    t.paidAt = paidAt;
    post('tranchepayment', c.id, t.id, paidAt, pay.from, pay.to, t.amountFen, r);
    return t.amountFen;
  };

  for (const a of awards) {
    const id = rng.uuid();
    const signedAt = new Date(a.awardedAt.getTime() + 7 * DAY);
    const year = signedAt.getUTCFullYear() + 1;
    plan.contracts.push({
      id,
      projectId: a.projectId,
      awardId: a.awardId,
      purchaserRole: a.purchaserRole,
      purchaserRegionCode: a.purchaserRegionCode,
      payeeOrganizationId: a.organizationId,
      title: a.title,
      amountFen: a.amountFen,
      fundingSource: a.fundingSource,
      startDate: `${year}-01-01`,
      endDate: `${year}-12-31`,
      status: 'signed',
      payerConfirmedAt: signedAt,
      payeeConfirmedAt: signedAt,
      signedAt,
      createdBy,
      createdAt: signedAt,
    });
    const funding = acct('fundingSource', `${a.fundingSource}:${a.purchaserRole}:${a.purchaserRegionCode}`, `${a.fundingSource} ${a.purchaserRegionCode}`);
    const contractAccount = acct('contract', id, a.title);
    const payee = acct('organization', a.organizationId, a.organizationId);
    post('commitment', id, null, signedAt, funding, contractAccount, a.amountFen);
    // A hub that passes work on has been paid its first tranche: the subcontracts are paid out of it.
    const pool = a.payeeKind === 'hub' ? (communityOrgsByStreet.get(a.payeeRegion.slice(0, 9)) ?? []) : [];
    const paidFirst = rng.chance(0.8) || pool.length > 0;
    const { ms, ts } = schedule(id, a.amountFen, signedAt, paidFirst);
    if (paidFirst) post('tranchepayment', id, ts[0]!.id, ts[0]!.paidAt!, contractAccount, payee, ts[0]!.amountFen);
    const groups = a.beneficiaryGroups ?? [];
    if (progress) {
      // A hub passing work on is a busy contract: its mid-term report (its subcontractors' work
      // rolled up) always went through a returned round before it was accepted; when its due date is
      // still to come, that happened in the last days and the second tranche waits for the transfer.
      const reviewer = progress.unitStaff.get(`${a.purchaserRole}:${a.purchaserRegionCode}`) ?? createdBy;
      const c = { id, title: a.title, signedAt, payeeOrganizationId: a.organizationId, groups };
      handIn(
        progress,
        c,
        ms,
        ts,
        reviewer,
        { from: contractAccount, to: payee, firstPaid: paidFirst, budgetFen: a.amountFen - ts[0]!.amountFen },
        pool.length > 0,
      );
    }
    // A hub hands work to 2–3 community organizations of its street, out of what it received.
    if (pool.length) {
      let budget = ts[0]!.amountFen;
      const targets = new Set<string>();
      const n = Math.min(pool.length, rng.int(2, 3));
      while (targets.size < n) targets.add(pool[rng.int(0, pool.length - 1)]!);
      let i = 0;
      for (const target of targets) {
        i++;
        const amount = Math.floor(a.amountFen * 0.15);
        const sub = rng.uuid();
        plan.contracts.push({
          id: sub,
          projectId: a.projectId,
          parentContractId: id,
          payerOrganizationId: a.organizationId,
          payeeOrganizationId: target,
          title: `${a.title}（分包 ${i}）`,
          amountFen: amount,
          fundingSource: a.fundingSource,
          startDate: `${year}-01-01`,
          endDate: `${year}-12-31`,
          status: 'signed',
          payerConfirmedAt: signedAt,
          payeeConfirmedAt: signedAt,
          signedAt,
          createdBy,
          createdAt: signedAt,
        });
        const first = splitTranches(amount, [50, 30, 20])[0]!;
        const pays = first <= budget;
        const { ms: subMs, ts: subTs } = schedule(sub, amount, signedAt, pays);
        const targetAccount = pays ? acct('organization', target, target) : '';
        if (pays) {
          budget -= first;
          post('tranchepayment', sub, subTs[0]!.id, subTs[0]!.paidAt!, payee, targetAccount, first);
        }
        if (progress) {
          const reviewer = progress.orgAdmins.get(a.organizationId) ?? createdBy;
          const c = { id: sub, title: `${a.title}（分包 ${i}）`, signedAt, payeeOrganizationId: target, groups };
          budget -= handIn(progress, c, subMs, subTs, reviewer, { from: payee, to: targetAccount, firstPaid: pays, budgetFen: budget }, false);
        }
      }
    }
  }
  return plan;
}
