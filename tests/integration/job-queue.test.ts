import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { projects } from '#db/schema';
import { QUEUES } from '~/lib/jobs.server';
import { startJobWorkers, type JobWorkers } from '~/lib/job-workers.server';
import { sweepDeadlines } from '~/services/sweep-deadlines.server';
import { setupTestDb } from '../support/db';
import { closeEffects, dueProject, enqueueSweep, jobState, quickSweepQueue, testBoss, waitForJob } from '../support/jobs';

/**
 * The job queue in-process (ADR 025): on the embedded PGlite over the one connection (or on the
 * server when the run uses one). A job taken by a worker that goes away comes back after it expires
 * and is done once; a job whose handler throws is retried with backoff and succeeds. (A killed
 * process on PostgreSQL: job-queue.pg.test.ts.)
 */
const t = setupTestDb();
/** PostgreSQL: pg-boss opens its own pool from the test database's URL; PGlite needs none. */
const url = () => (t.handle as { url?: string }).url;
let workers: JobWorkers | undefined;
afterEach(async () => {
  await workers?.stop();
  workers = undefined;
});

const quiet = () => ({ url: url(), schedule: false, maintenanceIntervalSeconds: 1, pollingIntervalSeconds: 0.5, log: () => {} });
// Deliveries are another queue's business: here they are taken and dropped.
const noDelivery = { [QUEUES.deliver]: async () => {} };

describe('a sweep job, in-process', () => {
  it('taken by a worker that went away without finishing, comes back after it expires and closes bidding once', async () => {
    const projectId = await dueProject(t.db, '雁塔区助浴上门服务项目（作业测试一）');
    const boss = await testBoss(t.handle, url());
    await quickSweepQueue(boss);
    const id = await enqueueSweep(t.db, boss);
    const [job] = await boss.fetch(QUEUES.sweep);
    expect(job?.id).toBe(id);
    // The worker holding it stops without recording it done or failed (as a process that died would).
    await boss.stop({ graceful: false, wait: true });
    expect(await jobState(t.db, job!.id)).toMatchObject({ state: 'active' });
    expect((await t.db.select({ status: projects.status }).from(projects).where(eq(projects.id, projectId)))[0]!.status).toBe('published');

    workers = await startJobWorkers(t.handle, { ...quiet(), handlers: noDelivery });
    const done = await waitForJob(t.db, job!.id, 'completed');
    expect(done.retry_count).toBeGreaterThanOrEqual(1);
    expect((await t.db.select({ status: projects.status }).from(projects).where(eq(projects.id, projectId)))[0]!.status).toBe('biddingClosed');
    const effects = await closeEffects(t.db, projectId);
    expect(effects.closes).toBe(1);
    expect(effects.told).toBeGreaterThanOrEqual(3);
    expect(effects).toMatchObject({ people: effects.told, deliveries: effects.told });
  });

  it('whose work was done but not recorded runs again and changes nothing more', async () => {
    const projectId = await dueProject(t.db, '雁塔区助浴上门服务项目（作业测试二）');
    const boss = await testBoss(t.handle, url());
    await quickSweepQueue(boss);
    const id = await enqueueSweep(t.db, boss);
    const [job] = await boss.fetch(QUEUES.sweep);
    expect(job?.id).toBe(id);
    await sweepDeadlines(t.db);
    await boss.stop({ graceful: false, wait: true });
    const once = await closeEffects(t.db, projectId);
    expect(once.closes).toBe(1);

    workers = await startJobWorkers(t.handle, { ...quiet(), handlers: noDelivery });
    expect((await waitForJob(t.db, job!.id, 'completed')).retry_count).toBeGreaterThanOrEqual(1);
    expect(await closeEffects(t.db, projectId)).toEqual(once);
  });

  it('whose handler throws is retried with backoff, and succeeds', async () => {
    const projectId = await dueProject(t.db, '雁塔区助浴上门服务项目（作业测试三）');
    const boss = await testBoss(t.handle, url());
    await quickSweepQueue(boss, { expireInSeconds: 60, retryDelay: 1, retryBackoff: true });
    const id = await enqueueSweep(t.db, boss);
    await boss.stop({ graceful: false, wait: true });
    const attempts: { id: string; at: number }[] = [];
    workers = await startJobWorkers(t.handle, {
      ...quiet(),
      handlers: {
        ...noDelivery,
        [QUEUES.sweep]: async (job) => {
          attempts.push({ id: job.id, at: Date.now() });
          if (attempts.length === 1) throw new Error('the database went away for a moment');
          await sweepDeadlines(t.db);
        },
      },
    });
    const until = Date.now() + 30_000;
    while (attempts.length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    expect(attempts.map((a) => a.id)).toEqual([id, id]);
    // Backoff: retryDelay × 2^1 / 2 plus up to as much again at random, so at least one second.
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(await waitForJob(t.db, attempts[0]!.id, 'completed')).toMatchObject({ retry_count: 1 });
    expect((await closeEffects(t.db, projectId)).closes).toBe(1);
  });
}, 90_000);
