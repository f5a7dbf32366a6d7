import { defaultLocale, hasKey, t, type Locale } from '../../core/i18n.ts';
import type { CategoryInfo } from './config.ts';
import type { CaseState } from './domain/index.ts';
import type { CaseRow } from './repository.ts';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const open = (status: string) => !['closed', 'rated', 'suspended'].includes(status);

/** What names a category: its configured names, if any (0141). */
export type NamedCategory = Pick<CategoryInfo, 'code'> & Partial<Pick<CategoryInfo, 'zh' | 'en'>>;

/**
 * The one place a category's name is chosen (docs/decisions/0141-notification-reads-and-category-names.md): the name
 * configured for the language, else the locale files (built-in categories), else the code itself, so a
 * category added through the settings never shows a bare `cases.category.x` key.
 */
export function categoryName(categories: readonly NamedCategory[], code: string, locale: Locale): string {
  const c = categories.find((x) => x.code === code);
  const configured = locale === 'en' ? c?.en : c?.zh;
  if (configured) return configured;
  const key = `cases.category.${code}`;
  return hasKey(locale, key) || hasKey(defaultLocale, key) ? t(locale, key) : code;
}

/** A case for staff and its followers: the reporter's contact only masked. `categories` name its category. */
export function presentCase(row: CaseRow, locale: Locale, categories: readonly NamedCategory[], now = Date.now()) {
  const state = row.state as CaseState;
  return {
    id: row.id,
    number: row.number,
    category: row.category,
    categoryName: categoryName(categories, row.category, locale),
    description: row.description,
    channel: row.channel,
    place: {
      lng: row.lng, lat: row.lat, address: row.address, microGrid: row.micro_grid_code, grid: row.grid_code,
      community: row.community_code, street: row.street_code, outsideGrid: row.outside_grid,
    },
    affair: row.affair,
    priority: row.priority,
    routeLevel: row.route_level,
    routeFlags: row.route_flags,
    status: row.status,
    statusName: t(locale, `cases.status.${row.status}`),
    responsible: { kind: row.responsible_kind, code: row.responsible_code },
    supervisor: row.supervisor_kind ? { kind: row.supervisor_kind, code: row.supervisor_code } : null,
    pendingTransfer: state.pendingTransfer ? { to: state.pendingTransfer.to, reason: state.pendingTransfer.reason } : null,
    extension: state.extension ? { status: state.extension.status, until: iso(new Date(state.extension.until)), reason: state.extension.reason } : null,
    dueAt: iso(row.due_at),
    remindAt: iso(row.remind_at),
    stepDueAt: iso(row.step_due_at),
    overdue: open(row.status) && new Date(row.due_at).getTime() < now,
    outcome: row.outcome,
    closedAt: iso(row.closed_at),
    reworkCount: row.rework_count,
    escalations: row.escalations,
    households: row.households,
    reporter: { name: row.reporter_name, phone: row.reporter_phone_masked, masked: true },
    createdAt: iso(row.created_at),
  };
}

/** Phone numbers, ID numbers and the names we know of are removed from text shown to the public. */
export function scrub(text: string, names: string[], max = 60): string {
  let out = text.replace(/\d[\d\s-]{4,}\d[\dXx]?/g, '***');
  for (const n of names.filter((x) => x && x.length >= 2).sort((a, b) => b.length - a.length)) out = out.split(n).join('**');
  return out.length > max ? `${out.slice(0, max)}…` : out;
}
