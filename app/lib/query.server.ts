import type { z } from 'zod';
import { AppError } from './errors';

/**
 * The one way a loader reads its query string: the first value of each parameter (empty ones
 * dropped) through the page's zod schema. Give each field a `.catch()` (see searchText and
 * pageParam in app/schemas/fields.ts) so a stale or hand-made link shows the page unfiltered
 * rather than an error; a schema that still fails answers 400. Nothing raw reaches a query.
 */
export function readQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  const raw: Record<string, string> = {};
  for (const [key, value] of new URL(request.url).searchParams) if (value !== '' && !(key in raw)) raw[key] = value;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new AppError('invalidInput');
  return parsed.data;
}
