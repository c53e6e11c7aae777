import { and, eq, inArray } from 'drizzle-orm';
import { expertProfiles, expertRelations, organizations, regions, roleAssignments } from '#db/schema';
import type { Db, Tx } from '#db/client';
import { decide } from '~/domain/permissions';
import type { ExpertProfileInput, ExpertRelationInput } from '~/schemas/expert';
import { now } from '~/lib/clock.server';
import { AppError } from '~/lib/errors';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';

/** The region a profile answers to for `experts:maintain`: its own, or the province's when it has none. */
export const expertScope = (regionCode: string | null | undefined) => regionCode ?? '61';

async function requireEvaluator(tx: Tx, userId: string) {
  const [row] = await tx
    .select({ id: roleAssignments.id })
    .from(roleAssignments)
    .where(and(eq(roleAssignments.userId, userId), eq(roleAssignments.role, 'evaluator')));
  if (!row) throw new AppError('notFound', 'experts.errors.notEvaluator');
}

/** Every organization named must exist (a forged id is refused on its field, nothing written). */
async function checkOrganizations(tx: Tx, ids: string[], field: string) {
  if (!ids.length) return;
  const found = await tx.select({ id: organizations.id }).from(organizations).where(inArray(organizations.id, ids));
  if (found.length !== new Set(ids).size) throw new AppError('invalidInput', 'experts.errors.organization', {}, { [field]: 'experts.errors.organization' });
}

async function replaceRelations(tx: Tx, userId: string, rows: ExpertRelationInput[]) {
  await checkOrganizations(
    tx,
    rows.map((r) => r.organizationId),
    'relations',
  );
  const before = await tx.select().from(expertRelations).where(eq(expertRelations.expertUserId, userId));
  await tx.delete(expertRelations).where(eq(expertRelations.expertUserId, userId));
  const at = now();
  // A relation kept as it was keeps the day it was declared.
  if (rows.length)
    await tx.insert(expertRelations).values(
      rows.map((r) => ({
        expertUserId: userId,
        organizationId: r.organizationId,
        note: r.note,
        declaredAt: before.find((b) => b.organizationId === r.organizationId)?.declaredAt ?? at,
      })),
    );
  return before.map((b) => ({ organizationId: b.organizationId, note: b.note }));
}

/**
 * The province or city bureau lists an evaluator in the expert pool, or changes their profile:
 * specialties, region, employer, relations and whether they are drawn (ADR 024). A city bureau keeps
 * the experts of its city (both the profile's old and new region must be in its scope).
 */
export async function saveExpertProfile(db: Db, ctx: UseCaseContext, userId: string, input: ExpertProfileInput) {
  return db.transaction(async (tx) => {
    await requireEvaluator(tx, userId);
    const [existing] = await tx.select().from(expertProfiles).where(eq(expertProfiles.userId, userId)).for('update');
    const may = decide(ctx.actor, 'experts:maintain', { regionCode: expertScope(existing?.regionCode) });
    if (!may.allowed) throw new AppError('forbidden');
    if (input.regionCode) {
      const [region] = await tx.select({ code: regions.code }).from(regions).where(eq(regions.code, input.regionCode));
      if (!region) throw new AppError('invalidInput', 'experts.errors.region', {}, { regionCode: 'experts.errors.region' });
    }
    if (!decide(ctx.actor, 'experts:maintain', { regionCode: expertScope(input.regionCode) }).allowed) {
      throw new AppError('invalidInput', 'experts.errors.region', {}, { regionCode: 'experts.errors.region' });
    }
    if (input.employerOrganizationId) await checkOrganizations(tx, [input.employerOrganizationId], 'employerOrganizationId');
    const values = {
      specialties: input.specialties,
      regionCode: input.regionCode ?? null,
      employerOrganizationId: input.employerOrganizationId ?? null,
      employerName: input.employerOrganizationId ? null : (input.employerName ?? null),
      active: input.active,
      updatedAt: now(),
    };
    if (existing) await tx.update(expertProfiles).set(values).where(eq(expertProfiles.userId, userId));
    else await tx.insert(expertProfiles).values({ userId, ...values });
    const relationsBefore = await replaceRelations(tx, userId, input.relations);
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: may.role,
      action: existing ? 'expert.update' : 'expert.create',
      subjectType: 'user',
      subjectId: userId,
      summary: {
        before: existing
          ? {
              specialties: existing.specialties,
              regionCode: existing.regionCode,
              employerOrganizationId: existing.employerOrganizationId,
              employerName: existing.employerName,
              active: existing.active,
              relations: relationsBefore,
            }
          : null,
        after: { ...values, updatedAt: undefined, relations: input.relations },
      },
      requestId: ctx.requestId,
    });
  });
}

/** An expert declares (or withdraws) their relations with organizations: they are then never drawn for those bids. */
export async function declareExpertRelations(db: Db, ctx: UseCaseContext, relations: ExpertRelationInput[]) {
  const userId = ctx.actor.userId;
  if (!decide(ctx.actor, 'experts:declare', { ownerUserId: userId }).allowed) throw new AppError('forbidden');
  return db.transaction(async (tx) => {
    await requireEvaluator(tx, userId);
    const [profile] = await tx.select().from(expertProfiles).where(eq(expertProfiles.userId, userId)).for('update');
    if (!profile) throw new AppError('invalidInput', 'experts.errors.noProfile');
    const current = await tx.select().from(expertRelations).where(eq(expertRelations.expertUserId, userId));
    const same = current.length === relations.length && relations.every((r) => current.some((c) => c.organizationId === r.organizationId && c.note === r.note));
    if (same) return; // Nothing declared or withdrawn: nothing written.
    const before = await replaceRelations(tx, userId, relations);
    await recordAudit(tx, {
      actorUserId: userId,
      actorRole: 'evaluator',
      action: 'expert.declare',
      subjectType: 'user',
      subjectId: userId,
      summary: { before: { relations: before }, after: { relations } },
      requestId: ctx.requestId,
    });
  });
}
