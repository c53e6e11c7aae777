import { data, type ActionFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { advanceClock, now, testClockEnabled } from '~/lib/clock.server';
import { db } from '~/lib/db.server';
import { readForm } from '~/lib/forms.server';
import { actionOf } from '~/lib/http.server';
import { sweepDeadlines } from '~/services/sweep-deadlines.server';

/**
 * Test servers only (ENABLE_TEST_CLOCK=1): POST advanceMinutes moves this process's clock forward so
 * browser journeys can pass a bid deadline or a notice period. Everywhere else it does not exist.
 * The deadlines sweep (ADR 025) runs right after, as it would at those times: what closed or ended
 * in the skipped time has, when the answer comes, and the journey sees it on the next page.
 */
const notFound = () => data({ messageKey: 'errors.notFound' }, { status: 404 });

export async function loader() {
  throw notFound();
}

const AdvanceSchema = z.object({
  advanceMinutes: z.coerce
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 366),
});

export const action = actionOf(async ({ request }: ActionFunctionArgs) => {
  if (!testClockEnabled()) throw notFound();
  const parsed = AdvanceSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return Response.json({ messageKey: 'errors.invalidInput', error: 'advanceMinutes: a whole number of minutes' }, { status: 400 });
  advanceClock(parsed.data.advanceMinutes * 60_000);
  await sweepDeadlines(db());
  return Response.json({ now: now().toISOString() });
});
