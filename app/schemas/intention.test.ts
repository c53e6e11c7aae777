import { describe, expect, it } from 'vitest';
import { IntentionSchema } from './intention';

const good = {
  title: '2027年度居家养老上门服务',
  description: '为辖区空巢、独居老人提供每周一次上门探访和生活照料服务。',
  serviceCategories: ['elderlyCare'],
  budget: '１２０,０００.５０',
  fundingSource: 'publicFinance',
  year: '2027',
  expectedMonth: '3',
};
const errorsOf = (v: Record<string, unknown>) => {
  const r = IntentionSchema.safeParse(v);
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [String(i.path[0]), i.message]));
};

describe('IntentionSchema', () => {
  it('reads yuan as typed into fen, and the year and month as numbers', () => {
    expect(IntentionSchema.parse(good)).toMatchObject({ budget: 120_000_50, year: 2027, expectedMonth: 3, serviceCategories: ['elderlyCare'] });
  });

  it('answers every bad field at once, each with its message key', () => {
    expect(errorsOf({ ...good, title: 'ab', budget: '0', year: '1999', expectedMonth: '13', serviceCategories: [], fundingSource: 'lottery' })).toEqual({
      title: 'intention.errors.title',
      budget: 'intention.errors.budget',
      year: 'intention.errors.year',
      expectedMonth: 'intention.errors.month',
      serviceCategories: 'filing.errors.categories',
      fundingSource: 'errors.invalid',
    });
  });

  it('refuses a category outside the vocabulary and a month that is not whole', () => {
    expect(errorsOf({ ...good, serviceCategories: ['elderlyCare', 'gambling'], expectedMonth: '2.5' })).toEqual({
      serviceCategories: 'errors.invalid',
      expectedMonth: 'errors.integer',
    });
  });
});
