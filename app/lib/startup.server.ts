import { migrate, migrationState } from '#db/migrate';
import { readRegions, regionCount, seedRegions } from '#db/seed/regions';
import { seedDemo } from '#db/seed/demo';
import { appDb, closeAppDb } from './db.server';
import { env } from './env.server';

/** Migrate, and on an empty database load the region tree and the demo accounts. */
export async function startup(log: (msg: string) => void = console.log): Promise<void> {
  const e = env();
  const handle = appDb();
  const t0 = performance.now();
  const applied = await migrate(handle.db);
  log(`database: ${handle.kind} (${handle.location}); migrations applied now: ${applied.length ? applied.join(', ') : 'none'}`);
  if (e.SEED_ON_START === '1' && (await regionCount(handle.db)) === 0) {
    const t1 = performance.now();
    const n = await seedRegions(handle.db, readRegions());
    log(`seeded ${n} regions in ${Math.round(performance.now() - t1)} ms`);
    const t2 = performance.now();
    await seedDemo(handle.db);
    log(`seeded demo accounts and organizations in ${Math.round(performance.now() - t2)} ms`);
  }
  log(`ready in ${Math.round(performance.now() - t0)} ms`);
}

export async function shutdown(): Promise<void> {
  await closeAppDb();
}

export async function health() {
  const handle = appDb();
  const state = await migrationState(handle.db);
  return { database: handle.kind, migrations: { applied: state.applied.length, pending: state.pending } };
}
