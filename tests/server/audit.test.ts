import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { Client, removeDir, startApp, type AppProcess } from './support';

/**
 * A newcomer's `npm start` on PGlite with no audit key configured: the server makes one beside its
 * data, checkpoints the chain at start and at shutdown (in a file and in the log), and the chain
 * then verifies against either copy. A server given another key refuses to extend the chain.
 */
const checkpoints = mkdtempSync(path.join(tmpdir(), 'srv-audit-checkpoints-'));
const keyFile = () => path.join(inject('serverApp'), '.data', 'audit-hmac.key');
let app: (AppProcess & { pgliteDir?: string }) | undefined;
afterAll(async () => {
  await app?.stop();
  removeDir(app?.pgliteDir);
  rmSync(checkpoints, { recursive: true, force: true });
  rmSync(keyFile(), { force: true });
});

async function verify(args: string[], env: Record<string, string>) {
  const e: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', NODE_ENV: 'production', ...env };
  try {
    const r = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts', ...args], { env: e, encoding: 'utf8' });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (x) {
    const r = x as { code: number; stdout: string; stderr: string };
    return { code: r.code, out: r.stdout, err: r.stderr };
  }
}

describe('the audit key and checkpoints of a zero-config production server', () => {
  it('generates a key, checkpoints at start and shutdown, and the chain verifies against the folder and against the log', async () => {
    app = await startApp({ env: { AUDIT_HMAC_KEY: undefined, AUDIT_CHECKPOINT_DIR: checkpoints } });
    expect(app.output()).toContain(`audit: generated a new HMAC key in ${keyFile()}`);
    expect(app.output().match(/^AUDIT-CHECKPOINT \{/gm)).toHaveLength(1);
    await new Client(app.url).signIn('bureau@demo.cn'); // writes an audit row
    expect(await app.stop()).toBe(0);
    expect(app.output().match(/^AUDIT-CHECKPOINT \{/gm)).toHaveLength(2);

    const env = { PGLITE_DIR: app.pgliteDir!, AUDIT_HMAC_KEY_FILE: keyFile(), AUDIT_CHECKPOINT_DIR: checkpoints };
    const fromFolder = await verify([], env);
    expect(fromFolder).toMatchObject({ code: 0, err: '' });
    expect(fromFolder.out).toMatch(/audit chain intact: \d+ rows verified \(pglite\); matches the checkpoint of /);
    const log = path.join(checkpoints, 'server.log');
    writeFileSync(log, app.output());
    const fromLog = await verify([`--checkpoints=${log}`], env);
    expect(fromLog.code).toBe(0);
    expect(fromLog.out).toContain(`checkpoints of this chain: 2; latest:`);
  });

  it('a server given a key that did not sign the chain refuses to start', async () => {
    await expect(
      startApp({ pgliteDir: app!.pgliteDir, env: { AUDIT_HMAC_KEY: 'c'.repeat(64), AUDIT_CHECKPOINT_DIR: checkpoints }, readyMs: 60_000 }),
    ).rejects.toThrow(
      /the audit key [0-9a-f]{16} \(AUDIT_HMAC_KEY\) verifies none of the audit chain's latest keyed rows: it is not the key this chain was written with/,
    );
  });
});
