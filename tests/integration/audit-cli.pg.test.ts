import { execFileSync } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { setupTestDb } from '../support/db';

const t = setupTestDb();

function run(): { code: number; out: string } {
  try {
    return { code: 0, out: execFileSync('npx', ['tsx', 'scripts/audit-verify.ts'], { env: { ...process.env, DATABASE_URL: t.handle.location }, encoding: 'utf8' }) };
  } catch (e) {
    const err = e as { status: number; stderr: string };
    return { code: err.status, out: err.stderr };
  }
}

describe('npm run audit:verify against the server', () => {
  it('says the chain is intact, then names the first tampered row and exits 1', async () => {
    expect(run()).toMatchObject({ code: 0, out: expect.stringMatching(/audit chain intact: \d+ rows verified \(postgres\)/) });
    await t.db.execute(sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update`);
    await t.db.execute(sql`UPDATE audit_events SET actor_role = 'platformAdmin' WHERE id = 3`);
    await t.db.execute(sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update`);
    const r = run();
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/audit chain BROKEN at row id 3:/);
  });
});
