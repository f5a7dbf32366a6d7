/** Shapes of the cases API's answers, as the console reads them (docs/cases.md). */
export interface UnitRef {
  kind: string;
  code: string;
}

export interface CaseSummary {
  id: string;
  number: string;
  category: string;
  categoryName: string;
  description: string;
  channel: string;
  place: { lng: number | null; lat: number | null; address: string | null; microGrid: string | null; grid: string | null; community: string | null; street: string | null; outsideGrid: boolean };
  affair: 'government' | 'resident';
  priority: 'normal' | 'raised' | 'urgent';
  status: string;
  statusName: string;
  responsible: UnitRef;
  supervisor: UnitRef | null;
  pendingTransfer: { to: UnitRef; reason: string } | null;
  extension: { status: 'requested' | 'granted' | 'denied'; until: string | null; reason: string } | null;
  dueAt: string;
  stepDueAt: string | null;
  overdue: boolean;
  outcome: string | null;
  closedAt: string | null;
  reworkCount: number;
  escalations: number;
  households: number;
  reporter: { name: string | null; phone: string | null };
  createdAt: string;
}

export interface TimelineEntry {
  seq: number;
  type: string;
  typeName: string;
  at: string;
  actor: UnitRef | null;
  by: string | null;
  detail: Record<string, unknown>;
  extra: Record<string, unknown>;
}

export interface CaseDetail extends CaseSummary {
  timeline: TimelineEntry[];
  signatures: { count: number; households: number; items: { name: string; household: string; signedAt: string }[] };
  followers: { kind: string; viaCase: string | null }[];
  attachments: { id: string; phase: 'before' | 'after' | 'other'; url: string; mediaType: string | null }[];
}

export interface CaseList {
  total: number;
  items: CaseSummary[];
}

export interface Inbox extends CaseList {
  counts: Record<string, number>;
  overdue: number;
}

export interface Category {
  code: string;
  name: string;
  affair: string;
}

export interface CasePoint {
  id: string;
  number: string;
  category: string;
  categoryName: string;
  status: string;
  statusName: string;
  lng: number;
  lat: number;
  overdue: boolean;
  priority: string;
}

export interface Durations {
  count: number;
  mean: number | null;
  p90: number | null;
}

export interface Indicators {
  received: number;
  closed: number;
  dueToClose: number;
  closedOnTime: number;
  closeRate: number | null;
  onTimeCloseRate: number | null;
  reworked: number;
  reworkRate: number | null;
  ratings: number;
  satisfied: number;
  satisfactionRate: number | null;
  timeToDispatch: Durations;
  timeToClose: Durations;
}

export interface IndicatorReport {
  from: string;
  to: string;
  groupBy: string;
  groups: Record<string, Indicators>;
  total: Indicators;
}

export interface Similar {
  id: string;
  number: string;
  category: string;
  summary: string;
  status: string;
  distanceM: number;
  createdAt: string;
}
