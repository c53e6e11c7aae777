import { sql, type SQLWrapper } from 'drizzle-orm';
import type { Executor } from '#db/client';
import { rowsOf } from '#db/migrate';
import type { Actor } from '~/domain/permissions';
import { now as clockNow, todayInChina } from '~/lib/clock.server';
import { bidderNotices } from '../projects.server';
import { adminQueues } from './admin.server';
import type { Buckets } from './contracts.server';
import { evaluatorCountQueries, evaluatorWorkspace } from './evaluator.server';
import { hubCountQueries, hubWorkspace } from './hub.server';
import { organizationCountQueries, organizationWorkspace } from './organization.server';
import { purchaserCountQueries, purchaserWorkspace } from './purchaser.server';
import { rolesWithScopes } from './roles.server';
import { isPlatformAdmin, unitKey } from './scope';
import { byDue, listOf, taskCount, type AdminQueue, type ListId, type WorkItem, type WorkSection } from './types';

/**
 * The workspace (issue 11): for every role the person holds, what waits for them, each item linking
 * to where the work is done. One read model per role family beside this file (purchaser, evaluator,
 * organization, hub, admin); `workspaceCount` is the navigation's number, the same tasks counted in
 * one statement. Every query runs at once (PGlite serialises them; on PostgreSQL they use the pool).
 */

/** The lists of an organization's section, in the order shown: what to do, then what to follow. */
const ORG_ORDER: readonly ListId[] = ['toConfirm', 'returned', 'milestonesDue', 'amendments', 'reviews', 'payments', 'awaitingConsent', 'openProjects', 'bids'];
const ORG_TASKS: ReadonlySet<ListId> = new Set(['toConfirm', 'returned', 'milestonesDue', 'amendments', 'reviews', 'payments']);

export async function workspaceOf(db: Executor, actor: Actor, at: Date = clockNow()) {
  const today = todayInChina(at);
  const [roles, units, evaluator, orgs, hubs, admin, bidNotices] = await Promise.all([
    rolesWithScopes(db, actor),
    purchaserWorkspace(db, actor, at, today),
    evaluatorWorkspace(db, actor),
    organizationWorkspace(db, actor, at, today),
    hubWorkspace(db, actor, today),
    isPlatformAdmin(actor) ? adminQueues(db, at, today) : Promise.resolve<AdminQueue[] | null>(null),
    bidderNotices(db, actor),
  ]);
  const regionName = (code: string) => roles.find((r) => r.region?.code === code)?.region?.name ?? code;
  const sections: WorkSection[] = [
    ...units.map((u): WorkSection => ({
      family: 'purchaser',
      id: unitKey(u.unit),
      role: u.unit.role,
      name: regionName(u.unit.regionCode),
      href: `/regions/${u.unit.regionCode}`,
      lists: u.lists,
    })),
    ...(evaluator.length || actor.assignments.some((a) => a.role === 'evaluator')
      ? [{ family: 'evaluator' as const, id: 'evaluator', role: 'evaluator' as const, name: null, href: null, lists: evaluator }]
      : []),
    ...orgs.orgs.map((o): WorkSection => {
      const lists = merged(orgs.buckets, hubs, o.org.id);
      return {
        family: 'organization',
        id: o.org.id,
        role: o.admin ? 'orgAdmin' : 'orgMember',
        name: o.org.name,
        href: `/orgs/${o.org.id}`,
        lists: ORG_ORDER.flatMap((id) =>
          listOf(id, ORG_TASKS.has(id), (lists[id] ?? []).sort(byDue), id === 'bids' ? orgs.bidTotals.get(o.org.id) : undefined),
        ),
      };
    }),
  ];
  return { roles, sections, admin, bidNotices, tasks: taskCount(sections) };
}

export type Workspace = Awaited<ReturnType<typeof workspaceOf>>;

type Lists = Partial<Record<ListId, WorkItem[]>>;

/** An organization's lists from its own side and from its hub side (the same list ids join). */
function merged(a: Buckets, b: Buckets, key: string): Lists {
  const out: Lists = {};
  for (const source of [a.get(key), b.get(key)]) {
    for (const id of Object.keys(source ?? {}) as ListId[]) out[id] = [...(out[id] ?? []), ...(source?.[id] ?? [])];
  }
  return out;
}

/**
 * How many tasks wait for the person: the navigation's number, on every signed-in page. One
 * statement summing a count per list (each on an index), the same conditions as the lists'.
 */
export async function workspaceCount(db: Executor, actor: Actor, at: Date = clockNow()): Promise<number> {
  const today = todayInChina(at);
  const parts: SQLWrapper[] = [
    ...purchaserCountQueries(db, actor, at, today),
    ...evaluatorCountQueries(db, actor),
    ...organizationCountQueries(db, actor, today),
    ...hubCountQueries(db, actor, today),
  ];
  if (!parts.length) return 0;
  const total = sql.join(
    parts.map((p) => sql`(${p})`),
    sql` + `,
  );
  const [row] = rowsOf<{ n: number | string }>(await db.execute(sql`SELECT (${total})::int AS n`));
  return Number(row?.n ?? 0);
}
