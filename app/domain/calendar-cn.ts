import type { CalendarDay } from './working-days';

/**
 * The statutory holidays and make-up working days the State Council announced (国务院办公厅关于部分节假日
 * 安排的通知) for the years shipped with the platform. The database's calendar (calendar_days, kept by the
 * province administrator at /admin/calendar) starts from these; later years are entered there when
 * each year's notice is published (usually in November).
 *
 * Each line: a holiday range (both ends included) or a make-up working day, with the holiday's name.
 */
const OFFICIAL: readonly { from: string; to?: string; kind: CalendarDay['kind']; name: string }[] = [
  // 国办发明电〔2023〕7号
  { from: '2024-01-01', kind: 'holiday', name: '元旦' },
  { from: '2024-02-04', kind: 'workday', name: '春节' },
  { from: '2024-02-10', to: '2024-02-17', kind: 'holiday', name: '春节' },
  { from: '2024-02-18', kind: 'workday', name: '春节' },
  { from: '2024-04-04', to: '2024-04-06', kind: 'holiday', name: '清明节' },
  { from: '2024-04-07', kind: 'workday', name: '清明节' },
  { from: '2024-04-28', kind: 'workday', name: '劳动节' },
  { from: '2024-05-01', to: '2024-05-05', kind: 'holiday', name: '劳动节' },
  { from: '2024-05-11', kind: 'workday', name: '劳动节' },
  { from: '2024-06-10', kind: 'holiday', name: '端午节' },
  { from: '2024-09-14', kind: 'workday', name: '中秋节' },
  { from: '2024-09-15', to: '2024-09-17', kind: 'holiday', name: '中秋节' },
  { from: '2024-09-29', kind: 'workday', name: '国庆节' },
  { from: '2024-10-01', to: '2024-10-07', kind: 'holiday', name: '国庆节' },
  { from: '2024-10-12', kind: 'workday', name: '国庆节' },
  // 国办发明电〔2024〕12号
  { from: '2025-01-01', kind: 'holiday', name: '元旦' },
  { from: '2025-01-26', kind: 'workday', name: '春节' },
  { from: '2025-01-28', to: '2025-02-04', kind: 'holiday', name: '春节' },
  { from: '2025-02-08', kind: 'workday', name: '春节' },
  { from: '2025-04-04', to: '2025-04-06', kind: 'holiday', name: '清明节' },
  { from: '2025-04-27', kind: 'workday', name: '劳动节' },
  { from: '2025-05-01', to: '2025-05-05', kind: 'holiday', name: '劳动节' },
  { from: '2025-05-31', to: '2025-06-02', kind: 'holiday', name: '端午节' },
  { from: '2025-09-28', kind: 'workday', name: '国庆节、中秋节' },
  { from: '2025-10-01', to: '2025-10-08', kind: 'holiday', name: '国庆节、中秋节' },
  { from: '2025-10-11', kind: 'workday', name: '国庆节、中秋节' },
  // 国办发明电〔2025〕7号
  { from: '2026-01-01', to: '2026-01-03', kind: 'holiday', name: '元旦' },
  { from: '2026-01-04', kind: 'workday', name: '元旦' },
  { from: '2026-02-14', kind: 'workday', name: '春节' },
  { from: '2026-02-15', to: '2026-02-23', kind: 'holiday', name: '春节' },
  { from: '2026-02-28', kind: 'workday', name: '春节' },
  { from: '2026-04-04', to: '2026-04-06', kind: 'holiday', name: '清明节' },
  { from: '2026-05-01', to: '2026-05-05', kind: 'holiday', name: '劳动节' },
  { from: '2026-05-09', kind: 'workday', name: '劳动节' },
  { from: '2026-06-19', to: '2026-06-21', kind: 'holiday', name: '端午节' },
  { from: '2026-09-20', kind: 'workday', name: '国庆节' },
  { from: '2026-09-25', to: '2026-09-27', kind: 'holiday', name: '中秋节' },
  { from: '2026-10-01', to: '2026-10-07', kind: 'holiday', name: '国庆节' },
  { from: '2026-10-10', kind: 'workday', name: '国庆节' },
];

export const OFFICIAL_CALENDAR: readonly (CalendarDay & { name: string })[] = OFFICIAL.flatMap((r) => {
  const days: (CalendarDay & { name: string })[] = [];
  for (let d = r.from; d <= (r.to ?? r.from); d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)) {
    days.push({ date: d, kind: r.kind, name: r.name });
  }
  return days;
});
