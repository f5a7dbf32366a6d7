import type { ColumnType, Generated } from 'kysely';
import type { CareTables } from '../tables.ts';

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Id = ColumnType<number, never, never>;
/** A China calendar date, read as text (`YYYY-MM-DD`) so no time zone slips in. */
type Day = ColumnType<string, string, string>;

/** The care loop's tables (migration 0002), next to the alarm tables they refer to. */
export interface LoopTables extends CareTables {
  care_tier_changes: { id: Id; profile_id: string; from_tier: string | null; to_tier: string; changed_at: Generated<Date> };
  care_groups: { id: Generated<string>; path: string; community_path: string; name: string; lead_account_id: string; created_by: string; created_at: Generated<Date>; updated_at: Generated<Date> };
  care_group_members: { group_id: string; account_id: string };
  care_group_profiles: { group_id: string; profile_id: string };
  care_visits: {
    id: Id; profile_id: string; visitor_id: string; path: string; community_path: string; started_at: Ts; minutes: number;
    lng: number | null; lat: number | null; distance_m: number | null; far: boolean; findings: ColumnType<string[], string[], string[]>; notes: string; created_at: Generated<Date>;
  };
  care_visit_overdue: { profile_id: string; due_on: Day; community_path: string; raised_at: Generated<Date>; escalated_at: TsNull; resolved_at: TsNull };
  care_kitchens: { id: Generated<string>; path: string; community_path: string; name: string; lng: number | null; lat: number | null; created_at: Generated<Date> };
  care_meal_rounds: {
    id: Id; kitchen_id: string; community_path: string; volunteer_id: string; service_date: Day; meal: 'soup' | 'lunch' | 'dinner'; created_by: string;
    created_at: Generated<Date>; dispatched_at: TsNull; completed_at: TsNull;
  };
  care_meal_orders: {
    id: Id; profile_id: string; kitchen_id: string; community_path: string; service_date: Day; meal: 'soup' | 'lunch' | 'dinner'; ordered_by: string; ordered_at: Generated<Date>;
    status: Generated<'ordered' | 'cancelled' | 'handedOver' | 'noAnswer'>; round_id: number | null; handed_at: TsNull; door_seconds: number | null;
    lng: number | null; lat: number | null; note: string | null; alarm_id: number | null;
  };
  care_service_hours: {
    id: Id; account_id: string; volunteer_name: string | null; source: 'alarm' | 'visit' | 'meal'; source_id: string; community_path: string; started_at: Ts; minutes: number;
    status: Generated<'pending' | 'approved' | 'declined'>; decided_by: string | null; decided_at: TsNull; reason: string | null; created_at: Generated<Date>;
  };
}
