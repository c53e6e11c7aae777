/** The filing applications of the generated registry, with their timelines (see registry-plan.ts). */
import { ANCHOR, DAY } from './world';
import { RETURN_REASONS, RULES, RURAL_THEMES, URBAN_THEMES, charterFor, communityStem } from './vocabulary';
import type { Gen, OrgRow } from './registry-plan';

/** The filed applications behind the filed organizations (submit → [return → resubmit] → pass → file). */
export function filedApplications(g: Gen): void {
  const { rng, apps, steps, stats, stationUser, committeeUser, filedThroughWorkflow } = g;
  for (const { org, community } of filedThroughWorkflow) {
    const filedAt = org.filedAt!.getTime();
    const applicant = (org as OrgRow & { adminUserId?: string }).adminUserId!;
    const committee = committeeUser.get(community.code)!;
    const station = stationUser.get(community.parentCode!)!;
    const passAt = filedAt - rng.int(1, 10) * DAY - rng.int(0, 8) * 3_600_000;
    const returned = rng.chance(0.1);
    const resubmitAt = passAt - rng.int(1, 5) * DAY;
    const returnAt = resubmitAt - rng.int(1, 7) * DAY;
    const submitAt = (returned ? returnAt : passAt) - rng.int(1, 10) * DAY;
    const appId = rng.uuid();
    apps.push({
      id: appId,
      applicantUserId: applicant,
      status: 'filed',
      name: org.name,
      regionCode: org.regionCode,
      serviceCategories: org.serviceCategories,
      beneficiaryGroups: org.beneficiaryGroups,
      leaderName: org.leaderName,
      contactPhone: org.contactPhone,
      foundedOn: org.foundedOn,
      memberCount: org.memberCount,
      charter: org.charter!,
      rules: org.rules!,
      decisionReason: null,
      revision: returned ? 2 : 1,
      organizationId: org.id,
      submittedAt: new Date(returned ? resubmitAt : submitAt),
      createdAt: new Date(submitAt),
      updatedAt: new Date(filedAt),
    });
    steps.push({ id: rng.uuid(), applicationId: appId, action: 'submit', actorUserId: applicant, actorRole: 'owner', revision: 1, at: new Date(submitAt) });
    if (returned) {
      steps.push({
        id: rng.uuid(),
        applicationId: appId,
        action: 'return',
        actorUserId: committee,
        actorRole: 'committeeStaff',
        reason: rng.pick(RETURN_REASONS),
        revision: 1,
        at: new Date(returnAt),
      });
      steps.push({
        id: rng.uuid(),
        applicationId: appId,
        action: 'resubmit',
        actorUserId: applicant,
        actorRole: 'owner',
        revision: 2,
        at: new Date(resubmitAt),
      });
    }
    steps.push({
      id: rng.uuid(),
      applicationId: appId,
      action: 'pass',
      actorUserId: committee,
      actorRole: 'committeeStaff',
      revision: returned ? 2 : 1,
      at: new Date(passAt),
    });
    steps.push({
      id: rng.uuid(),
      applicationId: appId,
      action: 'file',
      actorUserId: station,
      actorRole: 'stationStaff',
      revision: returned ? 2 : 1,
      at: new Date(filedAt),
    });
  }
  stats.filedApplications = apps.length;
}

/** Open applications, waiting at each step, submitted in the last two months. */
export function openApplications(g: Gen): void {
  const {
    rng,
    existing,
    passwordHash,
    regionRows,
    usersOut,
    apps,
    steps,
    stats,
    person,
    phone,
    uniqueMobile,
    foundedDate,
    committeeUser,
    themesUsed,
    streetLeaders,
  } = g;
  const communities = regionRows.filter((r) => r.level === 'community');
  const OPEN = 3000;
  let open = 0;
  for (let attempts = 0; open < OPEN && attempts < OPEN * 5; attempts++) {
    const c = rng.pick(communities);
    const urban = c.communityType !== 'rural';
    const used = themesUsed.get(c.code) ?? new Set<string>();
    themesUsed.set(c.code, used);
    const candidates = (urban ? URBAN_THEMES : RURAL_THEMES).filter((t) => !used.has(t.name));
    if (!candidates.length) continue;
    const theme = rng.weighted(candidates);
    used.add(theme.name);
    const stem = communityStem(c.name, c.communityType);
    const prefix = theme.prefixes ? rng.pick(theme.prefixes) : '';
    const name = `${stem}${prefix}${theme.name}`;
    if (existing.names.has(name)) continue;
    const street = c.parentCode!;
    const leaders = streetLeaders.get(street) ?? [];
    let applicant: string;
    const leaderName = person();
    if (leaders.length && rng.chance(0.4)) applicant = rng.pick(leaders);
    else {
      applicant = rng.uuid();
      usersOut.push({ id: applicant, displayName: `申请人 ${leaderName}`, mobile: uniqueMobile(), passwordHash });
      stats.applicantUsers = (stats.applicantUsers ?? 0) + 1;
    }
    const r = rng.float();
    const status = r < 0.45 ? 'submitted' : r < 0.7 ? 'returned' : 'firstReviewPassed';
    const submitAt = ANCHOR - rng.int(2, 60) * DAY - rng.int(0, 10) * 3_600_000;
    const decidedAt = Math.min(ANCHOR, submitAt + rng.int(1, 7) * DAY);
    const appId = rng.uuid();
    const returnReason = rng.pick(RETURN_REASONS);
    apps.push({
      id: appId,
      applicantUserId: applicant,
      status,
      name,
      regionCode: c.code,
      serviceCategories: theme.categories,
      beneficiaryGroups: theme.groups,
      leaderName,
      contactPhone: phone(),
      foundedOn: foundedDate(2020, 2025),
      memberCount: rng.int(theme.members[0], theme.members[1]),
      charter: charterFor(name, stem, prefix + theme.name),
      rules: RULES,
      decisionReason: status === 'returned' ? returnReason : null,
      revision: 1,
      organizationId: null,
      submittedAt: new Date(submitAt),
      createdAt: new Date(submitAt),
      updatedAt: new Date(status === 'submitted' ? submitAt : decidedAt),
    });
    steps.push({ id: rng.uuid(), applicationId: appId, action: 'submit', actorUserId: applicant, actorRole: 'owner', revision: 1, at: new Date(submitAt) });
    if (status === 'returned') {
      steps.push({
        id: rng.uuid(),
        applicationId: appId,
        action: 'return',
        actorUserId: committeeUser.get(c.code)!,
        actorRole: 'committeeStaff',
        reason: returnReason,
        revision: 1,
        at: new Date(decidedAt),
      });
    }
    if (status === 'firstReviewPassed') {
      steps.push({
        id: rng.uuid(),
        applicationId: appId,
        action: 'pass',
        actorUserId: committeeUser.get(c.code)!,
        actorRole: 'committeeStaff',
        revision: 1,
        at: new Date(decidedAt),
      });
    }
    stats[`open.${status}`] = (stats[`open.${status}`] ?? 0) + 1;
    open++;
  }
}
