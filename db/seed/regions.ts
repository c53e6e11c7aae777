import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { regions } from '../schema';
import { env } from '~/lib/env.server';
import { classifyCommunity, isDirectlyReported } from '~/domain/community-type';
import { levelOfCode, parentCode } from '~/domain/region-code';

export function regionsFile(): string {
  return path.resolve(env().REGIONS_FILE);
}

export interface RegionRow {
  code: string;
  name: string;
  level: ReturnType<typeof levelOfCode>;
  parentCode: string | null;
  communityType: 'urban' | 'rural' | null;
  communityTypeReason: string | null;
  directlyReported: boolean;
}

/** Reads the committed extract and applies the urban/rural rule (app/domain/community-type.ts). */
export function readRegions(file = regionsFile(), onlyPrefix?: string): RegionRow[] {
  const names = new Map<string, string>();
  const rows: RegionRow[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [code, name] = line.split('\t') as [string, string];
    names.set(code, name);
    if (onlyPrefix && !(code.startsWith(onlyPrefix) || onlyPrefix.startsWith(code))) continue;
    const level = levelOfCode(code);
    const parent = parentCode(code);
    const type = level === 'community' ? classifyCommunity(name, names.get(parent!) ?? '') : null;
    rows.push({
      code,
      name,
      level,
      parentCode: parent,
      communityType: type?.type ?? null,
      communityTypeReason: type?.reason ?? null,
      directlyReported: level !== 'community' && level !== 'street' && isDirectlyReported(name),
    });
  }
  return rows;
}

/** Loads the region tree in batches; the whole province (21,809 rows) takes a few seconds on PGlite. */
export async function seedRegions(db: Db, rows = readRegions()): Promise<number> {
  const BATCH = 2000;
  await db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += BATCH) {
      await tx
        .insert(regions)
        .values(rows.slice(i, i + BATCH))
        .onConflictDoNothing();
    }
  });
  return rows.length;
}

export async function regionCount(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(regions);
  return row?.n ?? 0;
}
