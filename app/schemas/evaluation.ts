import { z } from 'zod';
import { numberField, text } from './fields';

/** The purchaser asks for a panel of this many members, drawn from the expert pool (odd, at least the minimum: the use case checks). */
export const PanelDrawSchema = z.object({
  size: numberField({ min: 1, max: 99, key: 'panelDraw.errors.size' }),
});

export interface ScoreCell {
  bidId: string;
  criterionId: string;
  /** The criterion's weight: the most points it can get. */
  weight: number;
}

export const pointsField = (c: { bidId: string; criterionId: string }) => `points_${c.bidId}_${c.criterionId}`;
export const commentField = (c: { bidId: string; criterionId: string }) => `comment_${c.bidId}_${c.criterionId}`;

/**
 * The scoring grid: one points field (0 … weight, at most two decimals) and one comment per eligible
 * bid and scored criterion. A draft may leave cells empty; submitting needs every cell.
 */
export function scoreGridFields(cells: ScoreCell[], complete: boolean) {
  const shape: Record<string, z.ZodType> = {};
  for (const c of cells) {
    shape[pointsField(c)] = z
      .string()
      .trim()
      .optional()
      .superRefine((v, ctx) => {
        if (!v) {
          if (complete) ctx.addIssue({ code: 'custom', message: 'errors.required' });
          return;
        }
        if (!/^\d{1,3}(\.\d{1,2})?$/.test(v) || Number(v) > c.weight) ctx.addIssue({ code: 'custom', message: 'score.errors.points' });
      });
    shape[commentField(c)] = text({ max: 1000, multiline: true, tooLong: 'score.errors.comment' }).optional();
  }
  return z.object(shape);
}

/** The filled cells of a parsed grid, points in hundredths. */
export function scoresOfGrid(cells: ScoreCell[], grid: Record<string, unknown>) {
  return cells.flatMap((c) => {
    const points = grid[pointsField(c)] as string | undefined;
    if (!points) return [];
    return [
      {
        bidId: c.bidId,
        criterionId: c.criterionId,
        pointsHundredths: Math.round(Number(points) * 100),
        comment: (grid[commentField(c)] as string | undefined) ?? '',
      },
    ];
  });
}
