import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface AwardsTables {
  award_campaigns: {
    id: string;
    community_code: string;
    community_path: string;
    kind: 'family' | 'stairwell' | 'courtyard';
    year: number;
    title: string;
    method: 'score' | 'rankedChoice';
    winners: number;
    status: string;
    motion_id: string | null;
    result: Json<unknown> | null;
    created_by: string;
    created_at: Timestamp;
  };
  award_nominations: {
    id: string;
    campaign_id: string;
    nominee_kind: 'household' | 'stairwell';
    nominee_code: string;
    label: string;
    reason: string;
    nominated_by: string;
    by_staff: boolean;
    status: string;
    created_at: Timestamp;
  };
}
