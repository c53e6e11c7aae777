import { and, asc, eq, isNotNull, isNull } from 'drizzle-orm';
import {
  attachments,
  bids,
  contracts,
  deliverables,
  filingApplications,
  organizations,
  projectCriteria,
  projects,
  purchaseIntentions,
  roleAssignments,
  users,
} from '#db/schema';
import { DEMO } from '#db/seed/demo';
import type { Db } from '#db/client';
import type { Role } from '~/domain/catalog';
import { attachFile } from '~/services/attach-file.server';
import { attachBidDocument } from '~/services/attach-document.server';
import { fileStore } from '~/lib/file-store.server';
import { actorByEmail } from './db';
import { cookieFor } from './routes';

/**
 * Who calls the routes in the authorization matrix and the fuzz test: a visitor, every demo account
 * (README), and four accounts the demo lacks so every role also has someone just outside its scope.
 */
export const DEMO_PERSONAS = [
  'admin',
  'province',
  'city',
  'bureau',
  'station',
  'committee',
  'org',
  'hub',
  'evaluator',
  'evaluator2',
  'evaluator3',
  'leader',
  'agency',
] as const;

/** Staff of a neighbouring county, street and community, and an evaluator on no panel. */
export const OUTSIDERS: Record<string, { role: Role; regionCode: string | null }> = {
  otherBureau: { role: 'bureauStaff', regionCode: '610112' }, // 未央区
  otherStation: { role: 'stationStaff', regionCode: `${DEMO.county}002` }, // 大雁塔街道
  otherCommittee: { role: 'committeeStaff', regionCode: DEMO.neighbourCommunity }, // 小寨东路社区
  offPanel: { role: 'evaluator', regionCode: null },
};

export type SignedInPersona = (typeof DEMO_PERSONAS)[number] | 'otherBureau' | 'otherStation' | 'otherCommittee' | 'offPanel';
export type Persona = 'visitor' | SignedInPersona;
export const PERSONAS: readonly Persona[] = ['visitor', ...DEMO_PERSONAS, ...(Object.keys(OUTSIDERS) as SignedInPersona[])];

/** Sign-in compares e-mail addresses lower-cased. */
export const emailOf = (p: SignedInPersona) => (p in OUTSIDERS ? `${p.toLowerCase()}@outsider.test` : `${p}@demo.cn`);

/** Adds the outsiders, with the demo accounts' password. */
export async function addOutsiders(db: Db): Promise<void> {
  const [admin] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.email, 'admin@demo.cn'));
  for (const [key, role] of Object.entries(OUTSIDERS)) {
    const [u] = await db
      .insert(users)
      .values({ displayName: `outsider ${key}`, email: emailOf(key as SignedInPersona), passwordHash: admin!.passwordHash })
      .returning({ id: users.id });
    await db.insert(roleAssignments).values({ userId: u!.id, role: role.role, regionCode: role.regionCode });
  }
}

/** Signs every persona in: persona → Cookie. */
export async function signInAll(db: Db): Promise<Record<SignedInPersona, string>> {
  const cookies = {} as Record<SignedInPersona, string>;
  for (const p of PERSONAS) if (p !== 'visitor') cookies[p] = await cookieFor(db, emailOf(p));
  return cookies;
}

const one = async <T>(rows: Promise<T[]>, what: string): Promise<T> => {
  const [row] = await rows;
  if (!row) throw new Error(`the demo seed has no ${what}`);
  return row;
};

/** The seeded records the routes are called on (scripts/demo/: demo.ts, projects.ts, contracts.ts). */
export async function demoEntities(db: Db) {
  const project = async (status: (typeof projects.$inferSelect)['status'], title?: string) =>
    (
      await one(
        db
          .select({ id: projects.id })
          .from(projects)
          .where(title ? eq(projects.title, title) : eq(projects.status, status)),
        `${status} project`,
      )
    ).id;
  const org = async (name: string) => (await one(db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, name)), name)).id;
  const filing = async (name: string) =>
    (await one(db.select({ id: filingApplications.id }).from(filingApplications).where(eq(filingApplications.name, name)), name)).id;

  const awarded = await project('awarded', '雁塔区空巢老人关爱服务项目（2026年度）');
  const published = await project('published');
  const evaluating = await project('evaluating');
  const elderlyTeam = await org('永松社区助老服务队');
  const hubOrg = await org('小寨路街道社区社会组织联合会');
  const contractOf = async (payee: string, parent: 'main' | 'sub') =>
    (
      await one(
        db
          .select({ id: contracts.id })
          .from(contracts)
          .where(and(eq(contracts.payeeOrganizationId, payee), parent === 'main' ? isNull(contracts.parentContractId) : isNotNull(contracts.parentContractId))),
        'contract',
      )
    ).id;
  const bidOf = async (projectId: string, organizationId: string) =>
    (
      await one(
        db
          .select({ id: bids.id })
          .from(bids)
          .where(and(eq(bids.projectId, projectId), eq(bids.organizationId, organizationId))),
        'bid',
      )
    ).id;
  const [evalBid] = await db
    .select({ id: bids.id })
    .from(bids)
    .where(and(eq(bids.projectId, evaluating), eq(bids.eligible, true)))
    .orderBy(asc(bids.submittedAt));
  const [evalCriterion] = await db
    .select({ id: projectCriteria.id })
    .from(projectCriteria)
    .where(and(eq(projectCriteria.projectId, evaluating), eq(projectCriteria.kind, 'scored')));
  const dance = await org('永松社区夕阳红舞蹈队');
  const intention = async (role: 'bureauStaff' | 'stationStaff', status: (typeof purchaseIntentions.$inferSelect)['status']) =>
    (
      await one(
        db
          .select({ id: purchaseIntentions.id })
          .from(purchaseIntentions)
          .where(and(eq(purchaseIntentions.purchaserRole, role), eq(purchaseIntentions.status, status))),
        `${status} intention of a ${role}`,
      )
    ).id;
  const elderlyContract = await contractOf(elderlyTeam, 'main');
  return {
    project: {
      draft: await project('draft'),
      published,
      biddingClosed: await project('biddingClosed'),
      evaluating,
      ranked: await project('ranked'),
      publicNotice: await project('publicNotice'),
      awarded,
      cancelled: await project('cancelled'),
      failed: await project('failed'),
    },
    org: { dance, elderlyTeam, hub: hubOrg, agency: await org('雁塔区启航社会工作服务中心') },
    filing: { waiting: await filing('永松社区广场舞蹈队'), returned: await filing('永松社区读书会'), passed: await filing('永松社区科普志愿队') },
    contract: { elderly: elderlyContract, hub: await contractOf(hubOrg, 'main'), danceSub: await contractOf(dance, 'sub') },
    bid: { sealed: await bidOf(published, elderlyTeam), awarded: await bidOf(awarded, elderlyTeam) },
    /** The county bureau's published and withdrawn purchase intentions, and the street station's draft (scripts/demo/intentions.ts). */
    intention: {
      published: await intention('bureauStaff', 'published'),
      withdrawn: await intention('bureauStaff', 'withdrawn'),
      draft: await intention('stationStaff', 'draft'),
    },
    /** An expert of the pool (its profile is in the city of Xi'an: the province's and the city's bureaus keep it). */
    expert: (await one(db.select({ id: users.id }).from(users).where(eq(users.email, 'evaluator@demo.cn')), 'expert')).id,
    /** A cell of the evaluating project's scoring grid. */
    scoreCell: { bidId: evalBid!.id, criterionId: evalCriterion!.id },
    community: DEMO.community,
  };
}

export type Entities = Awaited<ReturnType<typeof demoEntities>> & { attachment: string; documents: Awaited<ReturnType<typeof demoDocuments>> };

/** The demo has no attachment: the organization hands one in with its waiting mid-term report. */
export async function demoAttachment(db: Db): Promise<string> {
  const [d] = await db.select().from(deliverables).where(eq(deliverables.status, 'submitted'));
  const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
  const { id } = await attachFile(db, { actor: await actorByEmail(db, 'org@demo.cn') }, d!.id, { name: '中期报告.pdf', bytes: pdf });
  return id;
}

/**
 * Bid and filing documents (ADR 019): one added now to the sealed bid of the published project, and
 * the demo's own (the awarded bid's qualification certificate, the waiting filing's charter), whose
 * files were written to the store of the run that seeded the template: put back in this run's store.
 */
export async function demoDocuments(db: Db, e: Pick<Awaited<ReturnType<typeof demoEntities>>, 'bid' | 'filing'>) {
  const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
  const org = await actorByEmail(db, 'org@demo.cn');
  const sealedBid = (await attachBidDocument(db, { actor: org }, e.bid.sealed, 'qualification', { name: '资质证书.pdf', bytes: pdf })).id;
  const [opened] = await db.select().from(attachments).where(eq(attachments.bidId, e.bid.awarded));
  const [filing] = await db.select().from(attachments).where(eq(attachments.filingApplicationId, e.filing.waiting));
  for (const a of [opened!, filing!]) await fileStore().put(a.storedName, pdf);
  return { sealedBid, openedBid: opened!.id, filing: filing!.id };
}
