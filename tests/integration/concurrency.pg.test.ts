import { describe, expect, it } from 'vitest';
import { signIn } from '~/services/sign-in.server';
import { setupTestDb } from '../support/db';

// *.pg.test.ts files run only against the PostgreSQL server (vitest.config.ts): PGlite is one
// connection, so it cannot show what happens when many app processes act at once.
const t = setupTestDb();
const policy = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 };

describe('throttling under concurrency (PostgreSQL, many connections as many app processes)', () => {
  it('30 simultaneous wrong guesses record at most 10 failures; the rest are refused', async () => {
    const now = new Date('2026-04-03T10:00:00Z');
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => signIn(t.db, { identifier: 'evaluator@demo.cn', password: 'guess' + i, ip: `203.0.113.${i}` }, policy, now)),
    );
    const refused = results.filter((r) => r.status === 'rejected' && (r.reason as { code?: string }).code === 'throttled').length;
    const failed = results.filter((r) => r.status === 'fulfilled' && !r.value.ok).length;
    expect(failed).toBe(10);
    expect(refused).toBe(20);
  });
});
