import { eq } from 'drizzle-orm';
import { panelSettings } from '#db/schema';
import type { Executor } from '#db/client';
import { LARGE_BUDGET_FEN } from '~/domain/panel-draw';

/** The budget from which a panel has five members or more: the province's setting, else the default (ADR 024). */
export async function largeBudgetFenOf(db: Executor): Promise<{ fen: number; setAt: Date | null }> {
  const [row] = await db.select().from(panelSettings).where(eq(panelSettings.id, 1));
  return row ? { fen: row.largeBudgetFen, setAt: row.updatedAt } : { fen: LARGE_BUDGET_FEN, setAt: null };
}
