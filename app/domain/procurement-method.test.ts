import { describe, expect, it } from 'vitest';
import { OFFICIAL_CALENDAR } from './calendar-cn';
import {
  earliestDeadlineDay,
  METHOD_RULES,
  methodProblem,
  panelProblem,
  PROCUREMENT_METHODS,
  singleSourceProblem,
  windowCounted,
  windowProblem,
} from './procurement-method';
import { workCalendar } from './working-days';

const cal = workCalendar(OFFICIAL_CALENDAR);
/** An instant at a China wall-clock time. */
const china = (s: string) => new Date(`${s}+08:00`);

describe('bidding windows by procurement method', () => {
  const published = china('2026-09-29T10:00:00'); // a Tuesday, two days before 国庆节

  it('a public tender runs at least 20 calendar days, holidays included', () => {
    expect(earliestDeadlineDay('publicTender', published, cal)).toBe('2026-10-19');
    expect(windowProblem('publicTender', published, china('2026-10-18T17:00:00'), cal)).toEqual({
      key: 'project.errors.window.calendar',
      params: { earliest: '2026-10-19', days: 20 },
    });
    expect(windowProblem('publicTender', published, china('2026-10-19T09:00:00'), cal)).toBeNull();
  });

  it('a negotiation runs 3 working days, which 国庆节 stretches to the make-up Saturday', () => {
    // Wed 30 Sep (1), 1–7 Oct holiday, Thu 8 (2), Fri 9 (3).
    expect(earliestDeadlineDay('competitiveNegotiation', published, cal)).toBe('2026-10-09');
    expect(windowProblem('competitiveNegotiation', published, china('2026-10-02T09:00:00'), cal)?.key).toBe('project.errors.window.working');
    expect(windowProblem('inquiry', published, china('2026-10-09T09:00:00'), cal)).toBeNull();
  });

  it('nine minutes is too short for every method', () => {
    for (const m of PROCUREMENT_METHODS) expect(windowProblem(m, published, new Date(published.getTime() + 9 * 60_000), cal)).not.toBeNull();
  });

  it('the deadline day is the China day: 23:30 UTC on the 8th is already the 9th in Xi’an', () => {
    expect(windowProblem('inquiry', published, new Date('2026-10-08T23:30:00Z'), cal)).toBeNull();
    expect(windowProblem('inquiry', published, new Date('2026-10-08T15:30:00Z'), cal)).not.toBeNull();
  });

  it('a working-day window into a year whose holidays are not entered is flagged; a calendar-day one never is', () => {
    expect(windowCounted('competitiveNegotiation', china('2026-12-30T10:00:00'), cal)).toBe(false);
    expect(windowCounted('competitiveNegotiation', china('2026-12-01T10:00:00'), cal)).toBe(true);
    expect(windowCounted('publicTender', china('2026-12-30T10:00:00'), cal)).toBe(true);
  });
});

describe('who may buy how', () => {
  it('a small purchase is for a committee spending community funds', () => {
    expect(methodProblem('smallPurchase', 'committeeStaff', 'communityFunds')).toBeNull();
    expect(methodProblem('smallPurchase', 'stationStaff', 'communityFunds')).toBe('project.errors.method.purchaser');
    expect(methodProblem('smallPurchase', 'bureauStaff', 'communityFunds')).toBe('project.errors.method.purchaser');
    expect(methodProblem('smallPurchase', 'committeeStaff', 'publicFinance')).toBe('project.errors.method.funding');
  });

  it('the competitive methods fit every purchaser and source', () => {
    for (const m of PROCUREMENT_METHODS.filter((x) => x !== 'smallPurchase' && x !== 'singleSource')) {
      for (const role of ['bureauStaff', 'stationStaff', 'committeeStaff']) {
        for (const source of ['publicFinance', 'communityFunds', 'socialDonations'] as const) expect(methodProblem(m, role, source)).toBeNull();
      }
    }
  });
});

describe('single source', () => {
  it('is a bureau’s or a station’s, noticed 5 working days, and states supplier, ground and reasons', () => {
    expect(methodProblem('singleSource', 'bureauStaff', 'publicFinance')).toBeNull();
    expect(methodProblem('singleSource', 'stationStaff', 'socialDonations')).toBeNull();
    expect(methodProblem('singleSource', 'committeeStaff', 'communityFunds')).toBe('project.errors.method.purchaser');
    expect(METHOD_RULES.singleSource.window).toEqual({ days: 5, unit: 'working' });
    const why = '辖区唯一具备该项服务专业资质的机构，更换将中断服务。';
    expect(singleSourceProblem('competitiveConsultation', {})).toBeNull();
    expect(singleSourceProblem('singleSource', { ground: 'onlySupplier', justification: why })).toEqual({
      field: 'singleSourceUscc',
      key: 'project.errors.singleSource.supplier',
    });
    expect(singleSourceProblem('singleSource', { supplier: 'x', justification: why })?.field).toBe('singleSourceGround');
    expect(singleSourceProblem('singleSource', { supplier: 'x', ground: 'emergency', justification: '太短了' })?.field).toBe('singleSourceJustification');
    expect(singleSourceProblem('singleSource', { supplier: 'x', ground: 'emergency', justification: why })).toBeNull();
  });
});

describe('panels', () => {
  it('a public tender needs five or more evaluators, the other methods three or more, always an odd number', () => {
    expect(panelProblem('publicTender', 3)).toEqual({ key: 'panel.errors.tooSmall', params: { n: 5 } });
    expect(panelProblem('publicTender', 5)).toBeNull();
    expect(panelProblem('publicTender', 6)).toEqual({ key: 'panel.errors.even', params: { n: 6 } });
    expect(panelProblem('competitiveConsultation', 2)).toEqual({ key: 'panel.errors.tooSmall', params: { n: 3 } });
    expect(panelProblem('inquiry', 4)).toEqual({ key: 'panel.errors.even', params: { n: 4 } });
    expect(panelProblem('smallPurchase', 3)).toBeNull();
  });
});
