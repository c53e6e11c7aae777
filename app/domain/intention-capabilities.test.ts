import { describe, expect, it } from 'vitest';
import { allowedActions } from './capabilities';
import { INTENTION_STATUSES, type IntentionStatus } from './intention';
import { intentionCapabilities } from './intention-capabilities';
import type { Actor } from './permissions';

const intention = (status: IntentionStatus) => ({ status, purchaserRole: 'stationStaff', purchaserRegionCode: '610113001' });
const actor = (role: Actor['assignments'][number]['role'], regionCode: string | null, organizationId: string | null = null): Actor => ({
  userId: 'u',
  assignments: [{ role, regionCode, organizationId }],
});

/** Everyone but the purchasing unit's own staff: the bureau above it and a committee below it included. */
const ACTORS: Record<string, Actor | null> = {
  visitor: null,
  otherStation: actor('stationStaff', '610113002'),
  countyBureauAbove: actor('bureauStaff', '610113'),
  committeeBelow: actor('committeeStaff', '610113001002'),
  orgAdmin: actor('orgAdmin', null, 'o1'),
  evaluator: actor('evaluator', null),
  admin: actor('platformAdmin', null),
};
const purchaser = actor('stationStaff', '610113001');

const PURCHASER: Record<IntentionStatus, string[]> = {
  draft: ['edit', 'publish'],
  published: ['edit', 'withdraw'],
  withdrawn: [],
};

describe('intentionCapabilities', () => {
  it('covers every status', () => {
    expect(Object.keys(PURCHASER).sort()).toEqual([...INTENTION_STATUSES].sort());
  });

  for (const [status, allowed] of Object.entries(PURCHASER) as [IntentionStatus, string[]][]) {
    it(`the purchaser of a ${status} intention may ${allowed.join(', ') || 'do nothing'}`, () => {
      expect(allowedActions(intentionCapabilities(purchaser, intention(status)))).toEqual(allowed);
    });
    for (const [who, a] of Object.entries(ACTORS)) {
      it(`${who} may do nothing with a ${status} intention, refused as forbidden`, () => {
        const caps = intentionCapabilities(a, intention(status));
        expect(allowedActions(caps)).toEqual([]);
        for (const c of Object.values(caps)) expect(c).toMatchObject({ allowed: false, code: 'forbidden' });
      });
    }
  }

  it('refuses a step from the wrong state with the state it is in', () => {
    expect(intentionCapabilities(purchaser, intention('withdrawn')).edit).toEqual({
      allowed: false,
      code: 'invalidTransition',
      reason: 'intention.errors.notEditable',
      params: { status: 'withdrawn' },
    });
    expect(intentionCapabilities(purchaser, intention('published')).publish).toMatchObject({ code: 'invalidTransition', reason: 'intention.errors.stale' });
    expect(intentionCapabilities(purchaser, intention('draft')).withdraw).toMatchObject({ code: 'invalidTransition', reason: 'intention.errors.stale' });
  });
});
