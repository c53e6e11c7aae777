import { eq } from 'drizzle-orm';
import { organizations } from '#db/schema';
import type { Db } from '#db/client';
import type { z } from 'zod';
import type { ProfileSchema } from '~/schemas/organization';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';
import { lockOrganizationFor } from './organization-common.server';
import { now } from '~/lib/clock.server';

/** §4.4: the organization keeps its own profile, charter and rules up to date. */
export async function updateOrganizationProfile(db: Db, ctx: UseCaseContext, organizationId: string, input: z.output<typeof ProfileSchema>) {
  return db.transaction(async (tx) => {
    const { org, role } = await lockOrganizationFor(tx, ctx, organizationId, 'edit');
    const next = { ...input, contactEmail: input.contactEmail || null };
    const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => JSON.stringify(next[k]) !== JSON.stringify(org[k]));
    if (!changed.length) return { changed };
    await tx
      .update(organizations)
      .set({ ...next, updatedAt: now() })
      .where(eq(organizations.id, org.id));
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: role,
      action: 'organization.updateProfile',
      subjectType: 'organization',
      subjectId: org.id,
      summary: { changed, before: Object.fromEntries(changed.map((k) => [k, org[k]])), after: Object.fromEntries(changed.map((k) => [k, next[k]])) },
      requestId: ctx.requestId,
    });
    return { changed };
  });
}
