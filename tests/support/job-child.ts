// A worker process for job-queue.pg.test.ts, killed by the test while it holds a job:
//   node --import tsx tests/support/job-child.ts <take|sweep> <jobId>
// It takes the sweep job (pg-boss fetch) on DATABASE_URL and prints `TAKEN <id>`; with `sweep` it
// then does the job's work (at SWEEP_AT, the test's clock) and prints `SWEPT`. Either way it never
// records the job done: it waits to be killed.
import { openDb } from '../../db/client';
import { bossFor, QUEUES } from '../../app/lib/jobs.server';
import { sweepDeadlines } from '../../app/services/sweep-deadlines.server';

const [mode, expected] = process.argv.slice(2);
const url = process.env.DATABASE_URL!;
const handle = openDb({ url, max: 2 });
const boss = bossFor(handle, url, { supervise: false, schedule: false, migrate: false });
boss.on('error', (err) => console.error('child:', err));
await boss.start();
const [job] = await boss.fetch(QUEUES.sweep);
if (!job || job.id !== expected) {
  console.log(`WRONG-JOB ${job?.id ?? 'none'}`);
  process.exit(2);
}
console.log(`TAKEN ${job.id}`);
if (mode === 'sweep') {
  const done = await sweepDeadlines(handle.db, new Date(process.env.SWEEP_AT!));
  console.log(`SWEPT ${JSON.stringify(done)}`);
}
setInterval(() => {}, 1 << 30);
