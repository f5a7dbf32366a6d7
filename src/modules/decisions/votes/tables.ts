import type { ColumnType, Generated } from 'kysely';
import type { Channel } from '../tally/index.ts';

type Time = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type MotionState = 'draft' | 'announced' | 'closed' | 'cancelled';

export interface VotesTables {
  motions: {
    id: Generated<string>;
    scope_code: string;
    scope_path: string;
    title: string;
    text: Generated<string>;
    method: string;
    rule: Json<unknown>;
    electorate: Json<unknown>;
    subject_kind: string | null;
    subject_id: string | null;
    secret: Generated<boolean>;
    state: Generated<MotionState>;
    opens_at: Time;
    closes_at: Time;
    created_by: string;
    created_at: Generated<Date>;
    announced_by: string | null;
    announced_at: Time | null;
    roll_size: number | null;
    closed_by: string | null;
    closed_at: Time | null;
    cancelled_by: string | null;
    cancelled_at: Time | null;
    outcome: string | null;
    passed: boolean | null;
    selected: Json<string[]> | null;
    result: Json<unknown> | null;
    tally_file: Json<unknown> | null;
  };
  motion_roll: {
    motion_id: string;
    voter_id: string;
    position: number;
    label: string;
    constituency: string | null;
    household_path: string | null;
    account_id: string | null;
    unit: Json<unknown> | null;
  };
  ballots: {
    id: Generated<string>;
    motion_id: string;
    voter_id: string;
    choice: Json<unknown>;
    cast_at: Time;
    channel: Channel;
    entered_by: string;
    spoiled: Generated<boolean>;
  };
  ballot_receipts: {
    motion_id: string;
    voter_id: string;
    channel: Channel;
    entered_by: string;
    cast_at: Time;
    changes: Generated<number>;
  };
  ballot_box: {
    id: Generated<string>;
    motion_id: string;
    choice: Json<unknown>;
    channel: Channel;
    constituency: string | null;
    receipt_hash: string | null;
    revision: Generated<number>;
    spoiled: Generated<boolean>;
    superseded: Generated<boolean>;
  };
}
