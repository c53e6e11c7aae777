import { describe, expect, it } from 'vitest';
import { parseSubmission } from '~/lib/forms.server';
import { contractTermsSchema, scheduleSplit, subcontractSchema } from './contract';

const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
};

/** A submission's errors (none when it succeeded). */
const errorsOf = (s: object) => ('error' in s ? s.error : undefined);

const GOOD = {
  amount: '120000',
  startDate: '2027-01-01',
  endDate: '2027-12-31',
  paymentRail: 'treasury',
  'milestones[0].title': '中期报告',
  'milestones[0].kind': 'reporting',
  'milestones[0].dueDate': '2027-06-30',
  'milestones[1].title': '终期验收',
  'milestones[1].kind': 'delivery',
  'milestones[1].dueDate': '2027-12-31',
  'tranches[0].percent': '50',
  'tranches[0].unlock': 'signing',
  'tranches[1].percent': '30',
  'tranches[1].unlock': '1',
  'tranches[2].percent': '20',
  'tranches[2].unlock': '2',
};

const schema = contractTermsSchema({ maxFen: 12_000_000, overKey: 'contract.errors.overAward', rail: true });

describe('the contract schedule as lists of any length', () => {
  it('reads the terms', () => {
    const s = parseSubmission(form(GOOD), schema);
    expect(s.status).toBe('success');
    expect(s.status === 'success' && s.value).toEqual({
      amountFen: 12_000_000,
      startDate: '2027-01-01',
      endDate: '2027-12-31',
      paymentRail: 'treasury',
      milestones: [
        { title: '中期报告', kind: 'reporting', dueDate: '2027-06-30' },
        { title: '终期验收', kind: 'delivery', dueDate: '2027-12-31' },
      ],
      tranches: [
        { percent: 50, milestoneIndex: null, advance: false },
        { percent: 30, milestoneIndex: 0, advance: false },
        { percent: 20, milestoneIndex: 1, advance: false },
      ],
      // Left out, nothing may be subcontracted.
      subcontracting: { maxPercent: 0, excludedWork: null },
    });
  });

  it('reads the subcontracting terms and the advance; refuses a share over the ceiling, no main work, a later advance', () => {
    const s = parseSubmission(form({ ...GOOD, subcontractPercent: '70', subcontractExcludedWork: '个案服务与项目统筹', firstAdvance: 'on' }), schema);
    expect(s.status === 'success' && s.value.subcontracting).toEqual({ maxPercent: 70, excludedWork: '个案服务与项目统筹' });
    expect(s.status === 'success' && s.value.tranches.map((t) => t.advance)).toEqual([true, false, false]);
    expect(errorsOf(parseSubmission(form({ ...GOOD, subcontractPercent: '71', subcontractExcludedWork: '个案服务与项目统筹' }), schema))).toEqual({
      subcontractPercent: ['execution.errors.sharePercent'],
    });
    expect(errorsOf(parseSubmission(form({ ...GOOD, subcontractPercent: '100', subcontractExcludedWork: '个案服务' }), schema))).toEqual({
      subcontractPercent: ['execution.errors.sharePercent'],
    });
    expect(errorsOf(parseSubmission(form({ ...GOOD, subcontractPercent: '30' }), schema))).toEqual({
      subcontractExcludedWork: ['execution.errors.excludedWork'],
    });
    expect(errorsOf(parseSubmission(form({ ...GOOD, 'tranches[0].unlock': '1', firstAdvance: 'on' }), schema))).toEqual({
      firstAdvance: ['execution.errors.advance'],
    });
  });

  it('takes the treasury when no rail is chosen', () => {
    const { paymentRail: _, ...noRail } = GOOD;
    const s = parseSubmission(form(noRail), schema);
    expect(s.status === 'success' && s.value.paymentRail).toBe('treasury');
    expect(errorsOf(parseSubmission(form({ ...GOOD, paymentRail: 'cash' }), schema))).toEqual({ paymentRail: ['errors.invalid'] });
  });

  it('reports every problem in one round, each on its row', () => {
    const s = parseSubmission(
      form({
        ...GOOD,
        amount: '130000',
        'milestones[0].title': 'x',
        'milestones[1].dueDate': '2028-01-05',
        'tranches[1].unlock': '7',
        'tranches[2].percent': '0',
      }),
      schema,
    );
    expect(s.status).toBe('error');
    expect(errorsOf(s)).toMatchObject({
      amount: ['contract.errors.overAward'],
      'milestones[0].title': ['contract.errors.milestoneTitle'],
      'milestones[1].dueDate': ['contract.errors.milestoneDue'],
      'tranches[1].unlock': ['contract.errors.trancheMilestone'],
      'tranches[2].percent': ['contract.errors.tranches.percent'],
    });
  });

  it('checks the lists as a whole even when a field is wrong', () => {
    const none = parseSubmission(form({ amount: 'abc', startDate: '2027-02-30', endDate: '2027-12-31' }), schema);
    expect(errorsOf(none)).toMatchObject({
      amount: ['contract.errors.amount'],
      startDate: ['errors.date'],
      milestones: ['contract.errors.milestones'],
      tranches: ['contract.errors.tranches.none'],
    });
    const sum = parseSubmission(form({ ...GOOD, endDate: '2026-01-01', 'tranches[2].percent': '25' }), schema);
    expect(errorsOf(sum)).toMatchObject({ endDate: ['contract.errors.dates'], tranches: ['contract.errors.tranches.sum'] });
  });

  it('adds and removes rows through list intents, without validating', () => {
    const f = form(GOOD);
    f.append('__intent__', JSON.stringify({ type: 'insert', payload: { name: 'tranches' } }));
    const s = parseSubmission(f, schema);
    expect(s.status).toBeUndefined();
    expect((s.payload.tranches as unknown[]).length).toBe(4);
  });

  it('refuses a list intent no page sends as bad input, not a fault', () => {
    const f = form(GOOD);
    f.append('__intent__', '{"type"}x');
    expect(() => parseSubmission(f, schema)).toThrow(expect.objectContaining({ code: 'invalidInput' }));
  });

  it('splits the amount over the rows as typed', () => {
    expect(scheduleSplit({ amount: '100', tranches: [{ percent: '50' }, { percent: '30' }, { percent: '20' }] })).toEqual([5000, 3000, 2000]);
    expect(scheduleSplit({ amount: '100', tranches: [{ percent: '50' }] })).toBeNull();
  });
});

describe('a subcontract', () => {
  const sub = subcontractSchema({ maxFen: 800_000, overKey: 'subcontract.errors.overParent', targets: ['a0000000-0000-4000-8000-000000000001'] });
  it('needs a payee among the targets and a title, with the schedule on the treasury', () => {
    const s = parseSubmission(form({ ...GOOD, amount: '8000', paymentRail: 'stripe' }), sub);
    expect(errorsOf(s)).toMatchObject({ payeeOrganizationId: ['subcontract.errors.choose'], title: ['subcontract.errors.title'] });
    const { paymentRail: _, ...noRail } = GOOD;
    const ok = parseSubmission(form({ ...noRail, amount: '8000', payeeOrganizationId: 'a0000000-0000-4000-8000-000000000001', title: '分包服务项目' }), sub);
    expect(ok.status === 'success' && ok.value.terms.paymentRail).toBe('treasury');
  });
});
