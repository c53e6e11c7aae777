import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, organizations, roleAssignments } from '#db/schema';
import type { Actor } from '~/domain/permissions';
import { grantRole, revokeRole } from '~/services/grant-role.server';
import { addOrganizationMember, removeOrganizationMember } from '~/services/manage-organization-members.server';
import { findUserByIdentifier } from '~/queries/users.server';
import * as staffRoute from '~/routes/staff';
import { actorByEmail, setupTestDb } from '../support/db';
import { callRoute, cookieFor } from '../support/routes';

const t = setupTestDb();
let admin: Actor, bureau: Actor, committee: Actor, orgAdmin: Actor, leaderId: string;
const ctx = (actor: Actor) => ({ actor, requestId: 'roles-test' });

beforeAll(async () => {
  [admin, bureau, committee, orgAdmin] = (await Promise.all(
    ['admin@demo.cn', 'bureau@demo.cn', 'committee@demo.cn', 'org@demo.cn'].map((e) => actorByEmail(t.db, e)),
  )) as [Actor, Actor, Actor, Actor];
  leaderId = (await findUserByIdentifier(t.db, 'leader@demo.cn'))!.id;
});

describe('staff roles are given inside the giver’s scope, audited', () => {
  it('the county bureau makes the applicant a committee member of one of its communities, then takes it back', async () => {
    const { id } = await grantRole(t.db, ctx(bureau), { userId: leaderId, role: 'committeeStaff', regionCode: '610113002001' });
    const [row] = await t.db.select().from(roleAssignments).where(eq(roleAssignments.id, id));
    expect(row).toMatchObject({ role: 'committeeStaff', regionCode: '610113002001', userId: leaderId });
    const audit = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'role.grant'), eq(auditEvents.subjectId, leaderId)));
    expect(audit).toHaveLength(1);
    await revokeRole(t.db, ctx(bureau), id);
    expect(await t.db.select().from(roleAssignments).where(eq(roleAssignments.id, id))).toEqual([]);
  });

  it('refuses grants outside the subtree, above the giver, or at the wrong level', async () => {
    await expect(grantRole(t.db, ctx(bureau), { userId: leaderId, role: 'committeeStaff', regionCode: '610112001001' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(grantRole(t.db, ctx(bureau), { userId: leaderId, role: 'bureauStaff', regionCode: '6101' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(grantRole(t.db, ctx(bureau), { userId: leaderId, role: 'stationStaff', regionCode: '610113002001' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(grantRole(t.db, ctx(committee), { userId: leaderId, role: 'committeeStaff', regionCode: '610113001002' })).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('the platform administrator names evaluators; a second identical grant is a conflict', async () => {
    await grantRole(t.db, ctx(admin), { userId: leaderId, role: 'evaluator', regionCode: null });
    await expect(grantRole(t.db, ctx(admin), { userId: leaderId, role: 'evaluator', regionCode: null })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('the staff page is closed to a committee and answers 400 to a malformed region code', async () => {
    const committeeCookie = await cookieFor(t.db, 'committee@demo.cn');
    expect((await callRoute(staffRoute.loader, { url: '/staff', cookie: committeeCookie })).status).toBe(403);
    const bureauCookie = await cookieFor(t.db, 'bureau@demo.cn');
    const r = await callRoute(staffRoute.action, {
      url: '/staff',
      cookie: bureauCookie,
      form: { intent: 'grant', userId: leaderId, role: 'stationStaff', regionCode: '61011300' },
    });
    expect(r.status).toBe(400);
    expect((r.data as { fieldErrors: Record<string, string> }).fieldErrors.regionCode).toBe('staff.errors.regionCode');
  });
});

describe('organization members', () => {
  it('an admin adds a member, cannot remove the last admin, and cannot touch another organization', async () => {
    const [dance] = await t.db.select().from(organizations).where(eq(organizations.name, '永松社区夕阳红舞蹈队'));
    await addOrganizationMember(t.db, ctx(orgAdmin), { organizationId: dance!.id, userId: leaderId, role: 'orgMember' });
    const rows = await t.db.select().from(roleAssignments).where(eq(roleAssignments.organizationId, dance!.id));
    expect(rows.map((r) => r.role).sort()).toEqual(['orgAdmin', 'orgMember']);
    const adminRow = rows.find((r) => r.role === 'orgAdmin')!;
    await expect(removeOrganizationMember(t.db, ctx(orgAdmin), { organizationId: dance!.id, assignmentId: adminRow.id })).rejects.toMatchObject({
      code: 'invalidInput',
    });
    const [hub] = await t.db.select().from(organizations).where(eq(organizations.kind, 'hub'));
    await expect(addOrganizationMember(t.db, ctx(orgAdmin), { organizationId: hub!.id, userId: leaderId, role: 'orgAdmin' })).rejects.toMatchObject({
      code: 'forbidden',
    });
  });
});
