/**
 * Fixed vocabularies from the provincial policy §2 (services and the people they serve) and DOMAIN.md.
 * Codes are stable English identifiers stored in the database; labels live in app/i18n.
 */
export const SERVICE_CATEGORIES = [
  'familyService', // 家庭服务 §2.1
  'healthService', // 健康服务 §2.1
  'elderlyCare', // 养老服务 §2.1
  'childcare', // 育幼服务 §2.1
  'psychologicalSupport', // 心理疏导、精神慰藉 (social-work agencies) §2.1
  'mutualAid', // 生产互助、养老互助、救助互助 (rural) §2.1
  'residentParticipation', // 居民参与、协商 §2.2
  'culture', // 文化 §2.3
  'education', // 教育、科普 §2.3
  'sports', // 体育 §2.3
  'charity', // 慈善、志愿 §2.3
  'mediation', // 纠纷调解 §2.4
  'publicSafety', // 群防群治、平安社区 §2.4
  'rehabilitation', // 社区矫正、戒毒、康复帮扶 §2.4
] as const;
export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];

export const BENEFICIARY_GROUPS = [
  'allResidents', // 全体居民
  'lowIncome', // 低保对象
  'extremelyPoor', // 特困人员
  'emptyNestElderly', // 空巢老人
  'ruralLeftBehind', // 农村留守人员
  'childrenInDifficulty', // 困境儿童
  'disabled', // 残疾人
  'migrants', // 流动人口
] as const;
export type BeneficiaryGroup = (typeof BENEFICIARY_GROUPS)[number];

export const ORG_KINDS = ['communityOrg', 'hub', 'countyServiceOrg', 'socialWorkAgency'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/**
 * Community social organizations (社区社会组织) for the same-conditions preference (§3.4): those rooted
 * in one community, and the street's hub organization (枢纽型社区社会组织 is one by name, §3.4, §4.1).
 * County service organizations and social-work agencies are not: they serve a county, not a community.
 */
export function isCommunitySocialOrg(kind: string): boolean {
  return kind === 'communityOrg' || kind === 'hub';
}

export const LEGAL_STATUSES = ['registered', 'filed'] as const;
export type LegalStatus = (typeof LEGAL_STATUSES)[number];

export const ROLES = ['platformAdmin', 'bureauStaff', 'stationStaff', 'committeeStaff', 'orgAdmin', 'orgMember', 'evaluator'] as const;
export type Role = (typeof ROLES)[number];
