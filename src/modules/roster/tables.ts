import type { ColumnType, Generated } from 'kysely';

export interface RosterTables {
  tags: { code: string; zh: string; en: string; sort: Generated<number> };
  buildings: {
    id: Generated<string>;
    code: string;
    unit_id: string;
    path: string;
    estate: Generated<string>;
    name: string;
    lng: number | null;
    lat: number | null;
    floors: number | null;
  };
  stairwells: { id: Generated<string>; building_id: string; name: string };
  households: {
    id: Generated<string>;
    code: string;
    building_id: string;
    stairwell: Generated<string>;
    room: string;
    path: string;
    floor_area_centi: ColumnType<number | null, number | null, number | null>;
    created_at: Generated<Date>;
  };
  residents: {
    id: Generated<string>;
    household_id: string;
    path: string;
    name: string;
    id_number_enc: string;
    id_number_hash: string;
    id_number_masked: string;
    phone_enc: string | null;
    phone_hash: string | null;
    phone_masked: string | null;
    birth_date: ColumnType<string, string, string>;
    gender: 'M' | 'F';
    household_role: string;
    residency: 'local' | 'newResident';
    tags: ColumnType<string[], string[], string[]>;
    status: Generated<ResidentStatus>;
    departed_on: ColumnType<string | null, string | null | undefined, string | null>;
    departure_note: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  roster_changes: {
    id: Generated<string>;
    subject_type: 'resident' | 'household';
    subject_id: string;
    path: string;
    kind: string;
    fields: ColumnType<ChangedFields, string, string>;
    note: string | null;
    account_id: string | null;
    username: string | null;
    at: Generated<Date>;
  };
}

/** On the roster (`active`), or left it: 迁出 (`movedOut`), 死亡注销 (`deceased`). */
export type ResidentStatus = 'active' | 'movedOut' | 'deceased';

/** One change's fields, from → to (ID numbers and phones masked; null: none). */
export type ChangedFields = Record<string, { from: unknown; to: unknown }>;
