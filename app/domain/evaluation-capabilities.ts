import { ALLOWED, firstRefusal, refuse, type Capabilities } from './capabilities';
import { can, type Actor } from './permissions';
import { PANEL_OPEN, PROJECT_TRANSITIONS, type ProjectStatus } from './project';
import { canTransition } from './transitions';

/**
 * What an evaluator may do on a project's panel (STYLE.md §11): the `evaluation:score` permission
 * and a seat on this panel, then the seat and the project's state.
 *
 * - score: save and submit points while the project is under evaluation (the state it is ranked
 *   from), on an active seat, until the evaluator has submitted (then the scores are locked);
 * - readScores: open the scoring page (to score, or to read what one submitted);
 * - declareConflict: recuse oneself while the panel may change, before submitting.
 */
export type EvaluationCapability = 'score' | 'readScores' | 'declareConflict';

export interface PanelSeat {
  status: string;
  submittedAt: Date | string | null;
}

const FORBIDDEN = refuse('forbidden', 'errors.forbidden');

export function evaluationCapabilities(
  actor: Actor | null,
  project: { status: ProjectStatus },
  seat: PanelSeat | null | undefined,
): Capabilities<EvaluationCapability> {
  const member = can(actor, 'evaluation:score') && seat ? ALLOWED : FORBIDDEN;
  const active = seat?.status === 'active' ? ALLOWED : FORBIDDEN;
  const submitted = !!seat?.submittedAt;
  const evaluating = canTransition(PROJECT_TRANSITIONS, project.status, 'rank');
  return {
    score: firstRefusal(
      member,
      active,
      evaluating ? ALLOWED : refuse('invalidTransition', 'score.errors.notEvaluating'),
      submitted ? refuse('invalidTransition', 'score.errors.locked') : ALLOWED,
    ),
    readScores: firstRefusal(member, active, evaluating || submitted ? ALLOWED : refuse('invalidTransition', 'score.errors.notEvaluating')),
    declareConflict: firstRefusal(
      member,
      seat?.status === 'active' && !submitted && PANEL_OPEN.includes(project.status) ? ALLOWED : refuse('invalidTransition', 'panel.errors.notNow'),
    ),
  };
}
