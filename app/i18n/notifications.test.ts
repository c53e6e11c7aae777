import { describe, expect, it } from 'vitest';
import { NOTIFICATION_KINDS } from '~/domain/notifications';
import { MESSAGES } from './i18n';
import { notificationEmail, notificationParams, notificationSms, notificationText } from './notifications';

describe('notification messages', () => {
  // Every kind of app/domain/notifications.ts, with no exception: a kind without its words would reach
  // an inbox, an e-mail and an SMS as a bare key.
  it('every kind has a title, a body and a settings label in both languages', () => {
    const missing: string[] = [];
    for (const kind of NOTIFICATION_KINDS) {
      for (const key of [`notification.kind.${kind}.title`, `notification.kind.${kind}.body`, `notificationPrefs.kind.${kind}`]) {
        for (const [locale, catalog] of Object.entries(MESSAGES)) if (!(key in catalog)) missing.push(`${locale}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('formats stored parameters in the reader’s language: money from fen, instants in China, message keys', () => {
    const params = {
      title: '助老服务',
      amountFen: 12_345_600,
      deadlineAt: '2027-03-01T09:30:00.000Z',
      dueOn: '2027-03-05',
      outcomeKey: 'notification.outcome.upheld',
    };
    expect(notificationParams('zh-CN', params)).toEqual({
      title: '助老服务',
      amount: '¥123,456.00',
      deadline: '2027/03/01 17:30',
      due: '2027年3月5日',
      outcome: '质疑成立',
    });
    expect(notificationParams('en', params)).toMatchObject({ amount: '¥123,456.00', outcome: 'the challenge is upheld', due: 'Mar 5, 2027' });
  });

  it('writes a kind’s title and body with its parameters, and the e-mail and SMS around them', () => {
    const zh = notificationText('zh-CN', 'tranche.paid', { title: '助老服务', amountFen: 500_000 });
    expect(zh).toEqual({ title: '款项已支付：助老服务', body: '合同“助老服务”的一笔款项 ¥5,000.00 已支付，请注意查收。' });
    const en = notificationText('en', 'tranche.paid', { title: 'Elderly care', amountFen: 500_000 });
    expect(en.title).toBe('Payment made: Elderly care');
    const mail = notificationEmail('en', en, { open: 'https://mz.example.cn/contracts/1', preferences: 'https://mz.example.cn/account/notifications' });
    expect(mail.subject).toBe('[Shaanxi Community Organizations] Payment made: Elderly care');
    expect(mail.text).toContain('Open it here: https://mz.example.cn/contracts/1');
    expect(mail.text).toContain('https://mz.example.cn/account/notifications');
    expect(notificationSms('zh-CN', zh, 'https://mz.example.cn/contracts/1')).toBe(
      '【陕西省社区社会组织服务平台】款项已支付：助老服务，详情：https://mz.example.cn/contracts/1',
    );
  });
});
