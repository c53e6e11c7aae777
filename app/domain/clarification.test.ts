import { describe, expect, it } from 'vitest';
import { allowedActions } from './capabilities';
import { clarificationCapabilities, clarificationTextProblem } from './clarification';
import type { Actor } from './permissions';
import { PROJECT_TRANSITIONS, type ProjectStatus } from './project';

const now = new Date('2026-06-01T08:00:00Z');
const ahead = new Date('2026-06-10T08:00:00Z');
const past = new Date('2026-05-20T08:00:00Z');
const STATUSES = [...new Set(Object.values(PROJECT_TRANSITIONS).flatMap((t) => [...t.from, t.to]))] as ProjectStatus[];

const actor = (role: Actor['assignments'][number]['role'], regionCode: string | null, organizationId: string | null = null): Actor => ({
  userId: 'u',
  assignments: [{ role, regionCode, organizationId }],
});
const project = (status: ProjectStatus, bidDeadline = ahead) => ({
  status,
  bidDeadline,
  regionCode: '610113001001',
  purchaserRole: 'stationStaff',
  purchaserRegionCode: '610113001',
});
const ACTORS: Record<string, Actor | null> = {
  visitor: null,
  bidder: actor('orgAdmin', null, 'o1'),
  member: actor('orgMember', null, 'o1'),
  otherOrgAdmin: actor('orgAdmin', null, 'o2'),
  purchaser: actor('stationStaff', '610113001'),
  otherStation: actor('stationStaff', '610113002'),
  committee: actor('committeeStaff', '610113001001'),
  evaluator: actor('evaluator', null),
};
/** Who may do what on a published project with its deadline ahead, organization o1 asking. */
const OPEN: Record<string, string[]> = {
  visitor: [],
  bidder: ['ask'],
  member: [],
  otherOrgAdmin: [],
  purchaser: ['answer'],
  otherStation: [],
  committee: [],
  evaluator: [],
};

describe('clarificationCapabilities', () => {
  it('lets an organization admin ask and the purchasing unit answer while bidding is open, nobody else', () => {
    for (const [name, a] of Object.entries(ACTORS)) {
      expect([name, allowedActions(clarificationCapabilities(a, project('published'), { organizationId: 'o1' }, now))]).toEqual([name, OPEN[name]]);
    }
  });

  it('closes both with bidding: after the deadline and in every other state', () => {
    for (const a of [ACTORS.bidder!, ACTORS.purchaser!]) {
      const late = clarificationCapabilities(a, project('published', past), { organizationId: 'o1' }, now);
      expect(late.ask.allowed || late.answer.allowed).toBe(false);
      for (const status of STATUSES.filter((s) => s !== 'published')) {
        expect(allowedActions(clarificationCapabilities(a, project(status), { organizationId: 'o1' }, now))).toEqual([]);
      }
    }
    // Exactly at the deadline bidding is over.
    expect(clarificationCapabilities(ACTORS.bidder!, project('published', now), { organizationId: 'o1' }, now).ask).toMatchObject({
      allowed: false,
      reason: 'clarification.errors.closed',
    });
  });

  it('refuses who may not before saying anything of the state', () => {
    expect(clarificationCapabilities(ACTORS.otherOrgAdmin!, project('awarded'), { organizationId: 'o1' }, now).ask).toMatchObject({ code: 'forbidden' });
    expect(clarificationCapabilities(ACTORS.bidder!, project('published'), { organizationId: null }, now).ask).toMatchObject({ code: 'forbidden' });
  });
});

describe('clarificationTextProblem', () => {
  it('wants four characters at least once trimmed, counting Chinese characters as one each', () => {
    expect(clarificationTextProblem('  好的  ')).toBe('clarification.errors.tooShort');
    expect(clarificationTextProblem('是否可以')).toBeNull();
    expect(clarificationTextProblem('abc')).toBe('clarification.errors.tooShort');
    expect(clarificationTextProblem('x'.repeat(2001))).toBe('clarification.errors.tooLong');
  });
});
