import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createServerDb, startApp, type AppProcess } from './support';

let app: AppProcess;
let database: Awaited<ReturnType<typeof createServerDb>>;
beforeAll(async () => {
  database = await createServerDb();
  app = await startApp({ env: { DATABASE_URL: database.url } });
});
afterAll(async () => {
  await app?.stop();
  await database?.drop();
});

describe('the production server on PostgreSQL', () => {
  it('serves a signed-in page from a copy of the seeded template', async () => {
    const bureau = await new Client(app.url).signIn('bureau@demo.cn');
    expect((await bureau.get('/workspace')).status).toBe(200);
    const health = await (await bureau.get('/healthz')).json();
    expect(health).toMatchObject({ ok: true, database: 'postgres' });
  });
});
