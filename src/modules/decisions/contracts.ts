import type { Transaction } from 'kysely';
import type { AnyDB } from '../../core/db/database.ts';
import type { ApprovalSelectFile, Civil278File, RankedChoiceFile, ScoreFile, SimpleMajorityFile } from './tally/schema.ts';
import type { TallyResult } from './tally/index.ts';

/**
 * How the parts of the decisions module talk to each other. Votes (`votes/`) own motions and ballots;
 * bodies and meetings (`bodies/`, `meetings/`) and the yearly cycle, conventions and awards (`cycle/`,
 * `conventions/`, `awards/`) create motions and hear their outcome through these interfaces only: no
 * part reads another part's tables.
 */

/** Where a motion's roll comes from. The roll is read once, when the motion is announced, and frozen. */
export type ElectorateSource =
  /** The voting members of a body on the day of the announcement, with their seat's constituency. */
  | { kind: 'body'; bodyId: string }
  /** Those checked in at a meeting when the item is put to the vote. */
  | { kind: 'attendees'; meetingId: string }
  /** Owners of the households under a tree node (estate, building, stairwell), with floor area: Civil Code art. 278. */
  | { kind: 'owners'; scopeCode: string }
  /** One vote per household under a tree node (awards, resident polls). */
  | { kind: 'households'; scopeCode: string };

/** One voter on a frozen roll. */
export interface RollEntry {
  voterId: string;
  /** A display name that is safe to publish with the roll (masked where it is a person). */
  label: string;
  /** For approval selection by constituency (双五工程: partyMember, localResident, newResident). */
  constituency?: string | null;
  /** Path of the household this entry votes for: its resident accounts may vote on the web (owners, households). */
  householdPath?: string | null;
  /** An account that may vote on the web for this entry (a body member with an account). */
  accountId?: string | null;
  /** Owners' rolls: the unit as the tally counts it (Civil Code art. 278). */
  unit?: RollUnit | null;
}

/** A unit on an owners' roll: area in 0.01 m² as a decimal string of m² ("89.52"), owners as person ids. */
export interface RollUnit {
  area: string;
  owners: string[];
  developerHeld?: boolean;
  building?: string;
  stairwell?: string;
}

/** A part that can produce a roll registers a resolver for its kind of source. */
export type RollResolver = (source: ElectorateSource, at: Date, tx: Transaction<AnyDB>) => Promise<RollEntry[]>;

/** What a motion is about, so the part that created it hears the outcome. */
export interface MotionSubject {
  /** e.g. 'meetingItem', 'projectRound', 'projectRenewal', 'conventionAmendment', 'award'. */
  kind: string;
  id: string;
}

/** The outcome of a closed motion, handed to the subject's listener inside the closing transaction. */
export interface MotionOutcome {
  motionId: string;
  subject: MotionSubject | null;
  /** True for PASSED / ELECTED. */
  passed: boolean;
  /** Option ids selected or elected, in order (approval selection, ranked choice, score). */
  selected: string[];
  result: TallyResult;
  closedAt: string;
}

export type OutcomeListener = (outcome: MotionOutcome, tx: Transaction<AnyDB>) => Promise<void>;

type RollFields = 'ballots' | 'units' | 'members' | 'present' | 'voters' | 'deadline' | 'title' | 'version';
type WithoutRoll<T> = T extends unknown ? Omit<T, RollFields> : never;

/**
 * How a motion is counted: the offline tally file (docs/tally.md) without its roll, ballots and deadline.
 * At close the server fills those in from the frozen roll and the effective ballots and counts with the
 * same function as `npx gongzhi tally`, and publishes that file so anyone can recount.
 */
export type MotionRule = WithoutRoll<Civil278File | SimpleMajorityFile | ApprovalSelectFile | RankedChoiceFile | ScoreFile>;

export interface NewMotion {
  title: string;
  text?: string;
  rule: MotionRule;
  electorate: ElectorateSource;
  /** Tree code that owns the motion: who may manage it, and whose residents see it. */
  scopeCode: string;
  subject?: MotionSubject;
  /** Secret ballots keep no link from a choice to a voter anywhere an operator can read. */
  secret?: boolean;
  opensAt: string;
  closesAt: string;
}

/** The public surface of `votes/` that the other parts use. */
export interface MotionsApi {
  registerRoll(kind: ElectorateSource['kind'], resolver: RollResolver): void;
  onOutcome(subjectKind: string, listener: OutcomeListener): void;
  /** Creates a draft motion inside the caller's transaction; announcing it freezes the roll. */
  createMotion(input: NewMotion, createdBy: string, tx: Transaction<AnyDB>): Promise<{ id: string }>;
  announce(motionId: string, by: string, tx: Transaction<AnyDB>): Promise<void>;
  close(motionId: string, by: string, tx: Transaction<AnyDB>): Promise<MotionOutcome>;
}
