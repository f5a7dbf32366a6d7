import { onMounted, ref, type Ref } from 'vue';
import { request, showError } from '../../api.ts';
import { locale, t } from '../../i18n.ts';
import type { Category } from './types.ts';
import { unitName } from './units.ts';

/** The statuses of a case still being worked on (as the server's `openStatuses`). */
export const openStatuses = ['accepted', 'verified', 'dispatched', 'handled', 'reportedBack', 'checked', 'returned', 'reopened'];
export const allStatuses = [...openStatuses, 'suspended', 'closed', 'rated'];
export const channels = ['app', 'hotline', 'visit', 'council', 'device', 'open311'];
export const staffRoles = ['countyCentre', 'streetStaff', 'communityStaff', 'gridLeader', 'gridWorker', 'microGridLeader', 'propertyManager'];

/** Beijing wall-clock time, whatever the browser's zone: deadlines are set on the Chinese working calendar. */
export function when(iso: string | null | undefined): string {
  if (!iso) return t('cases.indicators.none');
  const shifted = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)}`;
}

/** "3 天" / "5 小时" for a span of milliseconds, the largest unit that fits. */
export function span(ms: number): string {
  const minutes = Math.max(0, Math.round(Math.abs(ms) / 60_000));
  if (minutes >= 1440) return t('cases.common.days', { n: Math.round((minutes / 1440) * 10) / 10 });
  if (minutes >= 60) return t('cases.common.hours', { n: Math.round((minutes / 60) * 10) / 10 });
  return t('cases.common.minutes', { n: minutes });
}

/** Time left until the deadline, or how long it has passed. */
export function dueText(dueAt: string, now = Date.now()): string {
  const left = Date.parse(dueAt) - now;
  return left >= 0 ? t('cases.common.dueIn', { d: span(left) }) : t('cases.common.overdueBy', { d: span(left) });
}

/** A unit as people say it: its kind and, once looked up, its name. */
export function unitText(unit: { kind: string; code: string } | null): string {
  return unitName(unit);
}

export function percent(value: number | null): string {
  return value === null ? t('cases.indicators.none') : `${(value * 100).toFixed(1)}%`;
}

/** Minutes from the indicators as hours with two decimals (a quick dispatch is minutes, not hours). */
export function hours(minutes: number | null): number | null {
  return minutes === null ? null : Math.round((minutes / 60) * 100) / 100;
}

let categories: Promise<Category[]> | null = null;
let categoriesLocale = '';
/** The categories with names in the current language, fetched once per language. */
function loadCategories(localeNow: string): Promise<Category[]> {
  if (!categories || categoriesLocale !== localeNow) {
    categoriesLocale = localeNow;
    categories = request<{ items: Category[] }>('/api/cases/categories').then((r) => r.items).catch((error: unknown) => {
      categories = null;
      throw error;
    });
  }
  return categories;
}

/** A page's list of categories, filled when it mounts; a failure is shown and leaves the list empty. */
export function useCategories(): Ref<Category[]> {
  const list = ref<Category[]>([]);
  onMounted(async () => {
    try {
      list.value = await loadCategories(locale.value);
    } catch (error) {
      showError(error);
    }
  });
  return list;
}

export const statusType: Record<string, 'primary' | 'success' | 'warning' | 'danger' | 'info'> = {
  accepted: 'primary', verified: 'primary', dispatched: 'primary', handled: 'warning', reportedBack: 'warning', checked: 'success',
  closed: 'success', rated: 'success', returned: 'danger', reopened: 'danger', suspended: 'info',
};
