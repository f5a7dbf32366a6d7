import type { ColumnType, Generated } from 'kysely';

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Id = ColumnType<number, never, never>;
/** A China calendar date, read as text (`YYYY-MM-DD`). */
type DayNull = ColumnType<string | null, string | null | undefined, string | null>;

export interface CareTables {
  care_settings: { community_path: string; visit_days: ColumnType<Record<string, number>, string, string>; ladder: ColumnType<unknown, string | null, string | null>; dispatch_count: Generated<number>; updated_at: Generated<Date> };
  care_profiles: {
    id: Generated<string>; resident_id: string; path: string; community_path: string; name: string; risk_tier: 'high' | 'key' | 'other';
    home_lng: number | null; home_lat: number | null; address: Generated<string>;
    contacts_enc: string | null; health_notes_enc: string | null; key_safe_enc: string | null; created_at: Generated<Date>; updated_at: Generated<Date>;
    /** Closed when the resident left the roster (migration 0005); reopened by `CarePeople.upsertProfile`. */
    closed_at: TsNull; closed_reason: 'movedOut' | 'deceased' | null; closed_on: DayNull; reopened_at: TsNull;
  };
  care_pairings: { profile_id: string; account_id: string; created_at: Generated<Date> };
  care_devices: {
    id: string; profile_id: string | null; token_hash: string; heartbeat_seconds: Generated<number>; missed_heartbeats: Generated<number>; low_battery: Generated<number>;
    last_seen_at: TsNull; last_battery: number | null; last_lng: number | null; last_lat: number | null; created_at: Generated<Date>;
  };
  device_events: {
    id: Id; device_id: string; message_id: string; type: string; at: Ts; received_at: Generated<Date>; via: 'mqtt' | 'https';
    lng: number | null; lat: number | null; battery: number | null; quirks: ColumnType<string[], string[], string[]>; payload: string;
  };
  device_messages_rejected: {
    id: Id; device_id: string | null; via: string; topic: string | null; payload: string; reason: string; path: string | null;
    received_at: Generated<Date>; reviewed_at: TsNull; reviewed_by: string | null;
  };
  care_responders: {
    account_id: string; role: string; scope_path: string; on_duty: Generated<boolean>; lng: number | null; lat: number | null; position_at: TsNull;
    home_lng: number | null; home_lat: number | null; skills: ColumnType<string[], string[] | undefined, string[]>; updated_at: Generated<Date>;
  };
  care_alarms: {
    id: Id; event_id: number; device_id: string; profile_id: string | null; path: string | null; community_path: string | null; type: 'alarm' | 'fall';
    status: Generated<'open' | 'accepted' | 'resolved' | 'cancelled'>; lng: number | null; lat: number | null;
    pressed_at: Ts; received_at: Generated<Date>; offered_at: TsNull; accepted_at: TsNull; departed_at: TsNull; arrived_at: TsNull; resolved_at: TsNull;
    cancelled_at: TsNull; cancelled_by: string | null; accepted_by: string | null; arrival_distance_m: number | null; arrival_checked: boolean | null;
    purpose: string | null; outcome_note: string | null; advise_120: Generated<boolean>; circle: Generated<number>;
  };
  care_offers: {
    id: Id; alarm_id: number; account_id: string; reason: string; eta_seconds: number | null; distance_m: number | null;
    status: Generated<'offered' | 'accepted' | 'declined' | 'withdrawn'>; offered_at: Generated<Date>; answered_at: TsNull;
  };
  care_tasks: {
    id: Id; kind: string; priority: 'urgent' | 'normal' | 'low'; role: string; community_path: string | null; alarm_id: number | null; device_id: string | null;
    profile_id: string | null; detail: ColumnType<Record<string, unknown>, string | undefined, string>; due_at: Ts; created_at: Generated<Date>;
    done_at: TsNull; done_by: string | null; outcome: string | null; note: string | null;
  };
  care_notifications: { id: Id; alarm_id: number | null; channel: string; recipient: string; template: string; created_at: Generated<Date>; sent_at: TsNull };
}
