/**
 * What a person can be told, and through which channels by default. Every kind has an in-app row
 * (the inbox is the record); e-mail and SMS are chosen per kind by the person
 * (notification_preferences), these defaults applying where they have not chosen.
 * Message keys: `notification.kind.<kind>.title` / `.body` (params from the row).
 */
export const NOTIFICATION_KINDS = [
  // procurement
  'project.biddingClosed',
  'project.noticeEnded',
  'project.awarded',
  'project.notAwarded',
  'project.amended',
  'project.clarified',
  'project.cancelled',
  'panel.seated',
  'panel.scoresDue',
  'challenge.filed',
  'challenge.answered',
  // contracts
  'contract.toConfirm',
  'contract.signed',
  'contract.unsignedReminder',
  'amendment.proposed',
  'amendment.answered',
  'milestone.dueSoon',
  'deliverable.submitted',
  'deliverable.returned',
  'deliverable.accepted',
  'tranche.paid',
  'subcontract.consentAsked',
  'subcontract.consentGiven',
  'subcontract.consentRefused',
  // registry
  'filing.submitted',
  'filing.returned',
  'filing.passed',
  'filing.filed',
  'filing.rejected',
] as const;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export type DeliveryChannel = 'email' | 'sms';
export const DELIVERY_CHANNELS: readonly DeliveryChannel[] = ['email', 'sms'];

/** E-mail by default for what asks the person to act or decides their money; SMS only where they opt in, or a deadline is near. */
const EMAIL_OFF_BY_DEFAULT = new Set<NotificationKind>(['project.clarified', 'deliverable.submitted']);
const SMS_ON_BY_DEFAULT = new Set<NotificationKind>(['contract.unsignedReminder', 'milestone.dueSoon', 'panel.scoresDue']);

export function defaultChannel(kind: NotificationKind, channel: DeliveryChannel): boolean {
  return channel === 'email' ? !EMAIL_OFF_BY_DEFAULT.has(kind) : SMS_ON_BY_DEFAULT.has(kind);
}

export function isNotificationKind(value: string): value is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

/** Whether a person wants `kind` on `channel`, given their stored choices (absent: the default). */
export function wantsChannel(
  kind: NotificationKind,
  channel: DeliveryChannel,
  choices: ReadonlyArray<{ kind: string; channel: string; enabled: boolean }>,
): boolean {
  const chosen = choices.find((c) => c.kind === kind && c.channel === channel);
  return chosen ? chosen.enabled : defaultChannel(kind, channel);
}

export const NOTIFICATION_GROUPS = ['procurement', 'contracts', 'registry'] as const;
export type NotificationGroup = (typeof NOTIFICATION_GROUPS)[number];

/** The group a kind is listed under on the preferences page: by its first word (the entity it is about). */
export function notificationGroup(kind: NotificationKind): NotificationGroup {
  const entity = kind.slice(0, kind.indexOf('.'));
  if (entity === 'filing') return 'registry';
  if (entity === 'project' || entity === 'panel' || entity === 'challenge') return 'procurement';
  return 'contracts';
}
