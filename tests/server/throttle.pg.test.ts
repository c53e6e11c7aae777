import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createServerDb, startApp, type AppProcess } from './support';

/** The limits live in the database: two app processes on one PostgreSQL share them. */
let db: Awaited<ReturnType<typeof createServerDb>>;
let apps: AppProcess[] = [];
beforeAll(async () => {
  db = await createServerDb();
  apps = [await startApp({ env: { DATABASE_URL: db.url } }), await startApp({ env: { DATABASE_URL: db.url } })];
});
afterAll(async () => {
  for (const a of apps) await a.stop();
  await db?.drop();
});

describe('throttling across two processes (PostgreSQL)', () => {
  it('16 simultaneous wrong passwords for one account, spread over both processes and both identifiers: 10 answered 400, 6 refused 429', async () => {
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        new Client(apps[i % 2]!.url).post(
          '/login',
          { identifier: Math.floor(i / 2) % 2 ? 'bureau@demo.cn' : '13800000003', password: `guess-${i}`, next: '/' },
          { headers: { 'x-forwarded-for': `198.51.100.${i}` } },
        ),
      ),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(10).fill(400), ...Array(6).fill(429)]);
    // And afterwards either process refuses even the right password.
    for (const app of apps) {
      const r = await new Client(app.url).post(
        '/login',
        { identifier: 'bureau@demo.cn', password: 'Demo@2026pass', next: '/' },
        { headers: { 'x-forwarded-for': '198.51.100.99' } },
      );
      expect(r.status).toBe(429);
    }
  });
});
