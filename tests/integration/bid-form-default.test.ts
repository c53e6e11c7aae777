import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { organizations } from '#db/schema';
import type { Actor } from '~/domain/permissions';
import type { ProjectInput } from '~/schemas/project';
import { createProject } from '~/services/create-project.server';
import { publishProject } from '~/services/publish-project.server';
import * as bidForm from '~/routes/projects.$id_.bid';
import { actorByEmail, setupTestDb } from '../support/db';
import { callRoute, cookieFor } from '../support/routes';
import { projectInput } from '../support/procurement';

/**
 * The bid form of a person who administers several organizations opens on the one that fits the
 * project (issue 11): 张秀兰 (org@demo.cn) leads a dance team, a mediation team, an elderly-care team
 * and an after-school class; the walkthrough's form opened on whichever came first.
 */
const t = setupTestDb();
let bureau: Actor;
let cookie: string;
const org: Record<string, string> = {};

beforeAll(async () => {
  bureau = await actorByEmail(t.db, 'bureau@demo.cn');
  cookie = await cookieFor(t.db, 'org@demo.cn');
  for (const [key, name] of [
    ['dance', '永松社区夕阳红舞蹈队'],
    ['mediation', '永松社区邻里调解志愿队'],
    ['elderly', '永松社区助老服务队'],
    ['afterSchool', '小寨东路社区四点半课堂'],
  ] as const) {
    const [o] = await t.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, name));
    org[key] = o!.id;
  }
});

async function published(over: Partial<ProjectInput>) {
  const ctx = { actor: bureau, requestId: 'bid-form-default' };
  const { id } = await createProject(t.db, ctx, projectInput(over));
  await publishProject(t.db, ctx, id);
  return id;
}

const formOf = async (id: string, query = '') => {
  const r = await callRoute(bidForm.loader, { url: `/projects/${id}/bid${query}`, params: { id }, cookie });
  expect(r.status).toBe(200);
  return r.data as { organizationId: string; orgs: { id: string }[] };
};

describe('the bid form of a person leading several organizations', () => {
  it('opens on the organization whose service categories fit the project', async () => {
    const mediation = await published({ title: '雁塔区楼院纠纷调解服务项目', serviceCategories: ['mediation'] });
    const form = await formOf(mediation);
    expect(form.orgs.length).toBeGreaterThan(1);
    expect(form.organizationId).toBe(org.mediation);

    const classes = await published({
      title: '雁塔区困境儿童课后托管项目',
      serviceCategories: ['childcare', 'education'],
      beneficiaryGroups: ['childrenInDifficulty'],
    });
    expect((await formOf(classes)).organizationId).toBe(org.afterSchool);
  });

  it('opens on the organization the address names, when the person leads it', async () => {
    const elderly = await published({ title: '雁塔区高龄老人助浴服务项目', serviceCategories: ['elderlyCare'] });
    expect((await formOf(elderly)).organizationId).toBe(org.elderly);
    expect((await formOf(elderly, `?org=${org.dance}`)).organizationId).toBe(org.dance);
    // One the person does not lead is not theirs to choose: the default stands.
    const [foreign] = await t.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, '雁塔区启航社会工作服务中心'));
    expect((await formOf(elderly, `?org=${foreign!.id}`)).organizationId).toBe(org.elderly);
  });
});
