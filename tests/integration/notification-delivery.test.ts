import { createServer, type AddressInfo } from 'node:net';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { contracts, milestones, notifications, outboundMessages, users } from '#db/schema';
import type { Actor } from '~/domain/permissions';
import { resetEnvForTests } from '~/lib/env.server';
import { outbox } from '~/queries/notifications.server';
import { deliverNotification } from '~/services/deliver-notification.server';
import { notify } from '~/services/notify.server';
import { reviewDeliverable, submitDeliverable } from '~/services/deliverables.server';
import { saveNotificationPreferences } from '~/services/save-notification-preferences.server';
import { actorByEmail, setupTestDb } from '../support/db';

/**
 * Delivery of notifications by e-mail and SMS (issue 11): a real use case tells people, the delivery
 * job's handler writes and sends each message once, to a local SMTP server this file starts, in the
 * person's language, with a link to where the work is done; a person who opts out gets nothing; with
 * no SMTP server the message is kept in the outbox; SMS goes to the logging gateway.
 */
const t = setupTestDb();
const ctx = (actor: Actor) => ({ actor, requestId: 'delivery-test' });
const APP_URL = 'https://mz.shaanxi.example';

const received: ParsedMail[] = [];
let smtp: SMTPServer;
let smtpPort = 0;
const A: Record<string, Actor> = {};
let milestone: { id: string; title: string; contractId: string };

function setEnv(vars: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvForTests();
}
const withSmtp = () => setEnv({ SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, MAIL_FROM: '陕西省社区社会组织服务平台 <no-reply@mz.shaanxi.example>', APP_URL });

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push(mail);
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  for (const who of ['bureau', 'org']) A[who] = await actorByEmail(t.db, `${who}@demo.cn`);
  // The elderly-care contract's mid-term report waits for the bureau's review (scripts/demo/contracts.ts).
  const [m] = await t.db
    .select({ id: milestones.id, title: milestones.title, contractId: milestones.contractId })
    .from(milestones)
    .innerJoin(contracts, eq(contracts.id, milestones.contractId))
    .where(and(eq(milestones.status, 'submitted'), isNull(contracts.parentContractId)));
  milestone = m!;
});

afterAll(async () => {
  setEnv({ SMTP_URL: undefined, MAIL_FROM: undefined, APP_URL: undefined });
  await new Promise<void>((r) => smtp.close(() => r()));
});

/** The notifications of `kind` that `step` wrote. */
async function toldBy(kind: string, step: () => Promise<unknown>) {
  const of = () => t.db.select().from(notifications).where(eq(notifications.kind, kind));
  const before = new Set((await of()).map((n) => n.id));
  await step();
  return (await of()).filter((n) => !before.has(n.id));
}

async function mailsTo(address: string) {
  return received.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((to) => to?.value.some((v) => v.address === address)));
}

const messagesOf = (ids: string[]) => t.db.select().from(outboundMessages).where(inArray(outboundMessages.notificationId, ids));

describe('e-mail through SMTP', () => {
  it('a returned deliverable reaches the organization by e-mail, in its language, with the link, once however often delivered', async () => {
    withSmtp();
    // The organization's administrator reads English; the bureau stays in Chinese.
    await t.db.update(users).set({ locale: 'en' }).where(eq(users.id, A.org!.userId));
    const told = await toldBy('deliverable.returned', () => reviewDeliverable(t.db, ctx(A.bureau!), milestone.id, 'return', '服务台账缺少签到表，请补充。'));
    expect(told.map((n) => n.userId)).toEqual([A.org!.userId]);
    const [n] = told;

    // Two workers at once (a job delivered twice), then a retry: one e-mail.
    await Promise.all([deliverNotification(t.db, n!.id), deliverNotification(t.db, n!.id)]);
    await deliverNotification(t.db, n!.id);

    const mails = await mailsTo('org@demo.cn');
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.subject).toBe(`[Shaanxi Community Organizations] Deliverable returned: ${milestone.title}`);
    expect(mail.text).toContain('Reason: 服务台账缺少签到表，请补充。');
    expect(mail.text).toContain(`Open it here: ${APP_URL}/contracts/${milestone.contractId}`);
    expect(mail.text).toContain(`${APP_URL}/account/notifications`);
    expect(mail.messageId).toBe(`<notification-${n!.id}@mz.shaanxi.example>`);
    expect(mail.from?.value[0]?.address).toBe('no-reply@mz.shaanxi.example');
    const [row] = await messagesOf([n!.id]);
    expect(row).toMatchObject({ channel: 'email', address: 'org@demo.cn', status: 'sent', attempts: 1, lastError: null });
    expect(row!.sentAt).not.toBeNull();
  });

  it('one who opts out of e-mail for a kind is sent nothing for it, and still finds it in the inbox', async () => {
    withSmtp();
    await saveNotificationPreferences(t.db, ctx(A.org!), { kinds: ['deliverable.returned'], email: [], sms: [] });
    await submitDeliverable(t.db, ctx(A.org!), milestone.id, { report: '已补充签到表和活动照片。', beneficiaries: {}, activityCount: 6 });
    const before = received.length;
    const told = await toldBy('deliverable.returned', () => reviewDeliverable(t.db, ctx(A.bureau!), milestone.id, 'return', '照片无法辨认，请重新提供。'));
    expect(told.map((n) => n.userId)).toEqual([A.org!.userId]);
    await deliverNotification(t.db, told[0]!.id);
    expect(received.length).toBe(before);
    expect(await messagesOf([told[0]!.id])).toEqual([]);
    // Back to the default for the tests that follow.
    await saveNotificationPreferences(t.db, ctx(A.org!), { kinds: ['deliverable.returned'], email: ['deliverable.returned'], sms: [] });
  });

  it('a server that cannot be reached fails the attempt (recorded, thrown for the retry); the retry sends it once', async () => {
    setEnv({ SMTP_URL: `smtp://127.0.0.1:${await closedPort()}`, MAIL_FROM: 'no-reply@mz.shaanxi.example', APP_URL });
    await submitDeliverable(t.db, ctx(A.org!), milestone.id, { report: '重新提供清晰照片。', beneficiaries: {}, activityCount: 6 });
    const [n] = await toldBy('deliverable.returned', () => reviewDeliverable(t.db, ctx(A.bureau!), milestone.id, 'return', '请附上服务对象回访记录。'));
    await expect(deliverNotification(t.db, n!.id)).rejects.toThrow();
    const [failed] = await messagesOf([n!.id]);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed!.lastError).toBeTruthy();

    withSmtp();
    const before = (await mailsTo('org@demo.cn')).length;
    await deliverNotification(t.db, n!.id);
    await deliverNotification(t.db, n!.id);
    expect((await mailsTo('org@demo.cn')).length).toBe(before + 1);
    expect((await messagesOf([n!.id]))[0]).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
  });

  it('a message another attempt holds is not sent again; once that attempt is past its lease (its worker died mid-send) it is', async () => {
    withSmtp();
    await submitDeliverable(t.db, ctx(A.org!), milestone.id, { report: '附上回访记录。', beneficiaries: {}, activityCount: 6 });
    const [n] = await toldBy('deliverable.returned', () => reviewDeliverable(t.db, ctx(A.bureau!), milestone.id, 'return', '回访记录缺少签名。'));
    await deliverNotification(t.db, n!.id);
    const before = (await mailsTo('org@demo.cn')).length;
    // As if a second worker had just taken the message and were still sending it.
    await t.db
      .update(outboundMessages)
      .set({ status: 'sending', claimedAt: sql`now()` })
      .where(eq(outboundMessages.notificationId, n!.id));
    await deliverNotification(t.db, n!.id);
    expect((await mailsTo('org@demo.cn')).length).toBe(before);
    // That worker died eleven minutes ago without marking it: the next attempt sends it.
    await t.db
      .update(outboundMessages)
      .set({ claimedAt: sql`now() - interval '11 minutes'` })
      .where(eq(outboundMessages.notificationId, n!.id));
    await deliverNotification(t.db, n!.id);
    await deliverNotification(t.db, n!.id);
    expect((await mailsTo('org@demo.cn')).length).toBe(before + 1);
    expect((await messagesOf([n!.id]))[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });
});

describe('without SMTP, and SMS', () => {
  it('keeps the e-mail in the outbox the administrator reads, and sends nothing', async () => {
    setEnv({ SMTP_URL: undefined, MAIL_FROM: undefined, APP_URL: undefined });
    await t.db.update(users).set({ locale: 'zh-CN' }).where(eq(users.id, A.org!.userId));
    await submitDeliverable(t.db, ctx(A.org!), milestone.id, { report: '补充回访记录。', beneficiaries: {}, activityCount: 6 });
    const [n] = await toldBy('deliverable.returned', () => reviewDeliverable(t.db, ctx(A.bureau!), milestone.id, 'return', '回访记录不完整。'));
    const before = received.length;
    await deliverNotification(t.db, n!.id);
    await deliverNotification(t.db, n!.id);
    expect(received.length).toBe(before);
    const rows = await messagesOf([n!.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channel: 'email', status: 'kept', attempts: 0, sentAt: null, address: 'org@demo.cn' });
    expect(rows[0]!.subject).toBe(`【陕西省社区社会组织服务平台】成果被退回：${milestone.title}`);
    // The link points at the default public URL (http://localhost:PORT).
    expect(rows[0]!.body).toContain(`办理入口：http://localhost:3000/contracts/${milestone.contractId}`);
    const { rows: kept } = await outbox(t.db, 1, 'kept');
    expect(kept.map((m) => m.id)).toContain(rows[0]!.id);
  });

  it('an SMS the person chose goes to the logging gateway: one log line, kept in the outbox with its link', async () => {
    setEnv({ SMTP_URL: undefined, MAIL_FROM: undefined, APP_URL, SMS_GATEWAY: undefined });
    await saveNotificationPreferences(t.db, ctx(A.org!), { kinds: ['tranche.paid'], email: [], sms: ['tranche.paid'] });
    await t.db.transaction((tx) =>
      notify(tx, {
        recipients: [A.org!.userId],
        kind: 'tranche.paid',
        params: { title: '永松社区助老服务', amountFen: 3_000_000 },
        href: `/contracts/${milestone.contractId}`,
        dedupeKey: 'delivery-test:sms',
      }),
    );
    const [n] = await t.db.select().from(notifications).where(eq(notifications.dedupeKey, 'delivery-test:sms'));
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    let logged: string[];
    try {
      await deliverNotification(t.db, n!.id);
      await deliverNotification(t.db, n!.id);
      logged = info.mock.calls.map((c) => String(c[0]));
    } finally {
      info.mockRestore();
    }
    const rows = await messagesOf([n!.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channel: 'sms', address: '13800000006', status: 'kept', attempts: 1 });
    expect(rows[0]!.body).toBe(`【陕西省社区社会组织服务平台】款项已支付：永松社区助老服务，详情：${APP_URL}/contracts/${milestone.contractId}`);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(new RegExp(`^sms \\(log gateway\\): message ${rows[0]!.id} to 138\\*{4}0006`));
  });
});
