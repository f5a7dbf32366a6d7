/** Pure case-workflow types. Times are epoch ms; units are referred to by kind and code. */

export type UnitKind = 'microGrid' | 'grid' | 'community' | 'propertyCompany' | 'street' | 'countyDepartment';

export interface UnitRef {
  kind: UnitKind;
  code: string;
}

/** Who did something: a person, and the unit they acted for (none for a resident). */
export interface Actor {
  id: string;
  unit?: UnitRef;
}

/** Government affairs or resident affairs, so the share of each can be measured. */
export type Affair = 'government' | 'resident';

export type Outcome = 'resolved' | 'explained' | 'notOurResponsibility' | 'cannotResolveNow' | 'duplicate';

export type CaseStatus =
  | 'accepted'
  | 'verified'
  | 'dispatched'
  | 'handled'
  | 'reportedBack'
  | 'checked'
  | 'closed'
  | 'rated'
  | 'returned'
  | 'reopened'
  | 'suspended';

/** A time limit already computed on the working calendar by the caller (see `planDeadline`). */
export interface Deadline {
  dueAt: number;
  remindAt?: number;
}

export type TimerKind = 'reminder' | 'escalation';
export type TimerScope = 'case' | 'step';

export interface TimerSpec {
  id: string;
  caseId: string;
  scope: TimerScope;
  kind: TimerKind;
  at: number;
}

export type ReworkKind = 'checkFailed' | 'reporterRejected';

export interface Rating {
  by: string;
  at: number;
  satisfied: boolean;
  score?: number;
}

export interface CaseState {
  id: string;
  category: string;
  affair: Affair;
  status: CaseStatus;
  responsible: UnitRef;
  /** The unit that dispatched the case; it checks the result and closes. */
  supervisor?: UnitRef;
  handler?: string;
  /** Reporters (including those of merged duplicates) may rate and reject; signers may rate. */
  reporters: string[];
  signers: string[];
  acceptedAt: number;
  /** The case time limit for closing; moves only with a granted extension or a resumption. */
  dueAt: number;
  remindAt?: number;
  /** Bumped whenever the case deadline moves, so timer ids of the old deadline go stale. */
  dueVersion: number;
  step?: { seq: number; status: CaseStatus; dueAt: number; remindAt?: number };
  stepSeq: number;
  pendingTransfer?: { to: UnitRef; by: string; at: number; reason: string };
  extension?: { status: 'requested' | 'granted' | 'denied'; at: number; until: number; reason: string };
  suspended?: { from: CaseStatus; at: number; reason: string };
  outcome?: Outcome;
  duplicateOf?: string;
  firstDispatchedAt?: number;
  closedAt?: number;
  reworkCount: number;
  /** Escalations that fired on this case. */
  escalations: number;
  ratings: Rating[];
  lastAt: number;
}

interface Base {
  caseId: string;
  at: number;
  actor: Actor;
}

export type CaseEvent =
  | (Base & {
      type: 'accept';
      category: string;
      affair: Affair;
      responsible: UnitRef;
      reporters: string[];
      signers?: string[];
      deadline: Deadline;
      step?: Deadline;
    })
  | (Base & { type: 'verify'; step?: Deadline })
  | (Base & { type: 'dispatch'; to: UnitRef; handler?: string; step?: Deadline })
  | (Base & { type: 'handle'; step?: Deadline })
  | (Base & { type: 'reportBack'; outcome: Outcome; note?: string; step?: Deadline })
  | (Base & { type: 'check'; passed: boolean; reason?: string; step?: Deadline })
  | (Base & { type: 'close' })
  | (Base & { type: 'rate'; satisfied: boolean; score?: number })
  | (Base & { type: 'reject'; reason: string; step?: Deadline })
  | (Base & { type: 'return'; reason: string; to: UnitRef; step?: Deadline })
  | (Base & { type: 'requestTransfer'; to: UnitRef; reason: string })
  | (Base & { type: 'acceptTransfer'; step?: Deadline })
  | (Base & { type: 'declineTransfer'; reason: string })
  | (Base & { type: 'requestExtension'; until: number; reason: string })
  | (Base & { type: 'grantExtension'; until?: number; remindAt?: number })
  | (Base & { type: 'denyExtension'; reason: string })
  | (Base & { type: 'suspend'; reason: string })
  | (Base & { type: 'resume'; deadline?: Deadline; step?: Deadline })
  | (Base & { type: 'markDuplicate'; of: string })
  | (Base & { type: 'timerFired'; timerId: string });

export type CaseEventType = CaseEvent['type'];

/** A message for people, rendered by the caller with `t(locale, key, params)`. */
export interface Message {
  key: string;
  params: Record<string, string | number>;
}

/**
 * Who must hear it: the case's followers (reporters and signers), its responsible unit, the unit that
 * dispatched it and checks the result (supervisor), the unit above the responsible one (resolved by the
 * caller from the tree), or a named unit.
 */
export type Audience = 'followers' | 'responsible' | 'supervisor' | 'unitAbove' | 'unit';

export type Effect =
  | { type: 'scheduleTimer'; timer: TimerSpec }
  | { type: 'cancelTimer'; id: string }
  | { type: 'notify'; caseId: string; audience: Audience; unit?: UnitRef; message: Message }
  | { type: 'requestRating'; caseId: string; residents: string[] }
  | { type: 'escalate'; caseId: string; from: UnitRef; scope: TimerScope; level: number }
  | { type: 'mergeFollowers'; caseId: string; into: string; reporters: string[]; signers: string[] };

export type CaseErrorCode =
  | 'caseExists'
  | 'caseNotFound'
  | 'wrongCase'
  | 'outOfOrder'
  | 'invalidTransition'
  | 'notResponsible'
  | 'notChecked'
  | 'reasonRequired'
  | 'outcomeRequired'
  | 'notARater'
  | 'alreadyRated'
  | 'notAReporter'
  | 'transferPending'
  | 'noTransferPending'
  | 'notTransferTarget'
  | 'transferToSelf'
  | 'extensionPending'
  | 'noExtensionPending'
  | 'extensionTooLate'
  | 'extensionNotLater'
  | 'deadlineInvalid'
  | 'duplicateOfSelf'
  | 'invalidScore'
  | 'cannotApproveOwnRequest';

export interface CaseError {
  code: CaseErrorCode;
  params: Record<string, string | number>;
}

export type ApplyResult = { ok: true; state: CaseState; effects: Effect[] } | { ok: false; error: CaseError };
