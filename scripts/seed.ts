/**
 * Data generator for scale tests and the benchmark.
 *
 *   npm run seed -- --scale=province [--seed=42]
 *   npm run seed -- --scale=demo
 *
 * Uses DATABASE_URL when set, otherwise the PGlite folder PGLITE_DIR (default ./.data/pglite).
 * Always migrates; on an empty database loads the region tree and the demo accounts (as the app's
 * first start does). `--scale=demo` stops there. `--scale=province` then generates, on the real region
 * tree and deterministically from the seed number, a province's worth of community social
 * organizations with their admins, the committee and station staff, and the filing applications with
 * their timelines.
 *
 * Running it twice is harmless: when the database already holds more than 1,000 organizations it says
 * so and exits 0. There is no reset: to start over, delete the PGlite folder or drop the database.
 *
 * No audit_events rows are written for generated data: generated bulk data is not an audited change
 * (nobody did it), and the audit chain (npm run audit:verify) stays valid because nothing is appended
 * outside recordAudit.
 *
 * The parts live in scripts/seed/: the registry (organizations.ts, registry-*.ts), the project
 * library (projects.ts, projects-plan.ts) and the contracts (contracts.ts, contracts-plan.ts).
 */
import { openDb, DEFAULT_PGLITE_DIR } from '#db/client';
import { migrate } from '#db/migrate';
import { installJobs } from '~/lib/jobs.server';
import { readRegions, regionCount, seedRegions } from '#db/seed/regions';
import { seedDemo } from './demo/demo';
import { parseArgs } from './seed/args';
import { count, seconds } from './seed/insert';
import { seedOrganizations } from './seed/organizations';
import { seedProjects } from './seed/projects';
import { seedContracts } from './seed/contracts';

async function main() {
  const { scale, seed } = parseArgs(process.argv.slice(2));
  const url = process.env.DATABASE_URL || undefined;
  const handle = openDb(url ? { url, max: 2 } : { dataDir: process.env.PGLITE_DIR || DEFAULT_PGLITE_DIR });
  const { db } = handle;
  const t0 = performance.now();
  try {
    console.log(`database: ${handle.kind} (${handle.location}); scale ${scale}, seed ${seed}`);
    const applied = await migrate(db);
    console.log(`migrations applied now: ${applied.length ? applied.join(', ') : 'none'}`);
    // The demo's use cases enqueue jobs (deadlines, notifications) in their transactions.
    await installJobs(handle, url);
    if ((await regionCount(db)) === 0) {
      const t1 = performance.now();
      const n = await seedRegions(db, readRegions());
      console.log(`seeded ${n} regions in ${seconds(t1)}`);
      const t2 = performance.now();
      await seedDemo(db);
      console.log(`seeded demo accounts and organizations in ${seconds(t2)}`);
    }
    if (scale === 'demo') {
      console.log(`done in ${seconds(t0)}`);
      return;
    }
    const already = await count(db, 'organizations');
    if (already > 1000) {
      console.log(`the database already holds ${already} organizations: organizations are there.`);
    } else {
      await seedOrganizations(db, seed);
    }
    const projectsThere = await count(db, 'projects');
    const contractsThere = await count(db, 'contracts');
    if (projectsThere > 1000) {
      console.log(`the database already holds ${projectsThere} projects: the library is there, nothing to do.`);
    } else {
      await seedProjects(db, seed);
    }
    if (contractsThere > 1000) console.log(`the database already holds ${contractsThere} contracts: nothing to do.`);
    else await seedContracts(db, seed);
    console.log('\ntotals in the database:');
    for (const table of [
      'regions',
      'organizations',
      'users',
      'role_assignments',
      'filing_applications',
      'filing_steps',
      'projects',
      'bids',
      'rankings',
      'awards',
      'contracts',
      'tranches',
      'deliverables',
      'attachments',
      'ledger_entries',
      'audit_events',
    ]) {
      console.log(`  ${table.padEnd(20)} ${await count(db, table)}`);
    }
    console.log(`\ndone in ${seconds(t0)}`);
  } finally {
    await handle.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
