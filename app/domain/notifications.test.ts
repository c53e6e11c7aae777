import { describe, expect, it } from 'vitest';
import { defaultChannel, NOTIFICATION_GROUPS, NOTIFICATION_KINDS, notificationGroup, wantsChannel } from './notifications';

describe('notification kinds', () => {
  it('each kind is listed under one group of the preferences page, and every group has kinds', () => {
    const byGroup = Object.fromEntries(NOTIFICATION_GROUPS.map((g) => [g, NOTIFICATION_KINDS.filter((k) => notificationGroup(k) === g)]));
    expect(byGroup.registry).toEqual(['filing.submitted', 'filing.returned', 'filing.passed', 'filing.filed', 'filing.rejected']);
    expect(byGroup.procurement).toContain('panel.seated');
    expect(byGroup.procurement).toContain('challenge.answered');
    expect(byGroup.contracts).toContain('tranche.paid');
    expect(byGroup.contracts).toContain('subcontract.consentRefused');
    expect(Object.values(byGroup).flat().sort()).toEqual([...NOTIFICATION_KINDS].sort());
  });

  it('a person’s choice overrides the default for that kind and channel only', () => {
    expect(defaultChannel('tranche.paid', 'email')).toBe(true);
    expect(defaultChannel('tranche.paid', 'sms')).toBe(false);
    const choices = [{ kind: 'tranche.paid', channel: 'email', enabled: false }];
    expect(wantsChannel('tranche.paid', 'email', choices)).toBe(false);
    expect(wantsChannel('tranche.paid', 'sms', choices)).toBe(false);
    expect(wantsChannel('deliverable.returned', 'email', choices)).toBe(true);
    expect(wantsChannel('project.clarified', 'email', [])).toBe(false);
    expect(wantsChannel('project.clarified', 'email', [{ kind: 'project.clarified', channel: 'email', enabled: true }])).toBe(true);
  });
});
