import type { OrgRow } from '~/components/org-table';

export const CATEGORY_SAMPLE = ['culture', 'elderlyCare', 'mediation'];

const ROWS: OrgRow[] = Array.from({ length: 20 }, (_, i) => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  name: `雁塔区小寨路街道第${i + 1}社区夕阳红志愿服务队`,
  kind: 'communityOrg',
  legalStatus: i % 3 ? 'filed' : 'registered',
  status: 'active',
  regionName: '永松社区居委会',
  serviceCategories: CATEGORY_SAMPLE.slice(0, 1 + (i % 3)),
  memberCount: 10 + i,
}));

const CITIES = [
  ['6101', '西安市'], ['6102', '铜川市'], ['6103', '宝鸡市'], ['6104', '咸阳市'], ['6105', '渭南市'],
  ['6106', '延安市'], ['6107', '汉中市'], ['6108', '榆林市'], ['6109', '安康市'], ['6110', '商洛市'],
].map(([code, name]) => ({ code: code!, name: name! }));

/** The same shape as the directory loader's answer, built without any I/O. */
export function constantDirectory() {
  return {
    rows: ROWS,
    total: 4321,
    filters: { q: undefined, kind: undefined, legalStatus: undefined, category: 'culture' },
    picker: { levels: [{ parent: '61', selected: null, options: CITIES }] },
    page: 1,
    pageSize: 20,
  };
}
