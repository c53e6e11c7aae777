import type { TransitionTable } from './transitions';

/**
 * An organization's standing (§4.3: sanctions and the exit mechanism):
 *   active ──suspend──▶ suspended ──reinstate──▶ active
 *   active | suspended ──exit──▶ exited (final)
 */
export type OrgStatus = 'active' | 'suspended' | 'exited';
export type OrgStatusAction = 'suspend' | 'reinstate' | 'exit';

export const ORG_STATUS_TRANSITIONS: TransitionTable<OrgStatus, OrgStatusAction> = {
  suspend: { from: ['active'], to: 'suspended' },
  reinstate: { from: ['suspended'], to: 'active' },
  exit: { from: ['active', 'suspended'], to: 'exited' },
};
