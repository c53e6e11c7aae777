/**
 * The registry at province scale, generated in memory from the real region tree and one random
 * stream (consumed in a fixed order, so a seed number always gives the same rows): staff, community
 * organizations, hubs and county-level organizations (registry-orgs.ts), and the filing
 * applications with their timelines (registry-filings.ts).
 */
import type { filingApplications, filingSteps, organizations, roleAssignments, users } from '#db/schema';
import { makeUscc } from '~/domain/uscc';
import type { Rng } from './rng';
import { DAY, chinaDate, dayStart } from './world';
import { EXIT_REASONS, GIVEN, SURNAMES, SUSPEND_REASONS } from './vocabulary';
import { admins, communityOrganizations, countyOrganizations, filingNumbers, hubs, staff } from './registry-orgs';
import { filedApplications, openApplications } from './registry-filings';

export interface RegionInfo {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
  communityType: 'urban' | 'rural' | null;
}

export type OrgRow = typeof organizations.$inferInsert & { id: string };
export type UserRow = typeof users.$inferInsert & { id: string };
export type RoleRow = typeof roleAssignments.$inferInsert;
export type AppRow = typeof filingApplications.$inferInsert & { id: string };
export type StepRow = typeof filingSteps.$inferInsert;

export interface Existing {
  usccs: Set<string>;
  filingNumbers: Set<string>;
  mobiles: Set<string>;
  names: Set<string>;
  hubStreets: Set<string>;
}

export interface Plan {
  orgs: OrgRow[];
  users: UserRow[];
  roles: RoleRow[];
  apps: AppRow[];
  steps: StepRow[];
  stats: Record<string, number>;
}

/** What the steps of the generation share: the stream, the rows made so far and who is who. */
export interface Gen {
  rng: Rng;
  existing: Existing;
  passwordHash: string;
  regionRows: RegionInfo[];
  streets: RegionInfo[];
  counties: RegionInfo[];
  communitiesOf: Map<string, RegionInfo[]>;
  orgs: OrgRow[];
  usersOut: UserRow[];
  roles: RoleRow[];
  apps: AppRow[];
  steps: StepRow[];
  stats: Record<string, number>;
  person: () => string;
  phone: () => string;
  uniqueMobile: () => string;
  uscc: (category: '1' | '2', county: string) => string;
  foundedDate: (from?: number, to?: number) => string;
  between: (from: number, to: number) => number;
  withStatus: (org: OrgRow) => void;
  stationUser: Map<string, string>;
  committeeUser: Map<string, string>;
  /** Filed organizations waiting for their filing number, numbered per street and year in date order. */
  toNumber: { org: OrgRow; street: string; at: number }[];
  /** Organizations that went through the filing workflow and need an application with its timeline. */
  filedThroughWorkflow: { org: OrgRow; theme: string; community: RegionInfo }[];
  themesUsed: Map<string, Set<string>>;
  streetLeaders: Map<string, string[]>;
}

export function generate(rng: Rng, regionRows: RegionInfo[], existing: Existing, passwordHash: string): Plan {
  const streets = regionRows.filter((r) => r.level === 'street');
  const counties = regionRows.filter((r) => r.level === 'county');
  const communitiesOf = new Map<string, RegionInfo[]>();
  for (const r of regionRows) {
    if (r.level !== 'community' || !r.parentCode) continue;
    const list = communitiesOf.get(r.parentCode) ?? [];
    list.push(r);
    communitiesOf.set(r.parentCode, list);
  }

  const orgs: OrgRow[] = [];
  const usersOut: UserRow[] = [];
  const roles: RoleRow[] = [];
  const apps: AppRow[] = [];
  const steps: StepRow[] = [];
  const stats: Record<string, number> = {
    urbanCommunities: 0,
    urbanBelowTarget: 0,
    ruralCommunities: 0,
    ruralWithoutOrg: 0,
  };

  const person = () => rng.pick(SURNAMES) + rng.pick(GIVEN) + (rng.chance(0.7) ? rng.pick(GIVEN) : '');
  const mobilePrefixes = ['135', '136', '137', '139', '150', '151', '152', '158', '159', '182', '187', '188', '189', '199'];
  const phone = () => rng.pick(mobilePrefixes) + String(rng.int(0, 99_999_999)).padStart(8, '0');
  const uniqueMobile = () => {
    for (;;) {
      const m = phone();
      if (!existing.mobiles.has(m)) {
        existing.mobiles.add(m);
        return m;
      }
    }
  };
  const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const uscc = (category: '1' | '2', county: string) => {
    for (;;) {
      let code = 'MJ';
      for (let i = 0; i < 7; i++) code += USCC_CHARS[rng.int(0, USCC_CHARS.length - 1)];
      const value = makeUscc(category, county, code);
      if (!existing.usccs.has(value)) {
        existing.usccs.add(value);
        return value;
      }
    }
  };
  const foundedDate = (from = 2005, to = 2025) => {
    // Skewed towards recent years: most groups are young.
    const year = from + Math.floor((to - from + 1) * Math.pow(rng.float(), 0.7));
    const start = dayStart(`${Math.min(year, to)}-01-01`);
    return chinaDate(start + rng.int(0, 364) * DAY);
  };
  /** A moment between two instants, on a working day's office hours (09:00–17:00 China time). */
  const between = (from: number, to: number) => {
    const at = to <= from ? from : from + Math.floor(rng.float() * (to - from));
    const day = dayStart(chinaDate(at));
    return day + 9 * 3_600_000 + rng.int(0, 8 * 60 - 1) * 60_000;
  };
  const withStatus = (org: OrgRow) => {
    const r = rng.float();
    if (r < 0.02) {
      org.status = 'suspended';
      org.statusReason = rng.pick(SUSPEND_REASONS);
    } else if (r < 0.03) {
      org.status = 'exited';
      org.statusReason = rng.pick(EXIT_REASONS);
    }
  };

  const g: Gen = {
    rng,
    existing,
    passwordHash,
    regionRows,
    streets,
    counties,
    communitiesOf,
    orgs,
    usersOut,
    roles,
    apps,
    steps,
    stats,
    person,
    phone,
    uniqueMobile,
    uscc,
    foundedDate,
    between,
    withStatus,
    stationUser: new Map(),
    committeeUser: new Map(),
    toNumber: [],
    filedThroughWorkflow: [],
    themesUsed: new Map(),
    streetLeaders: new Map(),
  };
  staff(g);
  communityOrganizations(g);
  hubs(g);
  countyOrganizations(g);
  admins(g);
  filingNumbers(g);
  filedApplications(g);
  openApplications(g);

  for (const org of orgs) delete (org as OrgRow & { adminUserId?: string }).adminUserId;
  return { orgs, users: usersOut, roles, apps, steps, stats };
}
