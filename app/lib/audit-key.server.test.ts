import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { keyId } from '~/domain/audit-hash';
import { AuditKeyError, resolveAuditKey } from './audit-key.server';
import { validateEnv } from './env.server';

const dir = mkdtempSync(path.join(tmpdir(), 'audit-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const HEX = 'ab'.repeat(32);
const none = { AUDIT_HMAC_KEY: undefined, AUDIT_HMAC_KEY_FILE: undefined };

describe('where the audit key comes from', () => {
  it('AUDIT_HMAC_KEY first, then the file AUDIT_HMAC_KEY_FILE names', () => {
    const file = path.join(dir, 'mounted.key');
    writeFileSync(file, `${HEX}\n`);
    expect(resolveAuditKey({ AUDIT_HMAC_KEY: HEX, AUDIT_HMAC_KEY_FILE: file }, false)).toMatchObject({
      source: 'AUDIT_HMAC_KEY',
      kid: keyId(Buffer.from(HEX, 'hex')),
    });
    expect(resolveAuditKey({ ...none, AUDIT_HMAC_KEY_FILE: file }, false)).toMatchObject({ source: `file ${file}`, kid: keyId(Buffer.from(HEX, 'hex')) });
  });

  it('a named key file that is missing or not a key is an error, never replaced by a new key', () => {
    const missing = path.join(dir, 'nope.key');
    expect(() => resolveAuditKey({ ...none, AUDIT_HMAC_KEY_FILE: missing }, true)).toThrow(AuditKeyError);
    expect(() => statSync(missing)).toThrow();
    const weak = path.join(dir, 'weak.key');
    writeFileSync(weak, 'secret\n');
    expect(() => resolveAuditKey({ ...none, AUDIT_HMAC_KEY_FILE: weak }, true)).toThrow(/does not hold 32\+ bytes/);
  });

  it('with nothing configured, the app generates a key file once (0600) and keeps using it; a verifier never generates', () => {
    const file = path.join(dir, 'data', 'audit-hmac.key');
    expect(() => resolveAuditKey(none, false, file)).toThrow(/no audit key: set AUDIT_HMAC_KEY or AUDIT_HMAC_KEY_FILE/);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const first = resolveAuditKey(none, true, file);
    const again = resolveAuditKey(none, true, file);
    log.mockRestore();
    expect(readFileSync(file, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(again.kid).toBe(first.kid);
    expect(resolveAuditKey(none, false, file).kid).toBe(first.kid);
  });
});

describe('the environment around the audit key and the database roles', () => {
  const base = { NODE_ENV: 'production' };
  const pg = 'postgres://app@db.internal:5432/community';

  it('requires the key in production on a PostgreSQL server, not on PGlite or in development', () => {
    expect(() => validateEnv({ ...base, DATABASE_URL: pg })).toThrow(
      /AUDIT_HMAC_KEY: AUDIT_HMAC_KEY \(or AUDIT_HMAC_KEY_FILE\) is required in production with DATABASE_URL/,
    );
    expect(validateEnv({ ...base, DATABASE_URL: pg, AUDIT_HMAC_KEY: HEX }).AUDIT_HMAC_KEY).toBe(HEX);
    expect(validateEnv({ ...base, DATABASE_URL: pg, AUDIT_HMAC_KEY_FILE: '/run/secrets/audit' }).AUDIT_HMAC_KEY_FILE).toBe('/run/secrets/audit');
    expect(() => validateEnv(base)).not.toThrow();
    expect(() => validateEnv({ NODE_ENV: 'development', DATABASE_URL: pg })).not.toThrow();
  });

  it('refuses a short or mis-encoded key and a bad checkpoint interval', () => {
    expect(() => validateEnv({ AUDIT_HMAC_KEY: 'ab'.repeat(16) })).toThrow(/AUDIT_HMAC_KEY: AUDIT_HMAC_KEY must be at least 32 random bytes/);
    expect(() => validateEnv({ AUDIT_HMAC_KEY: 'not a key but quite a long sentence indeed' })).toThrow(/AUDIT_HMAC_KEY/);
    expect(() => validateEnv({ AUDIT_CHECKPOINT_MINUTES: '-1' })).toThrow(/AUDIT_CHECKPOINT_MINUTES/);
    expect(validateEnv({}).AUDIT_CHECKPOINT_MINUTES).toBe(10);
    expect(validateEnv({}).AUDIT_CHECKPOINT_DIR).toBe('./.data/audit-checkpoints');
  });

  it('a migration role needs a distinct runtime role', () => {
    const owner = 'postgres://owner@db.internal:5432/community';
    expect(() => validateEnv({ MIGRATION_DATABASE_URL: owner })).toThrow(/DATABASE_URL \(the runtime role\) is required when MIGRATION_DATABASE_URL is set/);
    expect(() => validateEnv({ MIGRATION_DATABASE_URL: owner, DATABASE_URL: owner })).toThrow(
      /the runtime role owner must not be the migration \(owner\) role/,
    );
    expect(() => validateEnv({ MIGRATION_DATABASE_URL: owner, DATABASE_URL: 'postgres://db.internal/community' })).toThrow(/APP_DATABASE_ROLE is required/);
    expect(() => validateEnv({ MIGRATION_DATABASE_URL: owner, DATABASE_URL: pg })).not.toThrow();
    expect(() => validateEnv({ APP_DATABASE_ROLE: 'app; DROP TABLE x' })).toThrow(/APP_DATABASE_ROLE must be a role name/);
  });
});
