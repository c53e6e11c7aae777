import { z } from 'zod';
import { parseYuanToFen } from '~/domain/money';
import { FUNDING_SOURCES } from '~/domain/project';
import { numberField } from './fields';

/** Recording or changing an appropriation: the unit is the actor's, never posted; zero is allowed (a line emptied). */
export const AppropriationSchema = z.object({
  fundingSource: z.enum(FUNDING_SOURCES, 'errors.invalid'),
  year: numberField({ min: 2000, max: 2100, key: 'budget.errors.year' }),
  amount: z
    .string({ error: 'errors.required' })
    .trim()
    .min(1, 'errors.required')
    .transform((v, ctx) => {
      const fen = parseYuanToFen(v);
      if (fen === null) {
        ctx.addIssue({ code: 'custom', message: 'budget.errors.amount' });
        return z.NEVER;
      }
      return fen;
    }),
});

export type AppropriationInput = z.output<typeof AppropriationSchema>;
