import { desc, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents } from '#db/schema';
import { verifyAuditChain } from '~/queries/audit.server';
import { recordAudit } from '~/services/audit.server';
import { setupTestDb } from '../support/db';

const t = setupTestDb();

describe('the audit log is append-only and hash-chained', () => {
  it('the seeded history verifies', async () => {
    const verdict = await verifyAuditChain(t.db);
    expect(verdict.ok).toBe(true);
    expect(verdict.rows).toBeGreaterThan(20);
  });

  it('the database refuses UPDATE and DELETE of audit rows, whoever asks', async () => {
    const reason = (p: Promise<unknown>) => p.then(() => 'allowed', (e: Error & { cause?: Error }) => e.cause?.message ?? e.message);
    expect(await reason(t.db.execute(sql`UPDATE audit_events SET action = 'x' WHERE id = 1`))).toMatch(/append-only/);
    expect(await reason(t.db.execute(sql`DELETE FROM audit_events WHERE id = 1`))).toMatch(/append-only/);
    const [first] = await t.db.select().from(auditEvents).where(sql`id = 1`);
    expect(first!.action).not.toBe('x');
  });

  it('a row written beside a failed change is rolled back with it', async () => {
    const before = await t.db.select({ n: sql<number>`count(*)::int` }).from(auditEvents);
    await expect(
      t.db.transaction(async (tx) => {
        await recordAudit(tx, { actorUserId: null, actorRole: null, action: 'test.doomed', subjectType: 'test', subjectId: '1', summary: {} });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const after = await t.db.select({ n: sql<number>`count(*)::int` }).from(auditEvents);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('tampering past the trigger is found, and the first bad row is named', async () => {
    const rows = await t.db.select({ id: auditEvents.id }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(5);
    const victim = rows[2]!.id;
    // Someone with superuser rights disables the guard and edits history.
    await t.db.execute(sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update`);
    await t.db.execute(sql`UPDATE audit_events SET summary = '{"after":{"status":"filed"}}'::jsonb WHERE id = ${victim}`);
    await t.db.execute(sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update`);
    const verdict = await verifyAuditChain(t.db, 7);
    expect(verdict).toMatchObject({ ok: false, firstBadId: victim, problem: 'hash' });
  });
});
