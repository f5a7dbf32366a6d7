import type { ColumnType, Generated } from 'kysely';
import type { ThresholdFile } from '../tally/schema.ts';
import type { CouncilKind, Constituency } from './kinds.ts';
import type { ItemDecision } from './decision.ts';

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Day = ColumnType<string, string, string>;
type DayNull = ColumnType<string | null, string | null | undefined, string | null>;
type Json<T> = ColumnType<T, string, string>;
type JsonNull<T> = ColumnType<T | null, string | null | undefined, string | null>;

export interface CouncilTables {
  councils: {
    id: Generated<string>; kind: CouncilKind; name: string; scope_code: string; scope_path: string; scope_name: string;
    notice_days: number | null; quorum: JsonNull<ThresholdFile>; monthly_day: number | null; monthly_time: Generated<string>;
    created_at: Generated<Date>; created_by: string | null;
  };
  council_members: {
    id: Generated<string>; council_id: string; resident_id: string | null; path: string | null; name: string;
    residency: 'local' | 'newResident' | null; note: Generated<string>; created_at: Generated<Date>;
  };
  council_terms: { id: Generated<string>; council_id: string; name: string; starts_on: Day; ends_on: DayNull };
  council_seats: {
    id: Generated<string>; term_id: string; member_id: string; standing: Generated<boolean>; constituency: Constituency | null;
    title: Generated<string>; starts_on: DayNull; ends_on: DayNull;
  };
  council_meetings: {
    id: Generated<string>; council_id: string; title: string; starts_at: Ts; ends_at: TsNull; place: Generated<string>;
    status: Generated<'scheduled' | 'noticed' | 'closed' | 'cancelled'>; notice_text: Generated<string>; notice_published_at: TsNull;
    notice_days: number | null; checkin_token: string; generated_month: string | null; closed_at: TsNull; created_at: Generated<Date>; created_by: string | null;
  };
  council_agenda_items: {
    id: Generated<string>; meeting_id: string; position: number; title: string; text: Generated<string>; decision: JsonNull<ItemDecision>;
    on_notice: Generated<boolean>; status: Generated<'pending' | 'voting' | 'decided'>; motion_id: string | null; passed: boolean | null;
    result: JsonNull<ItemResult>; decided_at: TsNull;
  };
  council_attendance: { meeting_id: string; member_id: string; checked_in_at: Generated<Date>; via: 'self' | 'staff'; by_account: string | null };
  council_minutes: {
    meeting_id: string; status: Generated<'draft' | 'published'>; body: string; version: Generated<number>; updated_at: Generated<Date>;
    updated_by: string | null; published_at: TsNull; published_by: string | null;
  };
  council_kind_settings: { scope_path: string; kind: CouncilKind; notice_days: number; updated_at: Generated<Date> };
  council_minutes_versions: { meeting_id: string; version: number; body: string; kind: 'generated' | 'edited' | 'published'; saved_at: Generated<Date>; saved_by: string | null };
}

/** The numbers of a decided item, as the minutes and the meeting page show them. */
export interface ItemResult {
  outcome: string;
  passed: boolean;
  /** yes / no / abstain for yes-no methods; per option for selections. */
  counts: Record<string, number | string>;
  selected: string[];
  motionId: string;
  closedAt: string;
}
