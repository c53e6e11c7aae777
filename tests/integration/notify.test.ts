import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { notifications } from '#db/schema';
import { rowsOf } from '#db/migrate';
import { notify } from '~/services/notify.server';
import { actorByEmail, setupTestDb } from '../support/db';

/** notify() writes the inbox rows and their delivery jobs in the caller's transaction (ADR 025). */
describe('notify', () => {
  const t = setupTestDb();

  async function jobsFor(ids: string[]) {
    const rows = rowsOf<{ data: { notificationId: string } }>(await t.db.execute(sql`SELECT data FROM pgboss.job WHERE name = 'notification-deliver'`));
    return rows.filter((r) => ids.includes(r.data.notificationId));
  }

  it('writes one inbox row and one delivery job per person, once per dedupe key', async () => {
    const org = await actorByEmail(t.db, 'org@demo.cn');
    const agency = await actorByEmail(t.db, 'agency@demo.cn');
    const input = {
      recipients: [org.userId, agency.userId, org.userId, null],
      kind: 'tranche.paid' as const,
      params: { title: '测试' },
      href: '/contracts',
      dedupeKey: 'test:1',
    };
    await t.db.transaction((tx) => notify(tx, input));
    await t.db.transaction((tx) => notify(tx, input));
    const rows = await t.db.select().from(notifications).where(eq(notifications.dedupeKey, 'test:1'));
    expect(rows.map((r) => r.userId).sort()).toEqual([org.userId, agency.userId].sort());
    expect(await jobsFor(rows.map((r) => r.id))).toHaveLength(2);
  });

  it('writes nothing, job included, when the transaction rolls back', async () => {
    const org = await actorByEmail(t.db, 'org@demo.cn');
    await expect(
      t.db.transaction(async (tx) => {
        await notify(tx, { recipients: [org.userId], kind: 'tranche.paid', href: '/contracts', dedupeKey: 'test:rollback' });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await t.db.select().from(notifications).where(eq(notifications.dedupeKey, 'test:rollback'))).toHaveLength(0);
    const all = rowsOf<{ n: number }>(
      await t.db.execute(sql`SELECT count(*)::int AS n FROM pgboss.job WHERE data->>'notificationId' NOT IN (SELECT id::text FROM notifications)`),
    );
    expect(all[0]!.n).toBe(0);
  });
});

describe('enqueue', () => {
  const t = setupTestDb();
  it('stores the job data as a JSON object, not as a JSON string', async () => {
    const org = await actorByEmail(t.db, 'org@demo.cn');
    await t.db.transaction((tx) => notify(tx, { recipients: [org.userId], kind: 'tranche.paid', href: '/contracts', dedupeKey: 'test:json' }));
    const rows = rowsOf<{ kind: string }>(
      await t.db.execute(sql`SELECT jsonb_typeof(data) AS kind FROM pgboss.job WHERE name = 'notification-deliver' ORDER BY created_on DESC LIMIT 1`),
    );
    expect(rows[0]!.kind).toBe('object');
  });
});
