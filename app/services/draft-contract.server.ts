import { and, eq, sql } from 'drizzle-orm';
import { awards, contracts, milestones, organizations, projects, tranches } from '#db/schema';
import type { Db, Tx } from '#db/client';
import { decide } from '~/domain/permissions';
import { projectResource } from '~/domain/project';
import { splitTranches, tranchesProblem } from '~/domain/tranches';
import { subcontractProblem } from '~/domain/contract';
import { subcontractCapability } from '~/domain/contract-capabilities';
import { advanceProblem, subcontractRemainingFen, subcontractTermsProblem } from '~/domain/contract-execution';
import type { MilestoneKind } from '~/domain/contract';
import { AppError, enforce } from '~/lib/errors';
import { now } from '~/lib/clock.server';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';
import { lockContract } from './contract-common.server';
import { createContractDocument } from './contract-document.server';
import { notify } from './notify.server';
import { contractSides, orgAdmins } from './recipients.server';

export interface ContractTerms {
  amountFen: number;
  startDate: string;
  endDate: string;
  paymentRail: 'treasury' | 'stripe';
  milestones: { title: string; kind: MilestoneKind; dueDate: string }[];
  /** Percent of the amount, unlocked at signing (milestoneIndex null) or when that milestone is accepted; the first may be an advance (预付款). */
  tranches: { percent: number; milestoneIndex: number | null; advance?: boolean }[];
  /** A main contract's subcontracting terms (政府采购法 §48): left out, nothing may be subcontracted. */
  subcontracting?: { maxPercent: number; excludedWork: string | null };
}

function checkTerms(terms: ContractTerms) {
  if (!Number.isSafeInteger(terms.amountFen) || terms.amountFen <= 0) throw new AppError('invalidInput', 'contract.errors.amount');
  if (terms.endDate < terms.startDate) throw new AppError('invalidInput', 'contract.errors.dates');
  if (!terms.milestones.length) throw new AppError('invalidInput', 'contract.errors.milestones');
  const problem = tranchesProblem(
    terms.tranches.map((t) => t.percent),
    terms.amountFen,
  );
  if (problem) throw new AppError('invalidInput', problem);
  if (terms.tranches.some((t) => t.milestoneIndex !== null && !terms.milestones[t.milestoneIndex]))
    throw new AppError('invalidInput', 'contract.errors.trancheMilestone');
  const advance = advanceProblem(terms.tranches);
  if (advance) throw new AppError('invalidInput', advance);
  const share = terms.subcontracting && subcontractTermsProblem(terms.subcontracting.maxPercent, terms.subcontracting.excludedWork);
  if (share) throw new AppError('invalidInput', share);
}

async function insertSchedule(tx: Tx, contractId: string, terms: ContractTerms) {
  const ms = await tx
    .insert(milestones)
    .values(terms.milestones.map((m, position) => ({ contractId, position, title: m.title, kind: m.kind, dueDate: m.dueDate })))
    .returning({ id: milestones.id, position: milestones.position });
  const amounts = splitTranches(
    terms.amountFen,
    terms.tranches.map((t) => t.percent),
  );
  await tx.insert(tranches).values(
    terms.tranches.map((t, position) => ({
      contractId,
      position,
      percent: t.percent,
      amountFen: amounts[position]!,
      advance: !!t.advance,
      milestoneId: t.milestoneIndex === null ? null : ms.find((m) => m.position === t.milestoneIndex)!.id,
    })),
  );
}

/** From an award the purchaser drafts the contract: amount ≤ the awarded price, milestones, tranches. */
export async function draftContract(db: Db, ctx: UseCaseContext, projectId: string, terms: ContractTerms) {
  checkTerms(terms);
  return db.transaction(async (tx) => {
    const [project] = await tx.select().from(projects).where(eq(projects.id, projectId)).for('update');
    if (!project) throw new AppError('notFound');
    const d = decide(ctx.actor, 'project:manage', projectResource(project));
    if (!d.allowed) throw new AppError('forbidden');
    const [award] = await tx
      .select()
      .from(awards)
      .where(and(eq(awards.projectId, project.id), eq(awards.status, 'awarded')));
    if (project.status !== 'awarded' || !award) throw new AppError('invalidTransition', 'contract.errors.noAward');
    if (terms.amountFen > award.amountFen) throw new AppError('invalidInput', 'contract.errors.overAward');
    const [existing] = await tx
      .select({ id: contracts.id })
      .from(contracts)
      .where(and(eq(contracts.awardId, award.id), sql`${contracts.status} <> 'terminated'`));
    if (existing) throw new AppError('conflict', 'contract.errors.exists');
    const [c] = await tx
      .insert(contracts)
      .values({
        projectId: project.id,
        awardId: award.id,
        purchaserRole: project.purchaserRole,
        purchaserRegionCode: project.purchaserRegionCode,
        payeeOrganizationId: award.organizationId,
        title: project.title,
        amountFen: terms.amountFen,
        fundingSource: project.fundingSource,
        startDate: terms.startDate,
        endDate: terms.endDate,
        paymentRail: terms.paymentRail,
        subcontractMaxPercent: terms.subcontracting?.maxPercent ?? 0,
        subcontractExcludedWork: terms.subcontracting?.excludedWork?.trim() || null,
        createdBy: ctx.actor.userId,
        createdAt: now(),
      })
      .returning({ id: contracts.id });
    await insertSchedule(tx, c!.id, terms);
    // Its number (the unit's next for the year) and its terms (the unit's template, filled in).
    const { number } = await createContractDocument(tx, c!.id, project.title);
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: d.role,
      action: 'contract.draft',
      subjectType: 'contract',
      subjectId: c!.id,
      summary: {
        after: {
          projectId: project.id,
          number,
          amountFen: terms.amountFen,
          tranches: terms.tranches.map((t) => t.percent),
          rail: terms.paymentRail,
          subcontractMaxPercent: terms.subcontracting?.maxPercent ?? 0,
        },
      },
      requestId: ctx.requestId,
    });
    // The awarded organization confirms next (the purchaser drafted it and confirms on its own page).
    await notify(tx, {
      recipients: await orgAdmins(tx, [award.organizationId]),
      kind: 'contract.toConfirm',
      params: { title: project.title, number, amountFen: terms.amountFen },
      href: `/contracts/${c!.id}`,
      dedupeKey: `contract.toConfirm:${c!.id}:payee`,
    });
    return { id: c!.id };
  });
}

/**
 * A hub (or county service organization) holding a signed contract hands concrete work to a
 * community organization of its street (county) under a subcontract (§3.4). The live subcontracts of
 * a contract never add up to more than the share it allows (政府采购法 §48); the subcontract waits
 * for the parent purchaser's written consent before it can be signed (`decideSubcontractConsent`).
 */
export async function draftSubcontract(
  db: Db,
  ctx: UseCaseContext,
  parentContractId: string,
  payeeOrganizationId: string,
  title: string,
  terms: ContractTerms,
) {
  checkTerms(terms);
  return db.transaction(async (tx) => {
    const { contract: parent, side, role } = await lockContract(tx, ctx.actor, parentContractId, 'either');
    const [holder] = await tx.select().from(organizations).where(eq(organizations.id, parent.payeeOrganizationId));
    const [sum] = await tx
      .select({ n: sql<number>`coalesce(sum(${contracts.amountFen}), 0)::bigint` })
      .from(contracts)
      .where(and(eq(contracts.parentContractId, parent.id), sql`${contracts.status} <> 'terminated'`));
    const used = Number(sum?.n ?? 0);
    const remainingFen = subcontractRemainingFen(parent.amountFen, parent.subcontractMaxPercent, used);
    enforce(subcontractCapability(side, { status: parent.status, isSubcontract: !!parent.parentContractId }, holder!.kind, remainingFen));
    const [target] = await tx.select().from(organizations).where(eq(organizations.id, payeeOrganizationId));
    if (!target) throw new AppError('notFound');
    const problem = subcontractProblem(holder!, target);
    if (problem) throw new AppError('invalidInput', problem);
    if (terms.amountFen > remainingFen) throw new AppError('invalidInput', 'execution.errors.overShare');
    const [c] = await tx
      .insert(contracts)
      .values({
        projectId: parent.projectId,
        parentContractId: parent.id,
        payerOrganizationId: parent.payeeOrganizationId,
        payeeOrganizationId: target.id,
        title,
        amountFen: terms.amountFen,
        fundingSource: parent.fundingSource,
        startDate: terms.startDate,
        endDate: terms.endDate,
        paymentRail: 'treasury',
        createdBy: ctx.actor.userId,
        createdAt: now(),
      })
      .returning({ id: contracts.id });
    await insertSchedule(tx, c!.id, terms);
    const { number } = await createContractDocument(tx, c!.id, title);
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: role,
      action: 'subcontract.draft',
      subjectType: 'contract',
      subjectId: c!.id,
      summary: { after: { parentContractId: parent.id, number, payee: target.id, amountFen: terms.amountFen } },
      requestId: ctx.requestId,
    });
    // The parent's purchasing unit must consent in writing before anyone can confirm it (§48).
    await notify(tx, {
      recipients: (await contractSides(tx, parent)).payer,
      kind: 'subcontract.consentAsked',
      params: { title, parent: parent.title, amountFen: terms.amountFen },
      href: `/contracts/${parent.id}`,
      dedupeKey: `subcontract.consentAsked:${c!.id}`,
    });
    return { id: c!.id };
  });
}
