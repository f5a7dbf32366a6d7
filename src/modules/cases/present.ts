import { t, type Locale } from '../../core/i18n.ts';
import type { CaseState } from './domain/index.ts';
import type { CaseRow } from './repository.ts';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const open = (status: string) => !['closed', 'rated', 'suspended'].includes(status);

/** A case for staff and its followers: the reporter's contact only masked. */
export function presentCase(row: CaseRow, locale: Locale, now = Date.now()) {
  const state = row.state as CaseState;
  return {
    id: row.id,
    number: row.number,
    category: row.category,
    categoryName: t(locale, `cases.category.${row.category}`),
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
