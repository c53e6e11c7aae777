import { ALLOWED, firstRefusal, refuse, type Capabilities, type Capability } from './capabilities';
import { INTENTION_EDITABLE, INTENTION_TRANSITIONS, intentionResource, type IntentionAction, type IntentionStatus } from './intention';
import { can, type Actor } from './permissions';
import { canTransition } from './transitions';

/**
 * What the purchasing unit may do with its purchase intention (STYLE.md §11): the `intention:manage`
 * permission (only the unit's own staff), then the intention's transition table. The intention's page
 * shows its buttons from this and each use case refuses with it.
 */
export type IntentionCapability = 'edit' | 'publish' | 'withdraw';

export interface IntentionState {
  status: IntentionStatus;
  purchaserRole: string;
  purchaserRegionCode: string;
}

const FORBIDDEN = refuse('forbidden', 'errors.forbidden');

function step(status: IntentionStatus, action: IntentionAction): Capability {
  return canTransition(INTENTION_TRANSITIONS, status, action) ? ALLOWED : refuse('invalidTransition', 'intention.errors.stale', { status });
}

export function intentionCapabilities(actor: Actor | null, intention: IntentionState): Capabilities<IntentionCapability> {
  const { status } = intention;
  const manage = can(actor, 'intention:manage', intentionResource(intention)) ? ALLOWED : FORBIDDEN;
  return {
    edit: firstRefusal(manage, INTENTION_EDITABLE.includes(status) ? ALLOWED : refuse('invalidTransition', 'intention.errors.notEditable', { status })),
    publish: firstRefusal(manage, step(status, 'publish')),
    withdraw: firstRefusal(manage, step(status, 'withdraw')),
  };
}
