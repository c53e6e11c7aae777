import { asc, eq, inArray } from 'drizzle-orm';
import { panelDraws, users } from '#db/schema';
import type { Executor } from '#db/client';

/**
 * A project's panel draw, step by step (ADR 024), with the names of the experts it drew or avoided: the
 * purchaser's record. The public reads `publicDraw` only, once the ranking is public.
 */
export async function panelDrawRecord(db: Executor, projectId: string) {
  const steps = await db.select().from(panelDraws).where(eq(panelDraws.projectId, projectId)).orderBy(asc(panelDraws.step));
  if (!steps.length) return null;
  const ids = [...new Set(steps.flatMap((s) => [...s.drawnIds, ...s.excluded.map((e) => e.userId), ...(s.replacesUserId ? [s.replacesUserId] : [])]))];
  const names = ids.length ? await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, ids)) : [];
  const nameOf = (id: string) => names.find((n) => n.id === id)?.name ?? '';
  const first = steps[0]!;
  return {
    seed: first.seed,
    candidateIds: first.candidateIds,
    fallback: first.fallback,
    excluded: first.excluded.map((e) => ({ name: nameOf(e.userId), reasons: e.reasons })),
    steps: steps.map((s) => ({
      step: s.step,
      at: s.drawnAt.toISOString(),
      counterStart: s.counterStart,
      counterEnd: s.counterEnd,
      drawn: s.drawnIds.map(nameOf),
      replaces: s.replacesUserId ? nameOf(s.replacesUserId) : null,
    })),
  };
}

/** What anyone may read once the ranking is public: that the panel was drawn, from which seed and candidates. */
export async function publicDraw(db: Executor, projectId: string) {
  const [first] = await db
    .select({ seed: panelDraws.seed, candidateIds: panelDraws.candidateIds })
    .from(panelDraws)
    .where(eq(panelDraws.projectId, projectId))
    .orderBy(asc(panelDraws.step))
    .limit(1);
  return first ?? null;
}
