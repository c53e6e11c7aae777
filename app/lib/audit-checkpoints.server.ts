import { mkdir, open, readdir, readFile, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { desc } from 'drizzle-orm';
import type { Db } from '#db/client';
import { auditEvents } from '#db/schema';
import { auditMac, KEYED_CHAIN, type ChainRow } from '~/domain/audit-hash';
import { CHECKPOINT_MARKER, checkpointLine, parseCheckpoint, signCheckpoint, type Checkpoint, type FoundCheckpoint } from '~/domain/audit-checkpoint';
import { chainHead, lastAuditId } from '~/queries/audit.server';
import type { AuditKey } from './audit-key.server';

/**
 * Checkpoint files (ADR 013): one line per checkpoint, appended to `checkpoints-YYYY-MM.jsonl` in
 * the checkpoint folder. Several processes may append to one file: each line is one write(2) on a
 * file opened O_APPEND, so lines land whole, one after another; duplicates agree and are harmless.
 */
export function checkpointFile(dir: string, at: string): string {
  return path.join(dir, `checkpoints-${at.slice(0, 7)}.jsonl`);
}

export async function appendCheckpoint(dir: string, cp: Checkpoint): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o750 });
  const file = checkpointFile(dir, cp.at);
  const fh = await open(file, 'a', 0o640);
  try {
    await fh.write(`${checkpointLine(cp)}\n`);
    await fh.sync();
  } finally {
    await fh.close();
  }
  return file;
}

export interface ReadCheckpoints {
  found: FoundCheckpoint[];
  /** Lines that are not checkpoints (a torn write, or an edit), by file:line. */
  unreadable: string[];
  /** The folder or file does not exist. */
  missing: boolean;
}

/** Reads a checkpoint folder (its *.jsonl files), or one file: a checkpoint file or a shipped log. */
export async function readCheckpoints(location: string): Promise<ReadCheckpoints> {
  const out: ReadCheckpoints = { found: [], unreadable: [], missing: false };
  let files: string[];
  try {
    const s = await stat(location);
    files = s.isDirectory()
      ? (await readdir(location))
          .filter((f) => f.endsWith('.jsonl'))
          .sort()
          .map((f) => path.join(location, f))
      : [location];
  } catch {
    out.missing = true;
    return out;
  }
  for (const file of files) {
    const isLog = !file.endsWith('.jsonl');
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines.forEach((line, i) => {
      if (!line.trim() || (isLog && !line.includes(CHECKPOINT_MARKER))) return;
      const cp = parseCheckpoint(line);
      if (cp) out.found.push({ checkpoint: cp, source: `${file}:${i + 1}` });
      else out.unreadable.push(`${file}:${i + 1}`);
    });
  }
  return out;
}

export class ChainHeadError extends Error {}

/**
 * Signs the chain's head and appends it to the folder, and prints it as one log line (so log
 * shipping keeps a second copy). Refuses when the head row does not verify with this key: a
 * checkpoint must never vouch for a row the key did not sign (a wrong key, or a tampered head).
 * Returns null when the log is empty.
 */
export async function takeCheckpoint(db: Db, key: AuditKey, dir: string, log: (line: string) => void = console.log): Promise<Checkpoint | null> {
  const head = await chainHead(db);
  if (!head.last || !head.identity.origin) return null;
  const last = head.last;
  if (last.chain === KEYED_CHAIN && auditMac(key.bytes, last.prevHash, last) !== last.hash) {
    throw new ChainHeadError(
      `the audit chain's last row #${last.id} does not match its MAC under key ${key.kid} (${key.source}): a wrong key, or the row was altered; no checkpoint written. Run npm run audit:verify.`,
    );
  }
  const cp = signCheckpoint(key.bytes, {
    v: 1,
    database: head.identity.database,
    origin: head.identity.origin,
    keyedFrom: head.keyedFrom,
    lastId: last.id,
    lastMac: last.hash,
    rows: head.rows,
    at: new Date().toISOString(),
    writer: `${hostname()}/${process.pid}`,
    kid: key.kid,
  });
  await appendCheckpoint(dir, cp);
  log(`${CHECKPOINT_MARKER} ${checkpointLine(cp)}`);
  return cp;
}

/**
 * Whether this key wrote the chain: some keyed row among the last `window` verifies under it. A
 * single bad row at the head (one inserted without the key, say) does not decide it; a wrong key
 * fails them all.
 */
export async function keyWroteChain(db: Db, key: AuditKey, window = 50): Promise<boolean> {
  const recent = (await db.select().from(auditEvents).orderBy(desc(auditEvents.id)).limit(window)) as ChainRow[];
  const keyed = recent.filter((r) => r.chain === KEYED_CHAIN);
  return !keyed.length || keyed.some((r) => auditMac(key.bytes, r.prevHash, r) === r.hash);
}

export interface CheckpointTimer {
  /** Stops the timer and takes a last checkpoint if the chain moved (at shutdown). */
  stop(): Promise<void>;
}

/**
 * The running app's checkpoints: one at start, then every `minutes` when the chain has moved since
 * this process's last one, and one at shutdown. Start-up stops on a wrong key (it would extend the
 * chain under a key that did not write it) or a folder it cannot write; a bad row at the head only
 * skips that checkpoint, loudly (audit:verify names the row). Later failures are logged, not fatal:
 * the app keeps serving, and the next tick tries again.
 */
export async function startCheckpoints(
  db: Db,
  key: AuditKey,
  dir: string,
  minutes: number,
  log: (line: string) => void = console.log,
): Promise<CheckpointTimer> {
  if (!(await keyWroteChain(db, key))) {
    throw new ChainHeadError(
      `the audit key ${key.kid} (${key.source}) verifies none of the audit chain's latest keyed rows: it is not the key this chain was written with. Start with the deployment's key; npm run audit:verify names what does not match.`,
    );
  }
  let lastWritten: number | null = null;
  try {
    lastWritten = (await takeCheckpoint(db, key, dir, log))?.lastId ?? null;
  } catch (e) {
    if (!(e instanceof ChainHeadError)) throw e;
    console.error(`audit checkpoint skipped: ${e.message}`);
  }
  let running: Promise<void> | null = null;
  const tick = () => {
    running ??= (async () => {
      try {
        if ((await lastAuditId(db)) === lastWritten) return;
        const cp = await takeCheckpoint(db, key, dir, log);
        lastWritten = cp?.lastId ?? null;
      } catch (e) {
        console.error(`audit checkpoint failed: ${(e as Error).message}`);
      }
    })().finally(() => (running = null));
    return running;
  };
  const timer = minutes > 0 ? setInterval(() => void tick(), minutes * 60_000) : null;
  timer?.unref();
  return {
    async stop() {
      if (timer) clearInterval(timer);
      await running;
      await tick();
    },
  };
}
