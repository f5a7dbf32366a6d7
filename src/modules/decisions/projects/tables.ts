import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;
type DateText = ColumnType<string, string, string>;

export interface ProjectsTables {
  project_rounds: {
    id: string;
    community_code: string;
    community_path: string;
    year: number;
    council_id: string;
    seats: Json<{ constituency?: string; count: number }[]>;
    max_approvals: number;
    status: string;
    motion_id: string | null;
    result: Json<unknown> | null;
    tie_note: string | null;
    previous_round: string | null;
    created_by: string;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  project_proposals: {
    id: string;
    round_id: string;
    title: string;
    description: string;
    source: string;
    source_ref: string | null;
    constituency: string | null;
    status: string;
    approvals: number | null;
    by_constituency: Json<Record<string, number>> | null;
    proposed_by: string;
    created_at: Timestamp;
  };
  project_comments: {
    id: string;
    proposal_id: string;
    stance: string;
    body: string;
    author_id: string;
    author_name: string;
    created_at: Timestamp;
  };
  projects: {
    id: string;
    kind: 'doubleFive' | 'service';
    community_code: string;
    community_path: string;
    title: string;
    description: string;
    round_id: string | null;
    proposal_id: string | null;
    status: string;
    progress: ColumnType<number, number | undefined, number>;
    review_motion_id: string | null;
    review_result: Json<unknown> | null;
    council_id: string | null;
    organization: string | null;
    term_months: number | null;
    notice_days: number | null;
    term_starts_on: DateText | null;
    term_ends_on: DateText | null;
    term_no: ColumnType<number, number | undefined, number>;
    approval_motion_id: string | null;
    renewal_motion_id: string | null;
    renewal_passed: boolean | null;
    ended_on: DateText | null;
    created_by: string;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  project_milestones: { id: string; project_id: string; title: string; due_on: DateText | null; done_on: DateText | null; sort: number };
  project_progress: { id: string; project_id: string; percent: number; note: string; photos: Json<string[]>; author_id: string; at: Timestamp };
  project_terms: { project_id: string; term_no: number; starts_on: DateText; ends_on: DateText; motion_id: string | null };
}
