import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface CasesTables {
  case_categories: {
    code: string;
    zh: string;
    en: string;
    affair: 'government' | 'resident';
    levels: Json<unknown>;
    limits: Json<unknown>;
    sort: Generated<number>;
  };
  case_settings: { key: string; value: Json<unknown> };
  case_property_companies: { code: string; name: string; community_code: string; path: string };
  cases: {
    id: string;
    number: string;
    category: string;
    description: string;
    channel: string;
    lng: number | null;
    lat: number | null;
    address: string | null;
    micro_grid_code: string | null;
    grid_code: string | null;
    community_code: string | null;
    street_code: string | null;
    county_code: string | null;
    place_path: string;
    outside_grid: boolean;
    affair: string;
    priority: 'normal' | 'urgent' | 'raised';
    route_level: string;
    route_flags: Json<unknown>;
    status: string;
    responsible_kind: string;
    responsible_code: string;
    responsible_path: string;
    supervisor_kind: string | null;
    supervisor_code: string | null;
    supervisor_path: string | null;
    due_at: Timestamp;
    remind_at: Timestamp | null;
    step_due_at: Timestamp | null;
    outcome: string | null;
    closed_at: Timestamp | null;
    rework_count: number;
    escalations: number;
    households: number;
    reporter_account: string | null;
    reporter_name: string | null;
    reporter_phone_enc: string | null;
    reporter_phone_masked: string | null;
    state: Json<unknown>;
    event_count: number;
    created_by: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  case_events: {
    case_id: string;
    seq: number;
    type: string;
    at: Timestamp;
    actor: string;
    account_id: string | null;
    event: Json<unknown>;
    extra: Json<unknown>;
    recorded_at: Generated<Date>;
  };
  case_followers: {
    case_id: string;
    follower: string;
    kind: 'reporter' | 'signer' | 'merged';
    account_id: string | null;
    resident_id: string | null;
    household: string | null;
    via_case: string | null;
    added_at: Generated<Date>;
  };
  case_signatures: {
    case_id: string;
    signer: string;
    household: string;
    resident_id: string | null;
    account_id: string | null;
    name: string;
    signed_at: Generated<Date>;
  };
  case_attachments: {
    id: Generated<string>;
    case_id: string;
    phase: 'before' | 'after' | 'other';
    url: string | null;
    file_path: string | null;
    media_type: string | null;
    bytes: number | null;
    added_by: string | null;
    added_at: Generated<Date>;
  };
  case_idempotency: { principal: string; key: string; case_id: string; created_at: Generated<Date> };
  notifications: {
    id: Generated<number>;
    account_id: string | null;
    unit_kind: string | null;
    unit_code: string | null;
    case_id: string | null;
    key: string;
    params: Json<unknown>;
    created_at: Generated<Date>;
    read_at: Timestamp | null;
  };
}
