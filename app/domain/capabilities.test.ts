import { describe, expect, it } from 'vitest';
import { ALLOWED, allowedActions, firstRefusal, mayOf, refuse } from './capabilities';

describe('capabilities', () => {
  it('the first refusal wins, in the order the checks are given', () => {
    const notYours = refuse('forbidden', 'errors.forbidden');
    const stale = refuse('invalidTransition', 'project.errors.stale', { status: 'awarded' });
    expect(firstRefusal(ALLOWED, notYours, stale)).toBe(notYours);
    expect(firstRefusal(ALLOWED, stale)).toEqual({ allowed: false, code: 'invalidTransition', reason: 'project.errors.stale', params: { status: 'awarded' } });
    expect(firstRefusal(ALLOWED, ALLOWED)).toEqual({ allowed: true });
  });
  it('a page gets the allowed actions in order, or a flag per action', () => {
    const caps = { publish: ALLOWED, cancel: refuse('invalidTransition', 'project.errors.stale'), edit: ALLOWED };
    expect(allowedActions(caps)).toEqual(['publish', 'edit']);
    expect(mayOf(caps)).toEqual({ publish: true, cancel: false, edit: true });
  });
});
