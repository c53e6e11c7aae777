import type { Role } from '~/domain/catalog';
import type { MessageKey } from '~/i18n/catalog';

/**
 * What a workspace is made of (issue 11): for each role family the person holds, lists of what waits
 * for them. Plain data for the loader and the page (and the benchmark's constant-data baseline), no
 * server code, so the components can import it.
 */

/** A label as a message key with its parameters (titles, numbers, dates as ISO text). */
export interface Label {
  key: MessageKey;
  params: Record<string, string | number>;
}

export interface WorkItem {
  label: Label;
  /** When it is due: an ISO instant, or a YYYY-MM-DD day (China); null when nothing is due. */
  due: string | null;
  /** Where the work is done. */
  href: string;
}

/** Every list a workspace can show; its heading is `workspace.list.<id>`. */
export const LIST_IDS = [
  // purchasing units (bureaus, stations, committees)
  'drafts',
  'questions',
  'toEvaluate',
  'toNotice',
  'challenges',
  'awards',
  'toContract',
  'toConfirm',
  'consents',
  'reviews',
  'payments',
  'amendments',
  'bidding',
  'evaluating',
  'notices',
  // committees and stations
  'filings',
  // evaluators
  'toScore',
  'conflicts',
  'panels',
  // organizations
  'returned',
  'milestonesDue',
  'openProjects',
  'bids',
  // hubs
  'awaitingConsent',
] as const;
export type ListId = (typeof LIST_IDS)[number];

export interface WorkList {
  id: ListId;
  /**
   * A task waits for this person's action and counts in the navigation's number; the other lists
   * (projects in bidding, evaluations running, open projects, one's bids) are for following along.
   */
  task: boolean;
  /** How many there are in all; `items` holds at most LIST_LIMIT of them, soonest due first. */
  total: number;
  items: WorkItem[];
}

export type SectionFamily = 'purchaser' | 'evaluator' | 'organization';

/**
 * One section per role the person holds: a purchasing unit (its role at its region; committees and
 * stations also review filings there), the evaluator, each organization (a hub's subcontracts join
 * its organization's section).
 */
export interface WorkSection {
  family: SectionFamily;
  /** A stable id for the page (the unit, the organization). */
  id: string;
  role: Role;
  /** The region or organization it is for, and its page; null for the evaluator. */
  name: string | null;
  href: string | null;
  lists: WorkList[];
}

/** The province-wide queues the platform administrator watches, as counts with where to look. */
export interface AdminQueue {
  id: ListId;
  count: number;
  href: string | null;
}

/** Items shown per list; the rest are counted and reached from the linked pages. */
export const LIST_LIMIT = 20;

/** The tasks of some sections: the number the navigation shows. */
export function taskCount(sections: readonly WorkSection[]): number {
  return sections.reduce((n, s) => n + s.lists.reduce((m, l) => m + (l.task ? l.total : 0), 0), 0);
}

/** A list from its items (capped for the page), dropped when empty; `total` when the items were already cut by the query. */
export function listOf(id: ListId, task: boolean, items: WorkItem[], total = items.length): WorkList[] {
  if (!items.length) return [];
  return [{ id, task, total, items: items.slice(0, LIST_LIMIT) }];
}

/** Soonest due first, undated last; ties keep their order. */
export function byDue(a: WorkItem, b: WorkItem): number {
  if (a.due === b.due) return 0;
  if (a.due === null) return 1;
  if (b.due === null) return -1;
  return dueTime(a.due) - dueTime(b.due);
}

function dueTime(due: string): number {
  // A day is due at its end in China (UTC+8).
  return due.length === 10 ? Date.parse(`${due}T23:59:59.999+08:00`) : Date.parse(due);
}
