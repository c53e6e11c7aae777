import { describe, expect, it } from 'vitest';
import { categoriesField } from './filing';

describe('a checkbox group read as a list', () => {
  const parse = (v: unknown) => categoriesField().safeParse(v);
  it('takes one box posted once, several, or none', () => {
    expect(parse('culture').data).toEqual(['culture']);
    expect(parse(['culture', 'education']).data).toEqual(['culture', 'education']);
    expect(parse(undefined).error?.issues.map((i) => i.message)).toEqual(['filing.errors.categories']);
  });
  it('reports an unknown value and too many on the group, not on one box', () => {
    const unknown = parse(['culture', 'astrology']).error!.issues;
    expect(unknown.map((i) => [i.path, i.message])).toEqual([[[], 'errors.invalid']]);
    const six = parse(['culture', 'education', 'elderlyCare', 'childcare', 'mediation', 'charity']).error!.issues;
    expect(six.map((i) => [i.path, i.message])).toEqual([[[], 'filing.errors.categoriesMax']]);
  });
});
