import { and, eq, inArray, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { budgetHolds, projects } from '#db/schema';
import type { Actor } from '~/domain/permissions';
import { checkLedger } from '~/queries/ledger.server';
import { createProject } from '~/services/create-project.server';
import { publishProject } from '~/services/publish-project.server';
import { appropriate, lineAmount } from '../support/budget';
import { actorByEmail, setupTestDb } from '../support/db';
import { projectInput } from '../support/procurement';

/**
 * Two publications racing for the last room on one appropriation (PostgreSQL, separate connections):
 * the line's row is locked FOR UPDATE before the holds are summed, so exactly one wins and the other
 * is refused naming what remains; the line never holds more than it was given.
 */
const t = setupTestDb();
const ctx = (actor: Actor) => ({ actor, requestId: 'budget-race' });
let bureau: Actor;
const drafts: string[] = [];

beforeAll(async () => {
  bureau = await actorByEmail(t.db, 'bureau@demo.cn');
  await appropriate(t.db, 'bureau@demo.cn', { year: 2031, amount: 100_000_00 });
  for (let i = 0; i < 8; i++) {
    const { id } = await createProject(t.db, ctx(bureau), projectInput({ budget: 60_000_00, serviceStart: '2031-01-01', serviceEnd: '2031-12-31' }));
    drafts.push(id);
  }
});

describe('the last room on a budget line (PostgreSQL)', () => {
  it('goes to exactly one of several publications at once; the others are refused and stay drafts', async () => {
    const results = await Promise.allSettled(drafts.map((id) => publishProject(t.db, ctx(bureau), id)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((x) => x.status === 'rejected')) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({
        code: 'invalidInput',
        messageKey: 'budget.errors.exceeds',
        params: { remaining: '¥40,000.00' },
      });
    }
    const line = (await lineAmount(t.db, { role: 'bureauStaff', regionCode: '610113' }, 'publicFinance', 2031))!;
    const [held] = await t.db
      .select({ fen: sql<string>`coalesce(sum(${budgetHolds.reservedFen} + ${budgetHolds.committedFen}), 0)` })
      .from(budgetHolds)
      .where(eq(budgetHolds.appropriationId, line.id));
    expect(Number(held!.fen)).toBe(60_000_00);
    const published = await t.db
      .select({ id: projects.id })
      .from(projects)
      .where(and(inArray(projects.id, drafts), eq(projects.status, 'published')));
    expect(published).toHaveLength(1);
    expect((await checkLedger(t.db)).filter((r) => r.violations.length)).toEqual([]);
  });
});
