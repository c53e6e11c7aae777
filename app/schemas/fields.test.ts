import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldErrorsOf } from '~/lib/forms.server';
import { dateField, dateTimeField, idField, moneyField, numberField, pageParam, searchText, text } from './fields';

/** The message key a field answers for a value (as the form shows it), or 'ok'. */
function keyOf(schema: z.ZodType, value: unknown): string {
  const r = z.object({ f: schema }).safeParse({ f: value });
  return r.success ? 'ok' : fieldErrorsOf(r.error).f!;
}

describe('text fields', () => {
  const name = text({ min: 4, max: 60, required: 'errors.required', tooShort: 'filing.errors.leader.tooShort', tooLong: 'filing.errors.leader.tooLong' });
  const plan = text({ min: 4, max: 100, multiline: true, tooShort: 'filing.errors.charter.tooShort', tooLong: 'filing.errors.charter.tooLong' });

  it('trims, then measures', () => {
    expect(name.parse('  永松社区京剧票友会  ')).toBe('永松社区京剧票友会');
    expect(keyOf(name, undefined)).toBe('errors.required');
    expect(keyOf(name, '   ')).toBe('errors.required');
    expect(keyOf(name, '京剧')).toBe('filing.errors.leader.tooShort');
    expect(keyOf(name, '京'.repeat(61))).toBe('filing.errors.leader.tooLong');
    expect(keyOf(name, 'a'.repeat(1 << 20))).toBe('filing.errors.leader.tooLong');
  });

  it('refuses NUL and other control characters first, whatever else is wrong', () => {
    expect(keyOf(name, '京剧\u0000票友会')).toBe('errors.controlCharacters');
    expect(keyOf(name, `\u0000${'a'.repeat(1 << 20)}`)).toBe('errors.controlCharacters');
    expect(keyOf(name, 'del\u007Fete')).toBe('errors.controlCharacters');
    expect(keyOf(plan, 'ab\u001Bcd')).toBe('errors.controlCharacters');
  });

  it('lets a textarea keep tabs and line breaks, not a single-line field (after trimming)', () => {
    expect(keyOf(plan, '第一条\r\n\t第二条')).toBe('ok');
    expect(keyOf(name, '第一条\n第二条')).toBe('errors.controlCharacters');
    expect(name.parse('永松社区票友会\n')).toBe('永松社区票友会');
  });

  it('without `required`, a blank value meets the minimum (the form’s own message)', () => {
    expect(keyOf(plan, '')).toBe('filing.errors.charter.tooShort');
    expect(keyOf(text({ max: 10 }), '')).toBe('ok');
  });
});

describe('ids, dates, datetimes, money and numbers', () => {
  it('ids are UUIDs', () => {
    expect(keyOf(idField('experts.errors.organization'), '0f8fad5b-d9cb-469f-a165-70867728950e')).toBe('ok');
    for (const bad of ['-'.repeat(36), 'x', '', undefined, ['0f8fad5b-d9cb-469f-a165-70867728950e']])
      expect(keyOf(idField('experts.errors.organization'), bad)).toBe('experts.errors.organization');
  });

  it('dates and datetimes exist on the calendar and the clock', () => {
    expect(keyOf(dateField(), '2024-02-29')).toBe('ok');
    for (const bad of ['2026-13-01', '2026-02-30', '2026-12-01T00:00', '２０２６-０１-０１', '']) expect(keyOf(dateField(), bad), bad).toBe('errors.date');
    expect(keyOf(dateTimeField('project.errors.deadline'), '2026-12-01T17:00')).toBe('ok');
    for (const bad of ['2026-13-01T25:61', '2026-12-01T25:00', '2026-02-30T10:00', '2026-12-01'])
      expect(keyOf(dateTimeField('project.errors.deadline'), bad), bad).toBe('project.errors.deadline');
  });

  it('money is read as typed on a Chinese keyboard and must be above zero', () => {
    expect(moneyField('bid.errors.price').parse('１８６,０００')).toBe(18_600_000);
    expect(moneyField('bid.errors.price').parse('￥186,000.50 元')).toBe(18_600_050);
    for (const bad of ['0', '-5', '186,00', '1'.repeat(100)]) expect(keyOf(moneyField('bid.errors.price'), bad), bad).toBe('bid.errors.price');
    expect(keyOf(moneyField('bid.errors.price'), ' ')).toBe('errors.required');
  });

  it('numbers are whole unless decimals are allowed, and within bounds', () => {
    const members = numberField({ min: 3, max: 100_000, key: 'filing.errors.members' });
    expect(members.parse(' １２ ')).toBe(12);
    expect(keyOf(members, '')).toBe('errors.required');
    expect(keyOf(members, '12人')).toBe('errors.number');
    expect(keyOf(members, '1e3')).toBe('errors.number');
    expect(keyOf(members, '12.5')).toBe('errors.integer');
    expect(keyOf(members, '2')).toBe('filing.errors.members');
    expect(keyOf(members, '9'.repeat(400))).toBe('filing.errors.members');
    expect(numberField({ min: 0, max: 20, key: 'filing.errors.members', decimals: true }).parse('2.5')).toBe(2.5);
  });
});

describe('query parameters', () => {
  it('a search box drops control characters and ignores what is too long', () => {
    expect(searchText(60).parse('舞蹈\u0000队')).toBe('舞蹈 队');
    expect(searchText(60).parse('\u0000')).toBeUndefined();
    expect(searchText(60).parse('a'.repeat(61))).toBeUndefined();
    expect(searchText(60).parse(undefined)).toBeUndefined();
  });

  it('a page is 1 … max, anything else is page 1', () => {
    expect(pageParam().parse('3')).toBe(3);
    for (const bad of ['0', '-1', '1.5', 'x', '99999999999', undefined]) expect(pageParam().parse(bad)).toBe(1);
  });
});
