/** The organizations of the generated registry and the people who run them (see registry-plan.ts). */
import type { ServiceCategory } from '~/domain/catalog';
import { filingNumber } from '~/domain/filing';
import { ANCHOR, DAY, FIRST_FILING, chinaYear, dayStart } from './world';
import { AGENCY_WORDS, RULES, RURAL_THEMES, URBAN_THEMES, charterFor, communityStem, streetStem } from './vocabulary';
import type { Gen, OrgRow } from './registry-plan';

/** Staff who act in the filing workflow: one station staff per street, one committee staff per community. */
export function staff(g: Gen): void {
  const { rng, streets, communitiesOf, usersOut, roles, stats, person, uniqueMobile, passwordHash, stationUser, committeeUser } = g;
  for (const s of streets) {
    const id = rng.uuid();
    usersOut.push({ id, displayName: `${streetStem(s.name)}民政工作站 ${person()}`, mobile: uniqueMobile(), passwordHash });
    roles.push({ id: rng.uuid(), userId: id, role: 'stationStaff', regionCode: s.code });
    stationUser.set(s.code, id);
    for (const c of communitiesOf.get(s.code) ?? []) {
      const cid = rng.uuid();
      usersOut.push({ id: cid, displayName: `${c.name} ${person()}`, mobile: uniqueMobile(), passwordHash });
      roles.push({ id: rng.uuid(), userId: cid, role: 'committeeStaff', regionCode: c.code });
      committeeUser.set(c.code, cid);
    }
  }
  stats.staffUsers = usersOut.length;
}

/** Community organizations, street by street so a street's leaders can be shared between its groups. */
export function communityOrganizations(g: Gen): void {
  const {
    rng,
    existing,
    passwordHash,
    streets,
    communitiesOf,
    orgs,
    usersOut,
    roles,
    stats,
    person,
    phone,
    uniqueMobile,
    uscc,
    foundedDate,
    between,
    withStatus,
    toNumber,
    filedThroughWorkflow,
    themesUsed,
    streetLeaders,
  } = g;
  for (const s of streets) {
    const streetOrgs: OrgRow[] = [];
    for (const c of communitiesOf.get(s.code) ?? []) {
      const urban = c.communityType !== 'rural';
      let n: number;
      if (urban) {
        stats.urbanCommunities!++;
        n = rng.chance(0.12) ? rng.int(1, 4) : 5 + Math.floor(Math.pow(rng.float(), 2) * 8);
        if (n < 5) stats.urbanBelowTarget!++;
      } else {
        stats.ruralCommunities!++;
        n = rng.chance(0.1) ? 0 : 1 + Math.floor(Math.pow(rng.float(), 2) * 4);
        if (n === 0) stats.ruralWithoutOrg!++;
      }
      const stem = communityStem(c.name, c.communityType);
      const pool = [...(urban ? URBAN_THEMES : RURAL_THEMES)];
      const used = new Set<string>();
      themesUsed.set(c.code, used);
      for (let i = 0; i < n && pool.length; i++) {
        const theme = rng.weighted(pool);
        pool.splice(pool.indexOf(theme), 1);
        const prefix = theme.prefixes ? rng.pick(theme.prefixes) : '';
        const name = `${stem}${prefix}${theme.name}`;
        if (existing.names.has(name)) continue;
        existing.names.add(name);
        used.add(theme.name);
        const categories = [...theme.categories];
        if (rng.chance(0.15)) {
          const extra = rng.pick(['charity', 'residentParticipation', 'culture', 'education'] as const);
          if (!categories.includes(extra)) categories.push(extra);
        }
        const groups = [...theme.groups];
        if (!groups.includes('allResidents') && rng.chance(0.3)) groups.push('allResidents');
        const foundedOn = foundedDate();
        const founded = dayStart(foundedOn);
        // About 18% registered: half of them straight away, half after being filed first.
        let registered = rng.chance(0.18);
        const filed = !registered || rng.chance(0.5);
        const fileFrom = Math.max(founded + 30 * DAY, FIRST_FILING);
        const filedAt = filed ? between(fileFrom, Math.min(fileFrom + 3 * 365 * DAY, ANCHOR)) : null;
        const registerFrom = (filedAt ?? founded) + 180 * DAY;
        // Filed too recently to have been registered since: it stays filed.
        if (registered && registerFrom >= ANCHOR) registered = false;
        const registeredAt = registered ? between(registerFrom, Math.min(registerFrom + 3 * 365 * DAY, ANCHOR)) : null;
        const org: OrgRow = {
          id: rng.uuid(),
          name,
          kind: 'communityOrg',
          legalStatus: registered ? 'registered' : 'filed',
          uscc: registered ? uscc('1', c.code.slice(0, 6)) : null,
          filingNumber: null,
          regionCode: c.code,
          serviceCategories: categories,
          beneficiaryGroups: groups,
          leaderName: person(),
          contactPhone: phone(),
          contactEmail: null,
          foundedOn,
          memberCount: rng.int(theme.members[0], theme.members[1]),
          charter: charterFor(name, stem, prefix + theme.name),
          rules: RULES,
          status: 'active',
          statusReason: null,
          filedAt: filedAt !== null ? new Date(filedAt) : null,
          registeredAt: registeredAt !== null ? new Date(registeredAt) : null,
          createdAt: new Date(filedAt ?? registeredAt ?? founded),
          updatedAt: new Date(registeredAt ?? filedAt ?? founded),
        };
        withStatus(org);
        orgs.push(org);
        streetOrgs.push(org);
        if (filedAt !== null) {
          toNumber.push({ org, street: s.code, at: filedAt });
          filedThroughWorkflow.push({ org, theme: prefix + theme.name, community: c });
        }
      }
    }
    // Leaders: about one per three groups of the street, each the admin of the groups it leads
    // (as in the demo, where one leader runs four groups). They are the applicants of the filings.
    const leaders = Math.max(1, Math.round(streetOrgs.length / 3));
    const leaderIds: string[] = [];
    for (let i = 0; i < leaders && i < streetOrgs.length; i++) {
      const first = streetOrgs[i * Math.floor(streetOrgs.length / leaders)]!;
      const id = rng.uuid();
      usersOut.push({ id, displayName: `${first.name} ${first.leaderName}`, mobile: uniqueMobile(), passwordHash });
      leaderIds.push(id);
      stats.leaderUsers = (stats.leaderUsers ?? 0) + 1;
    }
    streetOrgs.forEach((org, i) => {
      const userId = leaderIds[Math.min(leaderIds.length - 1, Math.floor((i * leaderIds.length) / streetOrgs.length))]!;
      roles.push({ id: rng.uuid(), userId, role: 'orgAdmin', organizationId: org.id });
      (org as OrgRow & { adminUserId?: string }).adminUserId = userId;
    });
    streetLeaders.set(s.code, leaderIds);
  }
}

/** Hubs: one registered 社区社会组织联合会 for about 60% of streets. */
export function hubs(g: Gen): void {
  const { rng, existing, streets, orgs, stats, person, phone, uscc, foundedDate, between } = g;
  for (const s of streets) {
    if (existing.hubStreets.has(s.code) || !rng.chance(0.6)) continue;
    const name = `${streetStem(s.name)}社区社会组织联合会`;
    if (existing.names.has(name)) continue;
    existing.names.add(name);
    const foundedOn = foundedDate(2015, 2024);
    const registeredAt = between(dayStart(foundedOn) + 60 * DAY, Math.min(dayStart(foundedOn) + 365 * DAY, ANCHOR));
    const org: OrgRow = {
      id: rng.uuid(),
      name,
      kind: 'hub',
      legalStatus: 'registered',
      uscc: uscc('1', s.code.slice(0, 6)),
      filingNumber: null,
      regionCode: s.code,
      serviceCategories: ['residentParticipation', 'charity'],
      beneficiaryGroups: ['allResidents'],
      leaderName: person(),
      contactPhone: phone(),
      contactEmail: null,
      foundedOn,
      memberCount: rng.int(10, 60),
      charter: charterFor(name, streetStem(s.name), '联系、服务、培育辖区社区社会组织'),
      rules: RULES,
      status: 'active',
      statusReason: null,
      filedAt: null,
      registeredAt: new Date(registeredAt),
      createdAt: new Date(registeredAt),
      updatedAt: new Date(registeredAt),
    };
    orgs.push(org);
    stats.hubs = (stats.hubs ?? 0) + 1;
  }
}

/** County level: service centres (about 70% of counties) and social-work agencies (0–4 per county). */
export function countyOrganizations(g: Gen): void {
  const { rng, existing, counties, orgs, stats, person, phone, uscc, foundedDate, between, withStatus } = g;
  for (const county of counties) {
    const urbanDistrict = county.name.endsWith('区');
    const made: { name: string; kind: 'countyServiceOrg' | 'socialWorkAgency'; categories: ServiceCategory[] }[] = [];
    if (rng.chance(0.7))
      made.push({ name: `${county.name}社区社会组织服务中心`, kind: 'countyServiceOrg', categories: ['residentParticipation', 'charity', 'education'] });
    const agencies = urbanDistrict ? rng.int(1, 4) : rng.int(0, 2);
    const words = [...AGENCY_WORDS];
    for (let i = 0; i < agencies; i++) {
      const word = words.splice(rng.int(0, words.length - 1), 1)[0]!;
      const pool: ServiceCategory[] = ['psychologicalSupport', 'familyService', 'elderlyCare', 'childcare', 'rehabilitation', 'healthService'];
      const categories = [pool.splice(rng.int(0, pool.length - 1), 1)[0]!, pool.splice(rng.int(0, pool.length - 1), 1)[0]!];
      made.push({ name: `${county.name}${word}社会工作服务中心`, kind: 'socialWorkAgency', categories });
    }
    for (const m of made) {
      if (existing.names.has(m.name)) continue;
      existing.names.add(m.name);
      const foundedOn = foundedDate(2010, 2024);
      const registeredAt = between(dayStart(foundedOn) + 30 * DAY, Math.min(dayStart(foundedOn) + 365 * DAY, ANCHOR));
      const org: OrgRow = {
        id: rng.uuid(),
        name: m.name,
        kind: m.kind,
        legalStatus: 'registered',
        uscc: uscc('2', county.code),
        filingNumber: null,
        regionCode: county.code,
        serviceCategories: m.categories,
        beneficiaryGroups: m.kind === 'socialWorkAgency' ? ['lowIncome', 'extremelyPoor', 'emptyNestElderly', 'childrenInDifficulty'] : ['allResidents'],
        leaderName: person(),
        contactPhone: phone(),
        contactEmail: null,
        foundedOn,
        memberCount: rng.int(5, 40),
        charter: charterFor(m.name, county.name, m.kind === 'socialWorkAgency' ? '专业社会工作服务' : '社区社会组织孵化培育'),
        rules: RULES,
        status: 'active',
        statusReason: null,
        filedAt: null,
        registeredAt: new Date(registeredAt),
        createdAt: new Date(registeredAt),
        updatedAt: new Date(registeredAt),
      };
      withStatus(org);
      orgs.push(org);
      stats[m.kind] = (stats[m.kind] ?? 0) + 1;
    }
  }
}

/** Admins for about a third of the hubs and county-level organizations (their own accounts). */
export function admins(g: Gen): void {
  const { rng, passwordHash, orgs, usersOut, roles, stats, uniqueMobile } = g;
  for (const org of orgs) {
    if (org.kind === 'communityOrg' || !rng.chance(1 / 3)) continue;
    const id = rng.uuid();
    usersOut.push({ id, displayName: `${org.name} ${org.leaderName}`, mobile: uniqueMobile(), passwordHash });
    roles.push({ id: rng.uuid(), userId: id, role: 'orgAdmin', organizationId: org.id });
    stats.leaderUsers = (stats.leaderUsers ?? 0) + 1;
  }
}

/** Filing numbers: per street and year, in filing-date order, after any number already taken. */
export function filingNumbers(g: Gen): void {
  const { existing, toNumber } = g;
  toNumber.sort((a, b) => (a.street === b.street ? a.at - b.at : a.street < b.street ? -1 : 1));
  const sequence = new Map<string, number>();
  for (const n of existing.filingNumbers) {
    const key = n.slice(0, -4);
    sequence.set(key, Math.max(sequence.get(key) ?? 0, Number(n.slice(-4))));
  }
  for (const { org, street, at } of toNumber) {
    const key = filingNumber(street, chinaYear(at), 0).slice(0, -4);
    const seq = (sequence.get(key) ?? 0) + 1;
    sequence.set(key, seq);
    org.filingNumber = filingNumber(street, chinaYear(at), seq);
  }
}
