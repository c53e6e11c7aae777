import { count as countRows, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, organizations, projectAmendments, projectQuestions, projects } from '#db/schema';
import type { Actor } from '~/domain/permissions';
import { amendmentFloor } from '~/domain/procurement-method';
import { advanceClock, now } from '~/lib/clock.server';
import { workCalendarOf } from '~/queries/calendar.server';
import { answerQuestion } from '~/services/answer-question.server';
import { askQuestion } from '~/services/ask-question.server';
import { createProject } from '~/services/create-project.server';
import { publishProject } from '~/services/publish-project.server';
import { submitBid } from '~/services/submit-bid.server';
import * as projectRoute from '~/routes/projects.$id';
import { actorByEmail, setupTestDb } from '../support/db';
import { projectInput } from '../support/procurement';
import { callRoute, cookieFor } from '../support/routes';

/**
 * Clarifications (澄清): a bidder asks before the deadline, the purchaser answers every bidder at once
 * and nobody — on the page, in its data, in the audit log's summary — learns who asked. An answer
 * that changes the documents is a numbered material amendment that moves a near deadline.
 */
const t = setupTestDb();
const ctx = (actor: Actor) => ({ actor, requestId: 'clarifications-test' });
const DAY = 86_400_000;
const HUB = '小寨路街道社区社会组织联合会';
let bureau: Actor;
let hub: Actor;
let agency: Actor;
let committee: Actor;
let hubOrg: string;

const counts = async () => ({
  questions: (await t.db.select({ n: countRows() }).from(projectQuestions))[0]!.n,
  amendments: (await t.db.select({ n: countRows() }).from(projectAmendments))[0]!.n,
  audit: (await t.db.select({ n: countRows() }).from(auditEvents))[0]!.n,
});

async function publishedProject() {
  const { id } = await createProject(t.db, ctx(bureau), projectInput());
  await publishProject(t.db, ctx(bureau), id);
  return id;
}

// One session per account, signed in once (a sign-in writes its own audit row).
const cookies = new Map<string, Promise<string>>();
const cookie = (email: string) => cookies.get(email) ?? cookies.set(email, cookieFor(t.db, email)).get(email)!;
const page = async (id: string, email?: string) =>
  callRoute(projectRoute.loader, { url: `/projects/${id}`, params: { id }, cookie: email ? await cookie(email) : undefined });
const post = async (id: string, email: string, form: Record<string, string>) =>
  callRoute(projectRoute.action, { url: `/projects/${id}`, params: { id }, cookie: await cookie(email), form });

beforeAll(async () => {
  bureau = await actorByEmail(t.db, 'bureau@demo.cn');
  hub = await actorByEmail(t.db, 'hub@demo.cn');
  agency = await actorByEmail(t.db, 'agency@demo.cn');
  committee = await actorByEmail(t.db, 'committee@demo.cn');
  hubOrg = (await t.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, HUB)))[0]!.id;
  for (const who of ['bureau', 'hub', 'agency', 'committee', 'evaluator']) await cookie(`${who}@demo.cn`);
});

describe('asking and answering', () => {
  let id: string;
  let questionId: string;

  it('a bidding organization asks through the project page; the audit row names neither it nor the asker', async () => {
    id = await publishedProject();
    const r = await post(id, 'hub@demo.cn', { intent: 'ask', question: '服务人次是否包含线上活动参与人数？' });
    expect(r.status).toBe(200);
    expect(r.data).toEqual({ done: 'ask' });
    const [q] = await t.db.select().from(projectQuestions).where(eq(projectQuestions.projectId, id));
    expect(q).toMatchObject({ organizationId: hubOrg, askedBy: hub.userId, answer: null, answeredAt: null, changesDocuments: false });
    questionId = q!.id;
    const [audit] = await t.db.select().from(auditEvents).where(eq(auditEvents.subjectId, q!.id));
    expect(audit).toMatchObject({ action: 'question.ask', actorUserId: null, actorRole: 'bidder' });
    const row = JSON.stringify(audit);
    for (const secret of [hubOrg, hub.userId, HUB, id]) expect(row).not.toContain(secret);
  });

  it('before the answer: the purchaser sees the question unnamed, the asker its own, nobody else anything', async () => {
    const purchaser = (await page(id, 'bureau@demo.cn')).data as { clarifications: { pending: { mayAnswer: boolean; questions: { id: string }[] } } };
    expect(purchaser.clarifications.pending).toMatchObject({ mayAnswer: true, questions: [{ id: questionId }] });
    const own = (await page(id, 'hub@demo.cn')).data as { clarifications: { asker: { mayAsk: boolean; questions: { id: string }[] } } };
    expect(own.clarifications.asker).toMatchObject({ mayAsk: true, questions: [{ id: questionId }] });
    for (const who of [undefined, 'agency@demo.cn', 'committee@demo.cn']) {
      const r = await page(id, who);
      expect(JSON.stringify(r.data)).not.toContain('服务人次');
    }
  });

  it('a committee, another organization and an evaluator cannot answer; nothing is written', async () => {
    const before = await counts();
    for (const who of [committee, agency]) {
      await expect(answerQuestion(t.db, ctx(who), id, { questionId, answer: '包含线上参与人数。', changesDocuments: false })).rejects.toMatchObject({
        code: 'forbidden',
      });
    }
    for (const email of ['committee@demo.cn', 'agency@demo.cn', 'evaluator@demo.cn']) {
      expect((await post(id, email, { intent: 'answer', questionId, answer: '包含线上参与人数。' })).status).toBe(403);
    }
    expect(await counts()).toEqual(before);
    expect((await t.db.select().from(projectQuestions).where(eq(projectQuestions.id, questionId)))[0]!.answeredAt).toBeNull();
  });

  it('an answer of three characters is refused beside the field', async () => {
    const before = await counts();
    const r = await post(id, 'bureau@demo.cn', { intent: 'answer', questionId, answer: '包含。' });
    expect(r.status).toBe(400);
    expect((r.data as { fieldErrors: Record<string, string> }).fieldErrors).toEqual({ answer: 'clarification.errors.tooShort' });
    expect(await counts()).toEqual(before);
  });

  it('the purchaser answers; the public page shows question and answer, and nowhere who asked', async () => {
    const deadline = (await t.db.select().from(projects).where(eq(projects.id, id)))[0]!.bidDeadline;
    const r = await post(id, 'bureau@demo.cn', { intent: 'answer', questionId, answer: '包含，线上活动按实际签到人数计入服务人次。' });
    expect(r.status).toBe(200);
    const [after] = await t.db.select().from(projects).where(eq(projects.id, id));
    // Not a change of the documents: no amendment, the deadline stays.
    expect(after).toMatchObject({ amendmentCount: 0, bidDeadline: deadline });
    for (const who of [undefined, 'bureau@demo.cn', 'agency@demo.cn', 'committee@demo.cn']) {
      const data = (await page(id, who)).data as { clarifications: { answered: unknown[] } };
      expect(data.clarifications.answered).toEqual([
        {
          id: questionId,
          question: '服务人次是否包含线上活动参与人数？',
          answer: '包含，线上活动按实际签到人数计入服务人次。',
          answeredAt: expect.any(String),
          changesDocuments: false,
        },
      ]);
      const json = JSON.stringify(data);
      for (const secret of [hubOrg, hub.userId, HUB]) expect(json).not.toContain(secret);
    }
    // The asker's own list empties: the answer is now everyone's.
    expect(((await page(id, 'hub@demo.cn')).data as { clarifications: { asker: { questions: unknown[] } } }).clarifications.asker.questions).toEqual([]);
  });

  it('a question is answered once', async () => {
    const before = await counts();
    await expect(answerQuestion(t.db, ctx(bureau), id, { questionId, answer: '再答一次试试看。', changesDocuments: true })).rejects.toMatchObject({
      code: 'conflict',
      messageKey: 'clarification.errors.answered',
    });
    expect(await counts()).toEqual(before);
  });
});

describe('an answer that changes the documents', () => {
  it('is a numbered material amendment and moves a near deadline out to the amendment window; bidders are told', async () => {
    const id = await publishedProject();
    await submitBid(t.db, ctx(hub), id, {
      organizationId: hubOrg,
      price: 150_000_00,
      servicePlan: '按月开展上门探访与健康讲座。',
      team: '社工2名',
      expectedOutputs: '服务800人次',
    });
    const { id: questionId } = await askQuestion(t.db, ctx(hub), id, { organizationId: hubOrg, question: '健康讲座能否由合作医院承担？' });
    // Two days before the deadline: the consultation's 5-day amendment window reaches past it.
    advanceClock(8 * DAY);
    const before = (await t.db.select().from(projects).where(eq(projects.id, id)))[0]!;
    const r = await post(id, 'bureau@demo.cn', {
      intent: 'answer',
      questionId,
      answer: '可以，须附合作协议；采购文件第三章相应修改。',
      changesDocuments: 'on',
    });
    expect(r.status).toBe(200);
    const floor = amendmentFloor('competitiveConsultation', now(), await workCalendarOf(t.db));
    const [after] = await t.db.select().from(projects).where(eq(projects.id, id));
    expect(floor > before.bidDeadline).toBe(true);
    expect(after!.bidDeadline.getTime()).toBeGreaterThanOrEqual(floor.getTime() - 60_000);
    expect(after!.amendmentCount).toBe(1);
    const [amendment] = await t.db.select().from(projectAmendments).where(eq(projectAmendments.projectId, id));
    expect(amendment).toMatchObject({ number: 1, material: true, previousDeadline: before.bidDeadline, newDeadline: after!.bidDeadline });
    expect(Object.keys(amendment!.changes as object)).toEqual(['clarification']);
    const [q] = await t.db.select().from(projectQuestions).where(eq(projectQuestions.id, questionId));
    expect(q).toMatchObject({ changesDocuments: true, answeredBy: bureau.userId });

    const data = (await page(id, 'hub@demo.cn')).data as {
      amendments: { number: number; material: boolean; fields: string[] }[];
      bidder: { notices: { kind: string; amendment: number }[] };
      clarifications: { answered: { changesDocuments: boolean }[] };
    };
    expect(data.amendments).toEqual([expect.objectContaining({ number: 1, material: true, fields: ['clarification'] })]);
    expect(data.bidder.notices).toEqual([expect.objectContaining({ amendment: 1 })]);
    expect(data.clarifications.answered).toEqual([expect.objectContaining({ changesDocuments: true })]);
  });
});

describe('after the deadline', () => {
  it('asking and answering are refused and write nothing', async () => {
    const id = await publishedProject();
    const { id: questionId } = await askQuestion(t.db, ctx(hub), id, { organizationId: hubOrg, question: '是否接受联合体投标？' });
    advanceClock(11 * DAY);
    const before = await counts();
    await expect(askQuestion(t.db, ctx(hub), id, { organizationId: hubOrg, question: '截止后还能提问吗？' })).rejects.toMatchObject({
      code: 'invalidTransition',
      messageKey: 'clarification.errors.closed',
    });
    await expect(answerQuestion(t.db, ctx(bureau), id, { questionId, answer: '不接受联合体投标。', changesDocuments: false })).rejects.toMatchObject({
      code: 'invalidTransition',
    });
    expect(await counts()).toEqual(before);
    // The page closes bidding on its first look and offers neither form.
    const data = (await page(id, 'hub@demo.cn')).data as { clarifications: { asker: { mayAsk: boolean } } };
    expect(data.clarifications.asker.mayAsk).toBe(false);
    expect((await post(id, 'hub@demo.cn', { intent: 'ask', question: '截止后还能提问吗？' })).status).toBe(409);
    expect((await counts()).questions).toBe(before.questions);
  });
});
