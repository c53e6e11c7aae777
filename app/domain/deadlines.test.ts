import { describe, expect, it } from 'vitest';
import { daysUntil, milestoneDueSoon, milestoneReminderWindow, scoresDueAt, signBy, sweepKeys, unsignedReminderDay, unsignedReminderDue } from './deadlines';
import { signingDeadline } from './contract-document';
import { workCalendar } from './working-days';

// A small calendar in the shape of a National Day week (the real one is data, db: calendar_days):
// holidays on 1–2 and 5–7 October 2026 around the weekend, Saturday 10 October a make-up working day.
const cal = workCalendar([
  { date: '2026-10-01', kind: 'holiday' },
  { date: '2026-10-02', kind: 'holiday' },
  { date: '2026-10-05', kind: 'holiday' },
  { date: '2026-10-06', kind: 'holiday' },
  { date: '2026-10-07', kind: 'holiday' },
  { date: '2026-10-10', kind: 'workday' },
]);

describe('milestones due soon', () => {
  it('are those due from today to seven days ahead, the due day included', () => {
    expect(milestoneDueSoon('2026-06-01', '2026-06-01')).toBe(true);
    expect(milestoneDueSoon('2026-06-08', '2026-06-01')).toBe(true);
    expect(milestoneDueSoon('2026-06-09', '2026-06-01')).toBe(false);
    expect(milestoneDueSoon('2026-05-31', '2026-06-01')).toBe(false);
    expect(milestoneReminderWindow('2026-06-01')).toEqual({ from: '2026-06-01', to: '2026-06-08' });
  });
  it('count whole China days across months and years', () => {
    expect(daysUntil('2026-12-28', '2027-01-04')).toBe(7);
    expect(daysUntil('2026-03-01', '2026-02-27')).toBe(-2);
  });
});

describe('a contract still unsigned', () => {
  // Awarded at 09:00 on 1 June in China (01:00 UTC).
  const awardedAt = new Date('2026-06-01T01:00:00Z');
  it('is reminded from the 25th day after the award notice, five days before the 30-day limit', () => {
    expect(unsignedReminderDay(awardedAt)).toBe('2026-06-26');
    expect(unsignedReminderDue(awardedAt, new Date('2026-06-25T15:59:59Z'))).toBe(false); // 23:59 on the 25th in China
    expect(unsignedReminderDue(awardedAt, new Date('2026-06-25T16:00:00Z'))).toBe(true); // 00:00 on the 26th
    expect(signBy(awardedAt)).toBe('2026-07-01');
    expect(signingDeadline('2026-06-01', unsignedReminderDay(awardedAt))).toEqual({ due: '2026-07-01', daysLeft: 5, state: 'dueSoon' });
  });
  it('counts from the China day of the award, not the UTC one', () => {
    // 23:30 on 1 June in China is still 31 May in UTC.
    expect(unsignedReminderDay(new Date('2026-06-01T15:30:00Z'))).toBe('2026-06-26');
  });
});

describe('scores due', () => {
  it('after three working days of evaluation, counted from the next day, at 24:00 China time', () => {
    // Started Monday 8 June: Tuesday, Wednesday, Thursday → due at the end of Thursday 11 June.
    expect(scoresDueAt(cal, new Date('2026-06-08T02:00:00Z')).toISOString()).toBe('2026-06-11T16:00:00.000Z');
    // Started Friday 12 June: Monday to Wednesday.
    expect(scoresDueAt(cal, new Date('2026-06-12T02:00:00Z')).toISOString()).toBe('2026-06-17T16:00:00.000Z');
  });
  it('skips holidays and counts make-up working days', () => {
    // Started Wednesday 30 September: 1, 2 (holidays), 3, 4 (weekend), 5–7 (holidays), 8, 9, then Saturday 10 worked.
    expect(scoresDueAt(cal, new Date('2026-09-30T02:00:00Z')).toISOString()).toBe('2026-10-10T16:00:00.000Z');
  });
  it('for an expert seated after evaluation started, counts from the seating', () => {
    const started = new Date('2026-06-08T02:00:00Z');
    expect(scoresDueAt(cal, started, new Date('2026-06-10T02:00:00Z')).toISOString()).toBe('2026-06-15T16:00:00.000Z');
    expect(scoresDueAt(cal, started, new Date('2026-06-01T02:00:00Z')).toISOString()).toBe('2026-06-11T16:00:00.000Z');
  });
});

describe('dedupe keys', () => {
  it('make a restarted notice and an amended due date new events, and nothing else', () => {
    const a = sweepKeys.noticeEnded('p', new Date('2026-06-01T16:00:00Z'));
    expect(sweepKeys.noticeEnded('p', new Date('2026-06-01T16:00:00Z'))).toBe(a);
    expect(sweepKeys.noticeEnded('p', new Date('2026-06-09T16:00:00Z'))).not.toBe(a);
    expect(sweepKeys.milestoneDueSoon('m', '2026-06-08')).not.toBe(sweepKeys.milestoneDueSoon('m', '2026-06-15'));
    expect(sweepKeys.biddingClosed('p')).toBe('bidding-closed:p');
  });
});
