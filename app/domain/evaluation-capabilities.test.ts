import { describe, expect, it } from 'vitest';
import { allowedActions } from './capabilities';
import { evaluationCapabilities, type PanelSeat } from './evaluation-capabilities';
import type { Actor } from './permissions';
import type { ProjectStatus } from './project';

const actor = (role: Actor['assignments'][number]['role'], regionCode: string | null, organizationId: string | null = null): Actor => ({
  userId: 'u',
  assignments: [{ role, regionCode, organizationId }],
});
const evaluator = actor('evaluator', null);
const active: PanelSeat = { status: 'active', submittedAt: null };
const submitted: PanelSeat = { status: 'active', submittedAt: '2026-06-01T08:00:00Z' };
const recused: PanelSeat = { status: 'recused', submittedAt: null };

const STATUSES: ProjectStatus[] = ['draft', 'published', 'biddingClosed', 'evaluating', 'ranked', 'publicNotice', 'awarded', 'cancelled', 'failed'];

/** An evaluator's actions by the state of the project and of their seat. */
const EXPECTED: Record<ProjectStatus, { active: string[]; submitted: string[] }> = {
  draft: { active: [], submitted: ['readScores'] },
  published: { active: [], submitted: ['readScores'] },
  biddingClosed: { active: ['declareConflict'], submitted: ['readScores'] },
  evaluating: { active: ['score', 'readScores', 'declareConflict'], submitted: ['readScores'] },
  ranked: { active: [], submitted: ['readScores'] },
  publicNotice: { active: [], submitted: ['readScores'] },
  awarded: { active: [], submitted: ['readScores'] },
  cancelled: { active: [], submitted: ['readScores'] },
  failed: { active: [], submitted: ['readScores'] },
};

describe('evaluationCapabilities', () => {
  for (const status of STATUSES) {
    it(`on a ${status} project an active member may ${EXPECTED[status].active.join(', ') || 'do nothing'}`, () => {
      expect(allowedActions(evaluationCapabilities(evaluator, { status }, active))).toEqual(EXPECTED[status].active);
    });
    it(`on a ${status} project a member who submitted may ${EXPECTED[status].submitted.join(', ')}`, () => {
      expect(allowedActions(evaluationCapabilities(evaluator, { status }, submitted))).toEqual(EXPECTED[status].submitted);
    });
    it(`on a ${status} project a recused member, an evaluator off the panel and anyone else may do nothing`, () => {
      expect(allowedActions(evaluationCapabilities(evaluator, { status }, recused))).toEqual([]);
      expect(allowedActions(evaluationCapabilities(evaluator, { status }, null))).toEqual([]);
      for (const a of [null, actor('stationStaff', '610113001'), actor('orgAdmin', null, 'o1')]) {
        expect(allowedActions(evaluationCapabilities(a, { status }, active))).toEqual([]);
      }
    });
  }

  it('refuses with the keys the scoring use cases used', () => {
    expect(evaluationCapabilities(evaluator, { status: 'evaluating' }, submitted).score).toMatchObject({
      code: 'invalidTransition',
      reason: 'score.errors.locked',
    });
    expect(evaluationCapabilities(evaluator, { status: 'ranked' }, active).score).toMatchObject({ reason: 'score.errors.notEvaluating' });
    expect(evaluationCapabilities(evaluator, { status: 'evaluating' }, recused).score).toMatchObject({ code: 'forbidden' });
    expect(evaluationCapabilities(evaluator, { status: 'ranked' }, active).declareConflict).toMatchObject({ reason: 'panel.errors.notNow' });
  });
});
