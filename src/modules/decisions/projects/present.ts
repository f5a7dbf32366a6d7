import type { Selectable } from 'kysely';
import type { ProjectRow } from './delivery.ts';
import { actionsIn, type RoundStatus } from './round.ts';
import type { ProposalRow, RoundRow } from './rounds.ts';
import { maskName } from '../policy.ts';
import type { ProjectsTables } from './tables.ts';

const iso = (d: Date | string) => new Date(d).toISOString();

export function presentRound(r: RoundRow) {
  return {
    id: r.id, communityCode: r.community_code, year: r.year, councilId: r.council_id, seats: r.seats, maxApprovals: r.max_approvals,
    status: r.status, actions: actionsIn(r.status as RoundStatus), motionId: r.motion_id, result: r.result, tieNote: r.tie_note,
    previousRound: r.previous_round, createdAt: iso(r.created_at),
  };
}

export type StanceCounts = { for: number; against: number; neutral: number };

/** No proposer on any page: a proposal stands on its text, and residents' names stay out of public view. */
export function presentProposal(p: ProposalRow, stances: StanceCounts = { for: 0, against: 0, neutral: 0 }) {
  return {
    id: p.id, roundId: p.round_id, title: p.title, description: p.description, source: p.source, sourceRef: p.source === 'resident' ? null : p.source_ref,
    constituency: p.constituency, status: p.status, approvals: p.approvals, byConstituency: p.by_constituency, comments: stances, createdAt: iso(p.created_at),
  };
}

/** Deliberation is by name (实名), but only managers read the full name; neighbours see 张*. */
export function presentComment(c: Selectable<ProjectsTables['project_comments']>, fullName: boolean) {
  return { id: c.id, stance: c.stance, body: c.body, author: fullName ? c.author_name : maskName(c.author_name), createdAt: iso(c.created_at) };
}

export function presentProject(p: ProjectRow) {
  return {
    id: p.id, kind: p.kind, communityCode: p.community_code, title: p.title, description: p.description, roundId: p.round_id,
    proposalId: p.proposal_id, status: p.status, progress: p.progress, reviewMotionId: p.review_motion_id, reviewResult: p.review_result,
    ...(p.kind === 'service'
      ? {
          councilId: p.council_id, organization: p.organization, termMonths: p.term_months, noticeDays: p.notice_days,
          term: p.term_no > 0 || p.status === 'proposed' ? { no: p.term_no, startsOn: p.term_starts_on, endsOn: p.term_ends_on } : null,
          approvalMotionId: p.approval_motion_id, renewalMotionId: p.renewal_motion_id, endedOn: p.ended_on,
        }
      : {}),
    updatedAt: iso(p.updated_at),
  };
}

export function presentMilestone(m: Selectable<ProjectsTables['project_milestones']>) {
  return { id: m.id, title: m.title, dueOn: m.due_on, doneOn: m.done_on };
}

/** Progress reports without their author: they are published as the community's, not a person's. */
export function presentProgress(r: Selectable<ProjectsTables['project_progress']>) {
  return { id: r.id, percent: r.percent, note: r.note, photos: r.photos, at: iso(r.at) };
}
