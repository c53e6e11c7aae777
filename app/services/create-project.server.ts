import { eq } from 'drizzle-orm';
import { organizations, projectCriteria, projects, purchaseIntentions, regions } from '#db/schema';
import { projectIntentionProblem } from '~/domain/intention';
import type { Db, Tx } from '#db/client';
import { methodProblem, singleSourceProblem, windowProblem, type ProcurementMethod } from '~/domain/procurement-method';
import type { WorkCalendar } from '~/domain/working-days';
import type { FundingSource } from '~/domain/project';
import { now } from '~/lib/clock.server';
import { workCalendarOf } from '~/queries/calendar.server';
import { decide } from '~/domain/permissions';
import { fundingProblem, legalStatusProblem } from '~/domain/project';
import type { ProjectInput } from '~/schemas/project';
import { beijingDateTime } from '~/schemas/project';
import type { Role } from '~/domain/catalog';
import { toleranceProblem } from '~/domain/ranking';
import { AppError } from '~/lib/errors';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';

/** The project's terms as stored; refuses what the form schema refuses when a caller skipped it (a script, a test). */
export function projectValues(input: ProjectInput) {
  const tolerance = toleranceProblem(input.tolerance);
  if (tolerance) throw new AppError('invalidInput', tolerance);
  return {
    title: input.title,
    description: input.description,
    serviceCategories: input.serviceCategories,
    beneficiaryGroups: input.beneficiaryGroups,
    regionCode: input.regionCode,
    budgetFen: input.budget,
    fundingSource: input.fundingSource,
    procurementMethod: input.procurementMethod,
    serviceStart: input.serviceStart,
    serviceEnd: input.serviceEnd,
    longPeriodReason: input.longPeriodReason ?? null,
    allowedLegalStatuses: input.allowedLegalStatuses,
    allowedKinds: input.allowedKinds,
    regionRestricted: input.regionRestricted,
    bidDeadline: beijingDateTime(input.bidDeadline),
    noticeDays: input.noticeDays,
    scoringMethod: input.scoringMethod,
    toleranceHundredths: Math.round(input.tolerance * 100),
    intentionId: input.intentionId ?? null,
    noIntentionReason: input.intentionId ? null : (input.noIntentionReason ?? null),
    singleSourceGround: input.procurementMethod === 'singleSource' ? (input.singleSourceGround ?? null) : null,
    singleSourceJustification: input.procurementMethod === 'singleSource' ? (input.singleSourceJustification ?? null) : null,
  };
}

/**
 * A single-source purchase's named supplier: found by its unified social credit code, active and
 * registered (a single source is government purchasing: it must bear civil liability on its own).
 * Null for every other method.
 */
export async function singleSourceSupplier(tx: Tx, input: ProjectInput): Promise<string | null> {
  if (input.procurementMethod !== 'singleSource') return null;
  const problem = singleSourceProblem(input.procurementMethod, {
    supplier: input.singleSourceUscc,
    ground: input.singleSourceGround,
    justification: input.singleSourceJustification,
  });
  if (problem) throw new AppError('invalidInput', problem.key, {}, { [problem.field]: problem.key });
  const [org] = await tx
    .select({ id: organizations.id, status: organizations.status, legalStatus: organizations.legalStatus })
    .from(organizations)
    .where(eq(organizations.uscc, input.singleSourceUscc!));
  if (!org || org.status !== 'active' || org.legalStatus !== 'registered') {
    throw new AppError('invalidInput', 'project.errors.singleSource.unknown', {}, { singleSourceUscc: 'project.errors.singleSource.unknown' });
  }
  return org.id;
}

/**
 * The method fits this purchaser and money, filed groups are invited only where they may contract
 * (`legalStatusProblem`), and, given the calendar, the deadline leaves the method's
 * bidding window if the project were published now (publishing later only shortens it, so a draft is
 * checked when saved and again at publication; a published project's window is its amendment's).
 */
export function checkMethod(
  purchaserRole: string,
  p: { procurementMethod: ProcurementMethod; fundingSource: FundingSource; bidDeadline: Date; allowedLegalStatuses: readonly string[] },
  calendar: WorkCalendar | null,
) {
  const method = methodProblem(p.procurementMethod, purchaserRole, p.fundingSource);
  if (method) throw new AppError('invalidInput', method, {}, { procurementMethod: 'project.errors.method.field' });
  const legal = legalStatusProblem(purchaserRole, p.fundingSource, p.allowedLegalStatuses);
  if (legal) throw new AppError('invalidInput', legal, {}, { allowedLegalStatuses: legal });
  const window = calendar && windowProblem(p.procurementMethod, now(), p.bidDeadline, calendar);
  if (window) throw new AppError('invalidInput', window.key, window.params, { bidDeadline: 'project.errors.window.field' });
}

/**
 * A named intention is a published one of this purchasing unit; with `publishAt`, one public 30 China
 * days before it (checked at publication).
 */
export async function checkIntention(
  tx: Tx,
  unit: { purchaserRole: string; purchaserRegionCode: string },
  intentionId: string | null | undefined,
  publishAt?: Date,
) {
  if (!intentionId) return;
  const [intention] = await tx.select().from(purchaseIntentions).where(eq(purchaseIntentions.id, intentionId));
  const problem = projectIntentionProblem(intention, unit, publishAt);
  if (problem) throw new AppError('invalidInput', problem.key, problem.params, { intentionId: problem.key });
}

/**
 * A purchaser drafts a project for a region inside its own. The purchasing unit is the actor's
 * bureau, station or committee assignment that covers the region (the most local one).
 */
export async function createProject(db: Db, ctx: UseCaseContext, input: ProjectInput) {
  const decision = decide(ctx.actor, 'project:create', { regionCode: input.regionCode });
  if (!decision.allowed) throw new AppError('forbidden');
  const unit = ctx.actor.assignments
    .filter((a) => ['bureauStaff', 'stationStaff', 'committeeStaff'].includes(a.role) && a.regionCode && input.regionCode.startsWith(a.regionCode))
    .sort((a, b) => b.regionCode!.length - a.regionCode!.length)[0]!;
  const funding = fundingProblem(unit.role, input.fundingSource);
  if (funding) throw new AppError('invalidInput', funding, {}, { fundingSource: funding });
  return db.transaction(async (tx) => {
    const [region] = await tx.select({ code: regions.code }).from(regions).where(eq(regions.code, input.regionCode));
    if (!region) throw new AppError('invalidInput', 'project.errors.region');
    checkMethod(unit.role, { ...input, bidDeadline: beijingDateTime(input.bidDeadline) }, await workCalendarOf(tx));
    await checkIntention(tx, { purchaserRole: unit.role, purchaserRegionCode: unit.regionCode! }, input.intentionId);
    const [project] = await tx
      .insert(projects)
      .values({
        ...projectValues(input),
        singleSourceOrganizationId: await singleSourceSupplier(tx, input),
        purchaserRole: unit.role as Role & ('bureauStaff' | 'stationStaff' | 'committeeStaff'),
        purchaserRegionCode: unit.regionCode!,
        createdBy: ctx.actor.userId,
      })
      .returning({ id: projects.id });
    await tx.insert(projectCriteria).values(input.criteria.map((c, position) => ({ ...c, projectId: project!.id, position })));
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: unit.role,
      action: 'project.create',
      subjectType: 'project',
      subjectId: project!.id,
      summary: { after: { title: input.title, budgetFen: input.budget, regionCode: input.regionCode, status: 'draft' } },
      requestId: ctx.requestId,
    });
    return { id: project!.id };
  });
}
