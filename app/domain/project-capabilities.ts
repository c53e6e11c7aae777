import { ALLOWED, firstRefusal, refuse, type Capabilities, type Capability } from './capabilities';
import type { Actor } from './permissions';
import { can } from './permissions';
import { PANEL_OPEN, PROJECT_TRANSITIONS, projectResource, reissueProblem, EDITABLE, type ProjectAction, type ProjectStatus } from './project';
import { canTransition } from './transitions';

/**
 * What the purchasing unit may do with its project (STYLE.md §11): the `project:manage` permission,
 * then the project's transition table. The project page shows its buttons from this and each use
 * case refuses with it, so they cannot disagree. Checks that need the clock or other rows (a
 * deadline still ahead, the notice period over, three evaluators) stay in the use case.
 */
export type ProjectCapability = 'edit' | 'publish' | 'cancel' | 'managePanel' | 'startEvaluation' | 'startNotice' | 'award' | 'reissue';

export interface ProjectState {
  status: ProjectStatus;
  regionCode: string;
  purchaserRole: string;
  purchaserRegionCode: string;
}

const FORBIDDEN = refuse('forbidden', 'errors.forbidden');

/** A step of the project's transition table, refused with the state it is in now. */
export function projectStep(status: ProjectStatus, action: ProjectAction): Capability {
  return canTransition(PROJECT_TRANSITIONS, status, action) ? ALLOWED : refuse('invalidTransition', 'project.errors.stale', { status });
}

export function projectCapabilities(actor: Actor | null, project: ProjectState, o: { reissued: boolean }): Capabilities<ProjectCapability> {
  const { status } = project;
  const manage = can(actor, 'project:manage', projectResource(project)) ? ALLOWED : FORBIDDEN;
  const reissue = reissueProblem(status, o.reissued);
  return {
    edit: firstRefusal(manage, EDITABLE.includes(status) ? ALLOWED : refuse('invalidTransition', 'project.errors.notEditable', { status })),
    publish: firstRefusal(manage, projectStep(status, 'publish')),
    cancel: firstRefusal(manage, projectStep(status, 'cancel')),
    managePanel: firstRefusal(manage, PANEL_OPEN.includes(status) ? ALLOWED : refuse('invalidTransition', 'panel.errors.notNow')),
    startEvaluation: firstRefusal(manage, projectStep(status, 'startEvaluation')),
    startNotice: firstRefusal(manage, projectStep(status, 'startNotice')),
    award: firstRefusal(manage, projectStep(status, 'award')),
    reissue: firstRefusal(manage, reissue ? refuse(o.reissued ? 'conflict' : 'invalidTransition', reissue, { status }) : ALLOWED),
  };
}
