import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface ConventionsTables {
  conventions: {
    id: string;
    scope_code: string;
    scope_path: string;
    kind: 'resident' | 'estate';
    estate: string | null;
    title: string;
    current_version: number;
    created_by: string;
    created_at: Timestamp;
  };
  convention_versions: {
    convention_id: string;
    version: number;
    clauses: Json<{ key: string; text: string }[]>;
    amendment_id: string | null;
    published_at: Timestamp;
  };
  convention_amendments: {
    id: string;
    convention_id: string;
    base_version: number;
    title: string;
    rationale: string;
    changes: Json<unknown[]>;
    status: string;
    motion_id: string | null;
    result: Json<unknown> | null;
    version: number | null;
    proposed_by: string;
    created_at: Timestamp;
    decided_at: Timestamp | null;
  };
}
