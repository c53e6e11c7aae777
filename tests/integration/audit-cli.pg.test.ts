import { execFile } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { desc, gt, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { auditEvents } from '#db/schema';
import { recordAudit } from '~/services/audit.server';
import { setupTestDb } from '../support/db';

const t = setupTestDb();
const dir = mkdtempSync(path.join(tmpdir(), 'audit-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(
  script: 'audit-verify' | 'audit-checkpoint',
  args: string[] = [],
  env: Record<string, string | undefined> = {},
): Promise<{ code: number; out: string; err: string }> {
  const e: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: t.handle.location, AUDIT_CHECKPOINT_DIR: dir, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete e[k];
  try {
    const r = await promisify(execFile)(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], { env: e, encoding: 'utf8' });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (x) {
    const r = x as { code: number; stdout: string; stderr: string };
    return { code: r.code, out: r.stdout, err: r.stderr };
  }
}

const lastId = async () => (await t.db.select({ id: auditEvents.id }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1))[0]!.id;

async function insider(statement: ReturnType<typeof sql>) {
  await t.db.execute(sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update`);
  await t.db.execute(statement);
  await t.db.execute(sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update`);
}

describe('npm run audit:checkpoint and audit:verify against the server', () => {
  it('without a checkpoint the verifier refuses to call the log intact, unless told to check the chain alone', async () => {
    const r = await run('audit-verify');
    expect(r.code).toBe(1);
    expect(r.err).toContain('No checkpoint of this chain was found: a deleted tail cannot be detected.');
    const alone = await run('audit-verify', ['--no-checkpoint']);
    expect(alone).toMatchObject({ code: 0, out: expect.stringMatching(/audit chain intact: \d+ rows verified \(postgres\)/) });
    expect(alone.out).toContain('WARNING: checked without a checkpoint');
  });

  it('two checkpoint processes at once append two whole lines; the chain then verifies against them', async () => {
    const [a, b] = await Promise.all([run('audit-checkpoint'), run('audit-checkpoint')]);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(a.out).toMatch(/^AUDIT-CHECKPOINT \{.*"lastId":\d+/);
    const lines = readdirSync(dir).flatMap((f) => readFileSync(path.join(dir, f), 'utf8').trim().split('\n'));
    expect(lines).toHaveLength(2);
    const r = await run('audit-verify');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(new RegExp(`audit chain intact: \\d+ rows verified \\(postgres\\); matches the checkpoint of \\S+ \\(row #${await lastId()}\\)`));
  });

  it('names a deleted tail with the checkpoint that saw it, and exits 1', async () => {
    for (let i = 0; i < 3; i++)
      await t.db.transaction((tx) =>
        recordAudit(tx, { actorUserId: null, actorRole: null, action: 'test.tail', subjectType: 'test', subjectId: `${i}`, summary: {} }),
      );
    expect((await run('audit-checkpoint')).code).toBe(0);
    const seen = await lastId();
    await insider(sql`DELETE FROM audit_events WHERE id > ${seen - 3}`);
    const r = await run('audit-verify');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      new RegExp(`audit chain BROKEN: 1 problem\\(s\\)\\n  - Rows after #${seen - 3} are missing: the checkpoint of \\S+ saw #${seen} \\(\\d+ rows\\)\\.`),
    );
  });

  it('names a rewritten row, and a wrong key', async () => {
    const [victim] = await t.db.select({ id: auditEvents.id }).from(auditEvents).where(gt(auditEvents.id, 2)).limit(1);
    await insider(sql`UPDATE audit_events SET actor_role = 'platformAdmin' WHERE id = ${victim!.id}`);
    const r = await run('audit-verify', ['--no-checkpoint']);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`Row #${victim!.id} does not match its MAC: its content or MAC was changed after it was written`);
    const wrong = await run('audit-verify', ['--no-checkpoint'], { AUDIT_HMAC_KEY: 'f'.repeat(64) });
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('Row #1 does not match its MAC');
  });

  it('names a forged checkpoint by file and line', async () => {
    const file = path.join(dir, readdirSync(dir)[0]!);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const forged = { ...JSON.parse(lines.at(-1)!), lastId: 1, rows: 1 };
    appendFileSync(file, `${JSON.stringify(forged)}\n`);
    const r = await run('audit-verify');
    expect(r.code).toBe(1);
    expect(r.err).toContain(`The checkpoint at ${file}:${lines.length + 1} (of ${forged.at}, claiming #1) has a bad signature: it was forged or altered.`);
  });

  it('without a key it verifies nothing and says why', async () => {
    const r = await run('audit-verify', [], { AUDIT_HMAC_KEY: undefined, AUDIT_HMAC_KEY_FILE: '/nonexistent/audit.key' });
    expect(r.code).toBe(1);
    expect(r.err).toContain('audit chain NOT VERIFIED: cannot read the audit key file /nonexistent/audit.key');
  });
});
