import { describe, expect, it } from 'vitest';
import { OFFICIAL_CALENDAR } from './calendar-cn';
import {
  chinaDateOf,
  contractNumber,
  DEFAULT_TEMPLATE,
  fillTemplate,
  publicationDue,
  publishedInTime,
  signingDeadline,
  subcontractNumber,
  TERM_SECTIONS,
  termsCapability,
} from './contract-document';
import { workCalendar } from './working-days';

const cal = workCalendar(OFFICIAL_CALENDAR);

describe('contract numbers', () => {
  it('are the unit’s region code, the year and a four-digit sequence', () => {
    expect(contractNumber('610113', 2026, 3)).toBe('610113-2026-0003');
    expect(contractNumber('610113001001', 2027, 12345)).toBe('610113001001-2027-12345');
    expect(subcontractNumber('610113-2026-0003', 2)).toBe('610113-2026-0003-F2');
  });

  it('refuse what cannot be a number', () => {
    expect(() => contractNumber('61x', 2026, 1)).toThrow(RangeError);
    expect(() => contractNumber('610113', 2026, 0)).toThrow(RangeError);
    expect(() => contractNumber('610113', 26, 1)).toThrow(RangeError);
    expect(() => subcontractNumber('610113-2026-0003', 0)).toThrow(RangeError);
  });
});

describe('the signing deadline: 30 days after the award notice', () => {
  it('is open until the last 7 days, due soon through the due day, overdue after it', () => {
    expect(signingDeadline('2026-03-01', '2026-03-01')).toEqual({ due: '2026-03-31', daysLeft: 30, state: 'open' });
    expect(signingDeadline('2026-03-01', '2026-03-24')).toEqual({ due: '2026-03-31', daysLeft: 7, state: 'open' });
    expect(signingDeadline('2026-03-01', '2026-03-25')).toEqual({ due: '2026-03-31', daysLeft: 6, state: 'dueSoon' });
    expect(signingDeadline('2026-03-01', '2026-03-31')).toEqual({ due: '2026-03-31', daysLeft: 0, state: 'dueSoon' });
    expect(signingDeadline('2026-03-01', '2026-04-01')).toEqual({ due: '2026-03-31', daysLeft: -1, state: 'overdue' });
  });

  it('counts calendar days, holidays included, across a month and a year end', () => {
    expect(signingDeadline('2026-12-15', '2026-12-20').due).toBe('2027-01-14');
    expect(signingDeadline('2026-09-30', '2026-10-05').due).toBe('2026-10-30');
  });

  it('reads the award notice’s instant on the China calendar', () => {
    // 17:00 UTC on 31 March is 1 April in Xi’an.
    expect(chinaDateOf(new Date('2026-03-31T17:00:00Z'))).toBe('2026-04-01');
    expect(chinaDateOf(new Date('2026-03-31T15:59:59Z'))).toBe('2026-03-31');
  });
});

describe('publication within 2 working days of signing', () => {
  it('on ordinary days is two weekdays later, over a weekend the next Tuesday', () => {
    expect(publicationDue(cal, '2026-03-09')).toBe('2026-03-11'); // Monday → Wednesday
    expect(publicationDue(cal, '2026-03-13')).toBe('2026-03-17'); // Friday → Tuesday
  });

  it('across 国庆节 2026 skips the holiday and counts the make-up Saturday', () => {
    // Wed 30 Sep → 1–7 Oct holiday, Thu 8 (1), Fri 9 (2).
    expect(publicationDue(cal, '2026-09-30')).toBe('2026-10-09');
    // Fri 9 Oct → Sat 10 is a make-up working day (1), Mon 12 (2).
    expect(publicationDue(cal, '2026-10-09')).toBe('2026-10-12');
    expect(publishedInTime(cal, '2026-09-30', '2026-10-09')).toBe(true);
    expect(publishedInTime(cal, '2026-09-30', '2026-10-10')).toBe(false);
  });
});

describe('the template', () => {
  const facts = {
    projectTitle: '空巢老人关爱服务',
    payeeName: '雁塔区幸福里社区志愿服务队',
    amount: '¥88,000.00',
    amountInCapitals: '捌万捌仟元整',
    startDate: '2027-01-01',
    endDate: '2027-12-31',
  };

  it('has every section, and the default fills the project, period and amount', () => {
    const filled = fillTemplate(DEFAULT_TEMPLATE, facts);
    expect(Object.keys(filled)).toEqual([...TERM_SECTIONS]);
    expect(filled.content).toContain('“空巢老人关爱服务”');
    expect(filled.content).toContain('2027-01-01至2027-12-31');
    expect(filled.payment).toContain('人民币¥88,000.00（大写：捌万捌仟元整）');
    for (const s of TERM_SECTIONS) expect(filled[s]).not.toMatch(/\{[^}]*\}/);
  });

  it('leaves an unknown placeholder as written', () => {
    const filled = fillTemplate({ ...DEFAULT_TEMPLATE, disputes: '由{仲裁委员会}仲裁，乙方{乙方}' }, facts);
    expect(filled.disputes).toBe('由{仲裁委员会}仲裁，乙方雁塔区幸福里社区志愿服务队');
  });
});

describe('editing the terms', () => {
  it('is the payer’s, on a draft only', () => {
    expect(termsCapability('payer', 'draft')).toEqual({ allowed: true });
    expect(termsCapability('payee', 'draft')).toMatchObject({ allowed: false, code: 'forbidden' });
    expect(termsCapability(null, 'draft')).toMatchObject({ allowed: false, code: 'forbidden' });
    for (const status of ['signed', 'completed', 'terminated'])
      expect(termsCapability('payer', status)).toMatchObject({ allowed: false, code: 'invalidTransition', reason: 'contractDoc.errors.signed' });
  });
});
