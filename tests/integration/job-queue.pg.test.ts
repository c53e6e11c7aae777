import { spawn, type ChildProcess } from 'node:child_process';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { projects } from '#db/schema';
import { now } from '~/lib/clock.server';
import { startJobWorkers, type JobWorkers } from '~/lib/job-workers.server';
import { QUEUES } from '~/lib/jobs.server';
import { setupTestDb } from '../support/db';
import { closeEffects, dueProject, enqueueSweep, jobState, quickSweepQueue, testBoss, waitForJob } from '../support/jobs';

/**
 * Nothing is lost when a worker process dies (ADR 025), on PostgreSQL: a child process takes the
 * sweep job and is killed with SIGKILL before it records it done, once before doing the work and once
 * after; the job comes back when it expires, a worker here runs it, and bidding is closed exactly
 * once (one `project.close` audit row, one notice per person, one delivery each).
 */
const t = setupTestDb();
const url = () => (t.handle as unknown as { url: string }).url;
let workers: JobWorkers | undefined;
let child: ChildProcess | undefined;
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
  await workers?.stop();
  workers = undefined;
});

/** Starts the child worker and resolves once it printed `until` (its output so far), or fails. */
function childWorker(mode: 'take' | 'sweep', jobId: string, until: RegExp): Promise<string> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'tests/support/job-child.ts', mode, jobId], {
    env: { ...process.env, DATABASE_URL: url(), SWEEP_AT: now().toISOString() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the child worker did not get to ${until}: ${out}`)), 60_000);
    const seen = (chunk: Buffer) => {
      out += chunk.toString();
      if (until.test(out)) {
        clearTimeout(timer);
        resolve(out);
      }
    };
    proc.stdout!.on('data', seen);
    proc.stderr!.on('data', seen);
    proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (!until.test(out)) reject(new Error(`the child worker exited (${code ?? signal}) before ${until}: ${out}`));
    });
  });
}

async function kill(proc: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill('SIGKILL');
  await exited;
  expect(proc.signalCode).toBe('SIGKILL');
}

const status = async (id: string) => (await t.db.select({ status: projects.status }).from(projects).where(eq(projects.id, id)))[0]!.status;
const worker = () =>
  startJobWorkers(t.handle, {
    url: url(),
    schedule: false,
    maintenanceIntervalSeconds: 1,
    pollingIntervalSeconds: 0.5,
    log: () => {},
    handlers: { [QUEUES.deliver]: async () => {} },
  });

describe('a worker process killed while it holds the sweep job (PostgreSQL)', () => {
  it('before doing the work: the job comes back after it expires, and bidding is closed once', async () => {
    const projectId = await dueProject(t.db, '雁塔区助浴上门服务项目（进程测试一）');
    const boss = await testBoss(t.handle, url());
    await quickSweepQueue(boss);
    const id = await enqueueSweep(t.db, boss);
    await boss.stop({ graceful: false, wait: true });

    await childWorker('take', id, /TAKEN /);
    await kill(child!);
    expect(await jobState(t.db, id)).toMatchObject({ state: 'active' });
    expect(await status(projectId)).toBe('published');

    workers = await worker();
    expect((await waitForJob(t.db, id, 'completed')).retry_count).toBeGreaterThanOrEqual(1);
    expect(await status(projectId)).toBe('biddingClosed');
    const effects = await closeEffects(t.db, projectId);
    expect(effects.closes).toBe(1);
    expect(effects.told).toBeGreaterThanOrEqual(3);
    expect(effects).toMatchObject({ people: effects.told, deliveries: effects.told });
  });

  it('after doing the work, before recording it: the job runs again and changes nothing more', async () => {
    const projectId = await dueProject(t.db, '雁塔区助浴上门服务项目（进程测试二）');
    const boss = await testBoss(t.handle, url());
    await quickSweepQueue(boss);
    const id = await enqueueSweep(t.db, boss);
    await boss.stop({ graceful: false, wait: true });

    await childWorker('sweep', id, /SWEPT /);
    await kill(child!);
    expect(await jobState(t.db, id)).toMatchObject({ state: 'active' });
    expect(await status(projectId)).toBe('biddingClosed');
    const once = await closeEffects(t.db, projectId);
    expect(once.closes).toBe(1);
    expect(once.told).toBeGreaterThanOrEqual(3);

    workers = await worker();
    expect((await waitForJob(t.db, id, 'completed')).retry_count).toBeGreaterThanOrEqual(1);
    expect(await closeEffects(t.db, projectId)).toEqual(once);
  });
}, 120_000);
