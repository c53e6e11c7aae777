import { and, count, eq, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, notificationPreferences, notifications, outboundMessages } from '#db/schema';
import type { Actor } from '~/domain/permissions';
import { notify } from '~/services/notify.server';
import * as inbox from '~/routes/notifications';
import * as settings from '~/routes/account.notifications';
import * as outboxRoute from '~/routes/admin.outbox';
import * as root from '~/root';
import { actorByEmail, setupTestDb } from '../support/db';
import { callRoute, cookieFor } from '../support/routes';

/**
 * The inbox (/notifications), the notification settings (/account/notifications) and the
 * administrator's outbox (/admin/outbox), called as the people who use them: each sees and changes
 * only their own notifications; bad input is refused with nothing written; the outbox is the
 * administrator's alone.
 */
const t = setupTestDb();
const A: Record<string, Actor> = {};
const cookies: Record<string, string> = {};
const ids: Record<string, string> = {};

type Item = { id: string; title: string; body: string; unread: boolean };

async function tell(who: string, kind: 'tranche.paid' | 'deliverable.returned', key: string, href = '/contracts') {
  await t.db.transaction((tx) =>
    notify(tx, {
      recipients: [A[who]!.userId],
      kind,
      params: { title: `${who} 的合同`, amountFen: 100_00, milestone: '中期报告', reason: '缺少签到表' },
      href,
      dedupeKey: `routes-test:${key}`,
    }),
  );
  const [n] = await t.db
    .select({ id: notifications.id })
    .from(notifications)
    .where(eq(notifications.dedupeKey, `routes-test:${key}`));
  ids[key] = n!.id;
}

const list = async (who: string, url = '/notifications') =>
  (await callRoute(inbox.loader, { url, cookie: cookies[who] })).data as { items: Item[]; unread: number; total: number };
type Action = Parameters<typeof callRoute>[0];
const post = (who: string, form: Record<string, string | string[]>, route: Action = inbox.action as Action, url = '/notifications') =>
  callRoute(route, { url, cookie: cookies[who], form });
const readAt = async (id: string) => (await t.db.select({ readAt: notifications.readAt }).from(notifications).where(eq(notifications.id, id)))[0]!.readAt;
const rowCount = async () => ({
  prefs: (await t.db.select({ n: count() }).from(notificationPreferences))[0]!.n,
  audit: (await t.db.select({ n: count() }).from(auditEvents))[0]!.n,
});

beforeAll(async () => {
  for (const who of ['org', 'hub', 'admin', 'bureau', 'province']) {
    A[who] = await actorByEmail(t.db, `${who}@demo.cn`);
    cookies[who] = await cookieFor(t.db, `${who}@demo.cn`);
  }
  await tell('org', 'tranche.paid', 'org-paid', '/contracts?tab=paid');
  await tell('org', 'deliverable.returned', 'org-returned');
  await tell('hub', 'tranche.paid', 'hub-paid');
  // A link that would leave the app (the table's check only asks for a leading slash).
  await tell('org', 'tranche.paid', 'org-offsite', '//evil.example/phish');
});

describe('the inbox', () => {
  it('lists only the person’s own notifications, newest first, written in their language, unread marked', async () => {
    const mine = await list('org');
    const shown = mine.items.map((i) => i.id);
    expect(shown).toEqual(expect.arrayContaining([ids['org-paid'], ids['org-returned'], ids['org-offsite']]));
    expect(shown).not.toContain(ids['hub-paid']);
    const paid = mine.items.find((i) => i.id === ids['org-paid'])!;
    expect(paid).toMatchObject({ title: '款项已支付：org 的合同', body: '合同“org 的合同”的一笔款项 ¥100.00 已支付，请注意查收。', unread: true });
    expect(shown.indexOf(ids['org-offsite']!)).toBeLessThan(shown.indexOf(ids['org-paid']!));
    const en = (await callRoute(inbox.loader, { url: '/notifications', cookie: `${cookies.org}; lang=en` })).data as { items: Item[] };
    expect(en.items.find((i) => i.id === ids['org-returned'])!.title).toBe('Deliverable returned: 中期报告');
    expect((await list('hub')).items.map((i) => i.id)).not.toContain(ids['org-paid']);
  });

  it('the header counts the person’s unread notifications', async () => {
    const data = (await callRoute(root.loader, { url: '/', cookie: cookies.org })).data as { user: { unread: number } };
    expect(data.user.unread).toBe((await list('org')).unread);
    expect(data.user.unread).toBeGreaterThanOrEqual(3);
  });

  it('opening one marks it read and goes to where the work is done', async () => {
    const r = await post('org', { intent: 'open', id: ids['org-paid']! });
    expect(r.status).toBe(302);
    expect(r.headers.get('Location')).toBe('/contracts?tab=paid');
    expect(await readAt(ids['org-paid']!)).not.toBeNull();
    expect((await list('org')).items.find((i) => i.id === ids['org-paid'])!.unread).toBe(false);
  });

  it('a link that would leave the app goes to the inbox instead', async () => {
    const r = await post('org', { intent: 'open', id: ids['org-offsite']! });
    expect(r.status).toBe(302);
    expect(r.headers.get('Location')).toBe('/notifications');
  });

  it('someone else’s notification is not found, and stays unread', async () => {
    const r = await post('org', { intent: 'open', id: ids['hub-paid']! });
    expect(r.status).toBe(404);
    expect(await readAt(ids['hub-paid']!)).toBeNull();
    expect((await post('org', { intent: 'open', id: 'not-an-id' })).status).toBe(400);
  });

  it('mark all read marks the person’s own, and nobody else’s', async () => {
    const r = await post('org', { intent: 'readAll' });
    expect(r.status).toBe(200);
    expect((r.data as { n: number }).n).toBeGreaterThanOrEqual(1);
    const unreadOfOrg = await t.db
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(eq(notifications.userId, A.org!.userId), isNull(notifications.readAt)));
    expect(unreadOfOrg).toEqual([]);
    expect(await readAt(ids['hub-paid']!)).toBeNull();
    expect((await list('org')).unread).toBe(0);
  });
});

describe('notification settings', () => {
  it('shows every kind with its default channels until the person chooses', async () => {
    const r = await callRoute(settings.loader, { url: '/account/notifications', cookie: cookies.hub });
    const data = r.data as { groups: { group: string; kinds: { kind: string; email: boolean; sms: boolean }[] }[]; hasEmail: boolean };
    expect(data.groups.map((g) => g.group)).toEqual(['procurement', 'contracts', 'registry']);
    const kinds = data.groups.flatMap((g) => g.kinds);
    expect(kinds.find((k) => k.kind === 'tranche.paid')).toEqual({ kind: 'tranche.paid', email: true, sms: false });
    expect(kinds.find((k) => k.kind === 'project.clarified')).toEqual({ kind: 'project.clarified', email: false, sms: false });
    expect(data.hasEmail).toBe(true);
  });

  it('saves the choices of the kinds shown, with an audit row, and shows them back', async () => {
    const before = await rowCount();
    const r = await post(
      'hub',
      { kinds: ['tranche.paid', 'project.clarified', 'deliverable.returned'], email: ['project.clarified', 'deliverable.returned'], sms: ['tranche.paid'] },
      settings.action as Action,
      '/account/notifications',
    );
    expect(r.status).toBe(200);
    const stored = await t.db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, A.hub!.userId));
    // Only what differs from the defaults is a row: tranche.paid by e-mail off and by SMS on, clarifications by e-mail on.
    expect(stored.map((p) => `${p.kind}:${p.channel}:${p.enabled}`).sort()).toEqual([
      'project.clarified:email:true',
      'tranche.paid:email:false',
      'tranche.paid:sms:true',
    ]);
    const after = await rowCount();
    expect(after.audit).toBe(before.audit + 1);
    const [row] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'notification.preferences'));
    expect(row).toMatchObject({ actorUserId: A.hub!.userId, subjectId: A.hub!.userId });
    const shown = (await callRoute(settings.loader, { url: '/account/notifications', cookie: cookies.hub })).data as {
      groups: { kinds: { kind: string; email: boolean; sms: boolean }[] }[];
    };
    expect(shown.groups.flatMap((g) => g.kinds).find((k) => k.kind === 'tranche.paid')).toEqual({ kind: 'tranche.paid', email: false, sms: true });
    // Saving the same again changes nothing and writes no audit row.
    await post(
      'hub',
      { kinds: ['tranche.paid', 'project.clarified', 'deliverable.returned'], email: ['project.clarified', 'deliverable.returned'], sms: ['tranche.paid'] },
      settings.action as Action,
      '/account/notifications',
    );
    expect(await rowCount()).toEqual(after);
  });

  it.each([
    ['no kinds', {}],
    ['a kind that does not exist', { kinds: ['tranche.paid', 'tranche.lost'], email: ['tranche.paid'] }],
    ['a channel for a kind not shown', { kinds: ['tranche.paid'], email: ['filing.filed'] }],
    ['a control character', { kinds: ['tranche.paid\u0000'] }],
  ])('refuses %s with 400 and writes nothing', async (_what, form) => {
    const before = await rowCount();
    const r = await post('org', form as Record<string, string | string[]>, settings.action as Action, '/account/notifications');
    expect(r.status).toBe(400);
    expect(await rowCount()).toEqual(before);
  });
});

describe('the outbox', () => {
  it('is the administrator’s: every message with its address and status; a bureau, even the province’s, and an organization get 403', async () => {
    const [n] = await t.db.select().from(notifications).where(eq(notifications.id, ids['hub-paid']!));
    await t.db.insert(outboundMessages).values({
      notificationId: n!.id,
      channel: 'email',
      address: 'hub@demo.cn',
      subject: '【陕西省社区社会组织服务平台】款项已支付：hub 的合同',
      body: '…',
      status: 'kept',
    });
    const r = await callRoute(outboxRoute.loader, { url: '/admin/outbox', cookie: cookies.admin });
    expect(r.status).toBe(200);
    const rows = (r.data as { rows: { address: string; subject: string; status: string }[] }).rows;
    expect(rows[0]).toMatchObject({ address: 'hub@demo.cn', status: 'kept', subject: '【陕西省社区社会组织服务平台】款项已支付：hub 的合同' });
    const sent = (await callRoute(outboxRoute.loader, { url: '/admin/outbox?status=sent', cookie: cookies.admin })).data as { rows: unknown[] };
    expect(sent.rows).toEqual([]);
    for (const who of ['province', 'bureau', 'org'])
      expect((await callRoute(outboxRoute.loader, { url: '/admin/outbox', cookie: cookies[who] })).status).toBe(403);
    expect((await callRoute(outboxRoute.loader, { url: '/admin/outbox' })).status).toBe(302);
  });
});
