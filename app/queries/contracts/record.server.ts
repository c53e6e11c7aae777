import { and, desc, eq } from 'drizzle-orm';
import { contracts, projects } from '#db/schema';
import type { Executor } from '#db/client';

/**
 * An organization's record of completed contracts (public, on its page): what it delivered, when,
 * for how much, and the purchaser's performance evaluation (绩效评价) where one was given (ADR 022).
 * Only what the public may read: no reports, opinions or payment details.
 */
export async function completedContractsOf(db: Executor, organizationId: string) {
  const rows = await db
    .select({
      id: contracts.id,
      title: contracts.title,
      projectId: contracts.projectId,
      projectTitle: projects.title,
      amountFen: contracts.amountFen,
      isSubcontract: contracts.parentContractId,
      completedAt: contracts.completedAt,
      performanceScore: contracts.performanceScore,
    })
    .from(contracts)
    .innerJoin(projects, eq(projects.id, contracts.projectId))
    .where(and(eq(contracts.payeeOrganizationId, organizationId), eq(contracts.status, 'completed')))
    .orderBy(desc(contracts.completedAt))
    .limit(50);
  return rows.map((r) => ({ ...r, isSubcontract: !!r.isSubcontract, completedAt: r.completedAt?.toISOString() ?? null }));
}
