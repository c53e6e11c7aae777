import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { decodeAuditKey, keyId } from '~/domain/audit-hash';
import { env, type Env } from './env.server';

/** Where a key is generated when none is configured (beside the default PGlite folder, outside it). */
export const DEFAULT_KEY_FILE = './.data/audit-hmac.key';

export interface AuditKey {
  bytes: Uint8Array;
  /** Public short name of the key (keyId), printed in checkpoints and reports. */
  kid: string;
  /** Where it came from, for the start-up log and the verifier's report (never the key itself). */
  source: string;
}

export class AuditKeyError extends Error {}

function fromFile(file: string): AuditKey {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new AuditKeyError(`cannot read the audit key file ${file}: ${(e as Error).message}`);
  }
  const bytes = decodeAuditKey(text);
  if (!bytes) throw new AuditKeyError(`the audit key file ${file} does not hold 32+ bytes as hex or base64`);
  return { bytes, kid: keyId(bytes), source: `file ${file}` };
}

/**
 * The audit key: AUDIT_HMAC_KEY, else AUDIT_HMAC_KEY_FILE, else ./.data/audit-hmac.key. With
 * `generate`, a missing default file is created with a random key (mode 0600) so that a newcomer's
 * `npm start` works; env validation has already refused this in production on a PostgreSQL server.
 * Verifiers never generate: a fresh key would only make every keyed row fail.
 */
export function resolveAuditKey(e: Pick<Env, 'AUDIT_HMAC_KEY' | 'AUDIT_HMAC_KEY_FILE'>, generate: boolean, defaultFile = DEFAULT_KEY_FILE): AuditKey {
  if (e.AUDIT_HMAC_KEY) {
    const bytes = decodeAuditKey(e.AUDIT_HMAC_KEY)!;
    return { bytes, kid: keyId(bytes), source: 'AUDIT_HMAC_KEY' };
  }
  if (e.AUDIT_HMAC_KEY_FILE) return fromFile(e.AUDIT_HMAC_KEY_FILE);
  const file = path.resolve(defaultFile);
  if (generate) {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      // 'wx': two processes starting together on one machine keep whichever key was written first.
      writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
      console.log(`audit: generated a new HMAC key in ${file} (keep it with the data; set AUDIT_HMAC_KEY in production)`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  try {
    return fromFile(file);
  } catch (err) {
    throw new AuditKeyError(`no audit key: set AUDIT_HMAC_KEY or AUDIT_HMAC_KEY_FILE (${(err as Error).message})`);
  }
}

const g = globalThis as typeof globalThis & { __auditKey?: AuditKey };

/** The app's key, resolved once (generated on first use where that is allowed). */
export function auditKey(): AuditKey {
  if (!g.__auditKey) g.__auditKey = resolveAuditKey(env(), true);
  return g.__auditKey;
}

/** Tests only: forget the key so the next auditKey() reads the environment again. */
export function resetAuditKeyForTests() {
  g.__auditKey = undefined;
}
