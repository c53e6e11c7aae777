import { describe, expect, it } from 'vitest';
import { allowedActions } from './capabilities';
import type { Actor } from './permissions';
import type { ProjectStatus } from './project';
import { projectCapabilities } from './project-capabilities';

const project = (status: ProjectStatus) => ({ status, regionCode: '610113001001', purchaserRole: 'stationStaff', purchaserRegionCode: '610113001' });
const actor = (role: Actor['assignments'][number]['role'], regionCode: string | null, organizationId: string | null = null): Actor => ({
  userId: 'u',
  assignments: [{ role, regionCode, organizationId }],
});

const ACTORS: Record<string, Actor | null> = {
  visitor: null,
  otherStation: actor('stationStaff', '610113002'),
  bureauAbove: actor('bureauStaff', '6101'),
  orgAdmin: actor('orgAdmin', null, 'o1'),
  evaluator: actor('evaluator', null),
};
const purchaser = actor('stationStaff', '610113001');

/** What the purchasing unit may do in each state (before anyone reissued the project). */
const PURCHASER: Record<ProjectStatus, string[]> = {
  draft: ['edit', 'publish', 'cancel'],
  published: ['edit', 'cancel'],
  biddingClosed: ['cancel', 'managePanel', 'startEvaluation'],
  evaluating: ['cancel', 'managePanel'],
  ranked: ['cancel', 'startNotice'],
  publicNotice: ['cancel', 'award'],
  awarded: [],
  cancelled: ['reissue'],
  failed: ['reissue'],
};

describe('projectCapabilities', () => {
  for (const [status, allowed] of Object.entries(PURCHASER) as [ProjectStatus, string[]][]) {
    it(`the purchaser of a ${status} project may ${allowed.join(', ') || 'do nothing'}`, () => {
      expect(allowedActions(projectCapabilities(purchaser, project(status), { reissued: false }))).toEqual(allowed);
    });
    for (const [who, a] of Object.entries(ACTORS)) {
      it(`${who} may do nothing with a ${status} project, refused as forbidden`, () => {
        const caps = projectCapabilities(a, project(status), { reissued: false });
        expect(allowedActions(caps)).toEqual([]);
        for (const c of Object.values(caps)) expect(c).toMatchObject({ allowed: false, code: 'forbidden' });
      });
    }
  }

  it('refuses a step from the wrong state with the state it is in, as the use cases did', () => {
    expect(projectCapabilities(purchaser, project('awarded'), { reissued: false }).cancel).toEqual({
      allowed: false,
      code: 'invalidTransition',
      reason: 'project.errors.stale',
      params: { status: 'awarded' },
    });
    expect(projectCapabilities(purchaser, project('ranked'), { reissued: false }).edit).toMatchObject({ reason: 'project.errors.notEditable' });
    expect(projectCapabilities(purchaser, project('draft'), { reissued: false }).managePanel).toMatchObject({ reason: 'panel.errors.notNow' });
  });

  it('a project is put out again once only: a second reissue is a conflict', () => {
    expect(projectCapabilities(purchaser, project('cancelled'), { reissued: true }).reissue).toMatchObject({
      allowed: false,
      code: 'conflict',
      reason: 'project.errors.alreadyReissued',
    });
    expect(projectCapabilities(purchaser, project('published'), { reissued: false }).reissue).toMatchObject({
      code: 'invalidTransition',
      reason: 'project.errors.notReissuable',
    });
  });
});
