import { and, eq, like, sql } from 'drizzle-orm';
import { filingApplications, organizations, roleAssignments } from '#db/schema';
import type { Db } from '#db/client';
import { FILING_TRANSITIONS, filingNumber } from '~/domain/filing';
import { parentCode } from '~/domain/region-code';
import { filingReasonGiven } from '~/domain/filing-capabilities';
import { now } from '~/lib/clock.server';
import { enforce } from '~/lib/errors';
import { recordAudit } from './audit.server';
import { lockApplicationFor, recordFilingStep } from './filing-common.server';
import type { UseCaseContext } from './context';
import { notify } from './notify.server';

/**
 * The street station's decision (§4.2): file the organization (it gets a filing number, enters the
 * public registry, and the applicant becomes its administrator), or reject with a reason.
 */
export async function decideFiling(
  db: Db,
  ctx: UseCaseContext,
  input: { applicationId: string; decision: 'file' | 'reject'; reason?: string },
  at: Date = now(),
) {
  enforce(filingReasonGiven(input.decision, input.reason));
  return db.transaction(async (tx) => {
    const { app, role } = await lockApplicationFor(tx, ctx, input.applicationId, input.decision);
    let organizationId: string | null = null;
    let number: string | null = null;
    if (input.decision === 'file') {
      const street = parentCode(app.regionCode)!;
      const year = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Shanghai' }).format(at));
      const prefix = filingNumber(street, year, 0).slice(0, -4);
      // Numbers are per street and year; the station's row lock on the street serializes this.
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${prefix}))`);
      const [last] = await tx
        .select({ max: sql<string | null>`max(${organizations.filingNumber})` })
        .from(organizations)
        .where(like(organizations.filingNumber, `${prefix}%`));
      const seq = last?.max ? Number(last.max.slice(-4)) + 1 : 1;
      number = filingNumber(street, year, seq);
      const [org] = await tx
        .insert(organizations)
        .values({
          name: app.name,
          kind: 'communityOrg',
          legalStatus: 'filed',
          filingNumber: number,
          regionCode: app.regionCode,
          serviceCategories: app.serviceCategories,
          beneficiaryGroups: app.beneficiaryGroups,
          leaderName: app.leaderName,
          contactPhone: app.contactPhone,
          foundedOn: app.foundedOn,
          memberCount: app.memberCount,
          charter: app.charter,
          rules: app.rules,
          filedAt: at,
        })
        .returning({ id: organizations.id });
      organizationId = org!.id;
      await tx.insert(roleAssignments).values({ userId: app.applicantUserId, role: 'orgAdmin', organizationId }).onConflictDoNothing();
      await recordAudit(tx, {
        actorUserId: ctx.actor.userId,
        actorRole: role,
        action: 'organization.file',
        subjectType: 'organization',
        subjectId: organizationId,
        summary: { after: { name: app.name, legalStatus: 'filed', filingNumber: number, regionCode: app.regionCode } },
        requestId: ctx.requestId,
      });
    }
    await tx
      .update(filingApplications)
      .set({
        status: FILING_TRANSITIONS[input.decision].to,
        decisionReason: input.decision === 'reject' ? input.reason!.trim() : null,
        organizationId,
        updatedAt: at,
      })
      .where(and(eq(filingApplications.id, app.id)));
    await recordFilingStep(tx, ctx, {
      applicationId: app.id,
      action: input.decision,
      role,
      from: app.status,
      reason: input.reason?.trim() || null,
      revision: app.revision,
      extra: number ? { filingNumber: number, organizationId } : {},
    });
    await notify(
      tx,
      number && organizationId
        ? {
            recipients: [app.applicantUserId],
            kind: 'filing.filed',
            params: { name: app.name, filingNumber: number },
            href: `/orgs/${organizationId}`,
            dedupeKey: `filing.decided:${app.id}`,
          }
        : {
            recipients: [app.applicantUserId],
            kind: 'filing.rejected',
            params: { name: app.name, reason: input.reason!.trim() },
            href: `/filings/${app.id}`,
            dedupeKey: `filing.decided:${app.id}`,
          },
    );
    return { organizationId, filingNumber: number };
  });
}
