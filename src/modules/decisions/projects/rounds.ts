import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { Problem } from '../../../core/http/problem.ts';
import type { Principal } from '../../access/index.ts';
import type { MotionOutcome, MotionsApi } from '../contracts.ts';
import { assertManage, assertParticipate, canManage } from './access.ts';
import { carryOver } from './carryOver.ts';
import { asAny, checkWindow, communityPlace, type Place, type PlaceLookup } from './places.ts';
import { resolveTie, roundResult, type RoundResult } from './results.ts';
import { next, RoundRuleError, type RoundAction, type RoundStatus } from './round.ts';
import { checkBallot, checkSeats, defaultSeats, seatTotal, type Seats } from './seats.ts';
import type { ProjectsTables } from './tables.ts';

export type RoundRow = Selectable<ProjectsTables['project_rounds']>;
export type ProposalRow = Selectable<ProjectsTables['project_proposals']>;
type Tx = Transaction<ProjectsTables>;

export const proposalSources = ['resident', 'case', 'meeting', 'staff'] as const;
export type ProposalSource = (typeof proposalSources)[number];

export interface NewRound {
  communityCode: string;
  year: number;
  councilId: string;
  seats?: Seats[];
  maxApprovals?: number;
}

export interface NewProposal {
  title: string;
  description: string;
  source?: ProposalSource;
  sourceRef?: string;
  constituency?: string;
}

/** A round's rule error as a 409 problem in the projects namespace. */
export function step(status: string, action: RoundAction): RoundStatus {
  try {
    return next(status as RoundStatus, action);
  } catch (error) {
    if (error instanceof RoundRuleError) throw new Problem(409, `projects.${error.code}`, error.params);
    throw error;
  }
}

const jsonOf = (v: unknown) => JSON.stringify(v);

/** The yearly 双五工程 round: proposals, deliberation, the vote and its publication, the next year. */
export class RoundsService {
  constructor(
    readonly db: Kysely<ProjectsTables>,
    private readonly deps: { motions: MotionsApi; places: PlaceLookup },
  ) {}

  async round(id: string, db: Kysely<ProjectsTables> | Tx = this.db): Promise<RoundRow> {
    const row = await db.selectFrom('project_rounds').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new Problem(404, 'projects.roundNotFound');
    return row;
  }

  private async lockRound(trx: Tx, id: string): Promise<RoundRow> {
    const row = await trx.selectFrom('project_rounds').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw new Problem(404, 'projects.roundNotFound');
    return row;
  }

  async proposal(id: string, db: Kysely<ProjectsTables> | Tx = this.db): Promise<ProposalRow> {
    const row = await db.selectFrom('project_proposals').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new Problem(404, 'projects.proposalNotFound');
    return row;
  }

  /** The place is looked up before any transaction: on the embedded database a lookup inside one would wait for itself. */
  async createRound(principal: Principal, input: NewRound, previous?: { id: string; carry: ProposalRow[] }, tx?: Tx, known?: Place): Promise<RoundRow> {
    const place = known ?? (await communityPlace(this.deps.places, input.communityCode));
    assertManage(principal, place.path);
    const seats = input.seats ?? defaultSeats;
    const bad = checkSeats(seats);
    if (bad) throw new Problem(422, `projects.${bad.code}`, bad.params);
    const maxApprovals = input.maxApprovals ?? seatTotal(seats);
    const work = async (trx: Tx) => {
      const taken = await trx.selectFrom('project_rounds').select('id').where('community_code', '=', place.code).where('year', '=', input.year).executeTakeFirst();
      if (taken) throw new Problem(409, 'projects.roundExists', { year: input.year });
      const id = randomUUID();
      await trx.insertInto('project_rounds').values({
        id, community_code: place.code, community_path: place.path, year: input.year, council_id: input.councilId,
        seats: jsonOf(seats), max_approvals: maxApprovals, status: 'collecting', motion_id: null, result: null, tie_note: null,
        previous_round: previous?.id ?? null, created_by: principal.accountId,
      }).execute();
      for (const p of previous?.carry ?? []) {
        await trx.insertInto('project_proposals').values({
          id: randomUUID(), round_id: id, title: p.title, description: p.description, source: 'carriedOver', source_ref: p.id,
          constituency: p.constituency, status: 'submitted', approvals: null, by_constituency: null, proposed_by: p.proposed_by,
        }).execute();
        await trx.updateTable('project_proposals').set({ status: 'carriedOver' }).where('id', '=', p.id).execute();
      }
      return this.round(id, trx);
    };
    return tx ? work(tx) : this.db.transaction().execute(work);
  }

  /** Opens next year's round, carrying over the unchosen proposals the managers pick. */
  async openNext(principal: Principal, roundId: string, input: { year?: number; councilId?: string; seats?: Seats[]; carryOver: string[] }): Promise<RoundRow> {
    const place = await communityPlace(this.deps.places, (await this.round(roundId)).community_code);
    return this.db.transaction().execute(async (trx) => {
      const round = await this.lockRound(trx, roundId);
      assertManage(principal, round.community_path);
      step(round.status, 'openNext');
      const proposals = await trx.selectFrom('project_proposals').selectAll().where('round_id', '=', roundId).execute();
      const { carry, refused } = carryOver(proposals, input.carryOver);
      if (refused.length) throw new Problem(422, 'projects.cannotCarryOver', { proposals: refused.join(', ') });
      const seats = input.seats ?? round.seats;
      return this.createRound(principal, {
        communityCode: round.community_code, year: input.year ?? round.year + 1, councilId: input.councilId ?? round.council_id,
        seats: seats as Seats[],
      }, { id: round.id, carry: proposals.filter((p) => carry.includes(p.id)) }, trx, place);
    });
  }

  async propose(principal: Principal, roundId: string, input: NewProposal): Promise<ProposalRow> {
    return this.db.transaction().execute(async (trx) => {
      const round = await this.lockRound(trx, roundId);
      assertParticipate(principal, round.community_path);
      step(round.status, 'propose');
      const manager = canManage(principal, round.community_path);
      const source: ProposalSource = input.source ?? (manager ? 'staff' : 'resident');
      if (!manager && source !== 'resident') throw new Problem(403, 'projects.sourceStaffOnly');
      if ((source === 'case' || source === 'meeting') && !input.sourceRef) throw new Problem(422, 'projects.sourceRefRequired', { source });
      if (input.constituency !== undefined && !manager) throw new Problem(403, 'projects.constituencyStaffOnly');
      const id = randomUUID();
      await trx.insertInto('project_proposals').values({
        id, round_id: roundId, title: input.title.trim(), description: input.description.trim(), source,
        source_ref: input.sourceRef ?? null, constituency: input.constituency ?? null, status: 'submitted',
        approvals: null, by_constituency: null, proposed_by: principal.accountId,
      }).execute();
      return this.proposal(id, trx);
    });
  }

  async comment(principal: Principal, proposalId: string, input: { stance: 'for' | 'against' | 'neutral'; body: string }) {
    return this.db.transaction().execute(async (trx) => {
      const proposal = await this.proposal(proposalId, trx);
      const round = await this.lockRound(trx, proposal.round_id);
      assertParticipate(principal, round.community_path);
      step(round.status, 'comment');
      if (proposal.status === 'withdrawn') throw new Problem(409, 'projects.proposalWithdrawn');
      const row = { id: randomUUID(), proposal_id: proposalId, stance: input.stance, body: input.body.trim(), author_id: principal.accountId, author_name: principal.displayName };
      await trx.insertInto('project_comments').values(row).execute();
      return row;
    });
  }

  /** Puts a proposal on the ballot (or takes it off, or withdraws it), naming the constituency that sponsors it. */
  async shortlist(principal: Principal, proposalId: string, input: { status: 'onBallot' | 'submitted' | 'withdrawn'; constituency?: string | null }) {
    return this.db.transaction().execute(async (trx) => {
      const proposal = await this.proposal(proposalId, trx);
      const round = await this.lockRound(trx, proposal.round_id);
      assertManage(principal, round.community_path);
      step(round.status, 'shortlist');
      const constituency = input.constituency === undefined ? proposal.constituency : input.constituency;
      await trx.updateTable('project_proposals').set({ status: input.status, constituency }).where('id', '=', proposalId).execute();
      return this.proposal(proposalId, trx);
    });
  }

  async startDeliberation(principal: Principal, roundId: string): Promise<RoundRow> {
    return this.transition(principal, roundId, 'startDeliberation');
  }

  private async transition(principal: Principal, roundId: string, action: RoundAction): Promise<RoundRow> {
    return this.db.transaction().execute(async (trx) => {
      const round = await this.lockRound(trx, roundId);
      assertManage(principal, round.community_path);
      const status = step(round.status, action);
      await trx.updateTable('project_rounds').set({ status, updated_at: new Date() }).where('id', '=', roundId).execute();
      return this.round(roundId, trx);
    });
  }

  /** The vote: approval selection among the shortlisted proposals, the council's members as electorate. */
  async openVote(principal: Principal, roundId: string, window: { opensAt: string; closesAt: string }): Promise<RoundRow> {
    checkWindow(window.opensAt, window.closesAt);
    return this.db.transaction().execute(async (trx) => {
      const round = await this.lockRound(trx, roundId);
      assertManage(principal, round.community_path);
      const status = step(round.status, 'openVote');
      const onBallot = await trx.selectFrom('project_proposals').selectAll().where('round_id', '=', roundId).where('status', '=', 'onBallot').orderBy('created_at').execute();
      const seats = round.seats as Seats[];
      const bad = checkBallot(seats, onBallot);
      if (bad) throw new Problem(422, `projects.${bad.code}`, bad.params);
      const { id: motionId } = await this.deps.motions.createMotion({
        title: `${round.year}`, text: onBallot.map((p) => p.title).join('\n'),
        rule: {
          method: 'approvalSelect',
          options: onBallot.map((p) => ({ id: p.id, title: p.title, ...(p.constituency ? { constituency: p.constituency } : {}) })),
          seats: seats.map((s) => (s.constituency ? { constituency: s.constituency, count: s.count } : { count: s.count })),
          maxApprovals: round.max_approvals,
        },
        electorate: { kind: 'body', bodyId: round.council_id },
        scopeCode: round.community_code,
        subject: { kind: 'projectRound', id: round.id },
        opensAt: window.opensAt, closesAt: window.closesAt,
      }, principal.accountId, asAny(trx));
      await this.deps.motions.announce(motionId, principal.accountId, asAny(trx));
      await trx.updateTable('project_rounds').set({ status, motion_id: motionId, updated_at: new Date() }).where('id', '=', roundId).execute();
      return this.round(roundId, trx);
    });
  }

  async closeVote(principal: Principal, roundId: string): Promise<RoundRow> {
    return this.db.transaction().execute(async (trx) => {
      const round = await this.lockRound(trx, roundId);
      assertManage(principal, round.community_path);
      if (round.status !== 'voting' || !round.motion_id) throw new Problem(409, 'projects.roundWrongStatus', { action: 'closeVote', status: round.status });
      await this.deps.motions.close(round.motion_id, principal.accountId, asAny(trx));
      return this.round(roundId, trx);
    });
  }

  /** Heard inside the motion's closing transaction: records the count, publishes the chosen or waits on a tie. */
  async onOutcome(outcome: MotionOutcome, trx: Tx): Promise<void> {
    if (!outcome.subject) return;
    const round = await this.lockRound(trx, outcome.subject.id);
    // A listener never throws for a stale outcome: that would fail the motion's close and its retries.
    if (round.status !== 'voting' || round.motion_id !== outcome.motionId) return;
    const onBallot = await trx.selectFrom('project_proposals').select('id').where('round_id', '=', round.id).where('status', '=', 'onBallot').execute();
    const result = roundResult(outcome.result, onBallot.map((p) => p.id));
    for (const p of result.proposals) {
      await trx.updateTable('project_proposals').set({ approvals: p.approvals, by_constituency: jsonOf(p.byConstituency) }).where('id', '=', p.proposalId).execute();
    }
    const tied = result.outcome === 'TIE';
    const status = step(round.status, tied ? 'voteTied' : 'voteElected');
    await trx.updateTable('project_rounds').set({ status, result: jsonOf(result), updated_at: new Date() }).where('id', '=', round.id).execute();
    if (!tied) await this.publish(trx, round, result.chosen);
  }

  async resolveTie(principal: Principal, roundId: string, input: { picked: string[]; note: string }): Promise<RoundRow> {
    return this.db.transaction().execute(async (trx) => {
      const round = await this.lockRound(trx, roundId);
      assertManage(principal, round.community_path);
      const status = step(round.status, 'resolveTie');
      const result = round.result as RoundResult;
      const chosen = resolveTie(result, seatTotal(round.seats as Seats[]), input.picked);
      if (!Array.isArray(chosen)) throw new Problem(422, `projects.${chosen.code}`, chosen.params);
      await trx.updateTable('project_rounds').set({ status, tie_note: input.note, result: jsonOf({ ...result, chosen }), updated_at: new Date() }).where('id', '=', roundId).execute();
      await this.publish(trx, round, chosen);
      return this.round(roundId, trx);
    });
  }

  /** The chosen proposals become projects to carry out; the others stay for a later year. */
  private async publish(trx: Tx, round: RoundRow, chosen: string[]): Promise<void> {
    const onBallot = await trx.selectFrom('project_proposals').selectAll().where('round_id', '=', round.id).where('status', '=', 'onBallot').execute();
    for (const p of onBallot) {
      const isChosen = chosen.includes(p.id);
      await trx.updateTable('project_proposals').set({ status: isChosen ? 'chosen' : 'notChosen' }).where('id', '=', p.id).execute();
      if (!isChosen) continue;
      await trx.insertInto('projects').values({
        id: randomUUID(), kind: 'doubleFive', community_code: round.community_code, community_path: round.community_path,
        title: p.title, description: p.description, round_id: round.id, proposal_id: p.id, status: 'underway',
        review_motion_id: null, review_result: null, council_id: round.council_id, organization: null, term_months: null,
        notice_days: null, term_starts_on: null, term_ends_on: null, approval_motion_id: null, renewal_motion_id: null,
        renewal_passed: null, ended_on: null, created_by: round.created_by,
      }).execute();
    }
  }
}
