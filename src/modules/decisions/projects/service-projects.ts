import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { Problem } from '../../../core/http/problem.ts';
import type { JobQueue } from '../../../core/jobs/queue.ts';
import type { Principal } from '../../access/index.ts';
import type { MotionOutcome, MotionRule, MotionsApi } from '../contracts.ts';
import { assertManage } from './access.ts';
import type { ProjectRow } from './delivery.ts';
import { asAny, communityPlace, type PlaceLookup } from './places.ts';
import type { ProjectsTables } from './tables.ts';
import { afterTerm, firstTerm, nextTerm, renewalDueAt, termOverAt, type ServiceStatus, type Term } from './terms.ts';

type Tx = Transaction<ProjectsTables>;

export const renewalDueJob = 'decisions.projects.renewalDue';
export const termOverJob = 'decisions.projects.termOver';

/** The representative assembly approves and renews by a simple majority of its members, half present. */
export const assemblyRule: MotionRule = { method: 'simpleMajority', quorum: { atLeast: '1/2' }, approval: { moreThan: '1/2' }, majorityBase: 'votesCast' };

export interface NewServiceProject {
  communityCode: string;
  councilId: string;
  title: string;
  description?: string;
  organization: string;
  startsOn: string;
  termMonths: number;
  noticeDays: number;
  opensAt: string;
  closesAt: string;
}

interface TermJob {
  projectId: string;
  termNo: number;
}

const termOf = (p: ProjectRow): Term => ({ termNo: p.term_no, startsOn: p.term_starts_on!, endsOn: p.term_ends_on! });

/**
 * Five-society service projects (五社联动): approved by the representative assembly for a term; the renewal
 * vote is scheduled as a durable job the moment the approval passes, and a project goes on past its term
 * only when a renewal passes (docs/decisions/0123).
 */
export class ServiceProjectsService {
  constructor(
    readonly db: Kysely<ProjectsTables>,
    private readonly deps: { motions: MotionsApi; places: PlaceLookup; jobs: JobQueue },
  ) {}

  async create(principal: Principal, input: NewServiceProject): Promise<ProjectRow> {
    const place = await communityPlace(this.deps.places, input.communityCode);
    assertManage(principal, place.path);
    const term = firstTerm(input.startsOn, input.termMonths);
    return this.db.transaction().execute(async (trx) => {
      const id = randomUUID();
      await trx.insertInto('projects').values({
        id, kind: 'service', community_code: place.code, community_path: place.path, title: input.title.trim(),
        description: input.description?.trim() ?? '', round_id: null, proposal_id: null, status: 'proposed',
        review_motion_id: null, review_result: null, council_id: input.councilId, organization: input.organization.trim(),
        term_months: input.termMonths, notice_days: input.noticeDays, term_starts_on: term.startsOn, term_ends_on: term.endsOn,
        term_no: 0, approval_motion_id: null, renewal_motion_id: null, renewal_passed: null, ended_on: null, created_by: principal.accountId,
      }).execute();
      const motionId = await this.motion(trx, { id, title: input.title, community: place.code, council: input.councilId }, 'serviceProjectApproval', input.opensAt, input.closesAt, principal.accountId);
      await trx.updateTable('projects').set({ approval_motion_id: motionId }).where('id', '=', id).execute();
      return trx.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    });
  }

  private async motion(trx: Tx, p: { id: string; title: string; community: string; council: string }, kind: string, opensAt: string, closesAt: string, by: string): Promise<string> {
    const { id } = await this.deps.motions.createMotion({
      title: p.title, rule: assemblyRule, electorate: { kind: 'body', bodyId: p.council }, scopeCode: p.community,
      subject: { kind, id: p.id }, opensAt, closesAt,
    }, by, asAny(trx));
    await this.deps.motions.announce(id, by, asAny(trx));
    return id;
  }

  private async lock(trx: Tx, id: string): Promise<ProjectRow> {
    const row = await trx.selectFrom('projects').selectAll().where('id', '=', id).where('kind', '=', 'service').forUpdate().executeTakeFirst();
    if (!row) throw new Problem(404, 'projects.projectNotFound');
    return row;
  }

  /** Approval passed: the first term starts and its renewal is scheduled now, in the same transaction. */
  async onApproval(outcome: MotionOutcome, trx: Tx): Promise<void> {
    if (!outcome.subject) return;
    const p = await this.lock(trx, outcome.subject.id);
    if (p.status !== 'proposed' || p.approval_motion_id !== outcome.motionId) return;
    if (!outcome.passed) {
      await trx.updateTable('projects').set({ status: 'rejected', updated_at: new Date() }).where('id', '=', p.id).execute();
      return;
    }
    const term: Term = { ...termOf(p), termNo: 1 };
    await trx.updateTable('projects').set({ status: 'active', term_no: 1, updated_at: new Date() }).where('id', '=', p.id).execute();
    await trx.insertInto('project_terms').values({ project_id: p.id, term_no: 1, starts_on: term.startsOn, ends_on: term.endsOn, motion_id: outcome.motionId }).execute();
    await this.scheduleTerm(trx, p.id, term, p.notice_days ?? 0);
  }

  private async scheduleTerm(trx: Tx, projectId: string, term: Term, noticeDays: number): Promise<void> {
    const payload: TermJob = { projectId, termNo: term.termNo };
    await this.deps.jobs.schedule(renewalDueJob, payload, { runAt: renewalDueAt(term, noticeDays), uniqueKey: `service-renewal:${projectId}:${term.termNo}` }, asAny(trx));
    await this.deps.jobs.schedule(termOverJob, payload, { runAt: termOverAt(term), uniqueKey: `service-term:${projectId}:${term.termNo}` }, asAny(trx));
  }

  /** The renewal job: puts the renewal to the assembly, closing at the end of the term. */
  async renewalDue(payload: unknown, trx: Tx): Promise<void> {
    const job = payload as TermJob;
    const p = await this.lock(trx, job.projectId);
    if (p.status !== 'active' || p.term_no !== job.termNo) return;
    const term = termOf(p);
    const opensAt = new Date().toISOString();
    const closesAt = new Date(Math.max(termOverAt(term).getTime(), Date.now() + 60_000)).toISOString();
    const motionId = await this.motion(trx, { id: p.id, title: p.title, community: p.community_code, council: p.council_id! }, 'projectRenewal', opensAt, closesAt, p.created_by);
    await trx.updateTable('projects').set({ status: 'renewalPending', renewal_motion_id: motionId, renewal_passed: null, updated_at: new Date() }).where('id', '=', p.id).execute();
  }

  /** A passed renewal opens the next term (and schedules its renewal); a failed one ends the project with its term. */
  async onRenewal(outcome: MotionOutcome, trx: Tx): Promise<void> {
    if (!outcome.subject) return;
    const p = await this.lock(trx, outcome.subject.id);
    if (p.status !== 'renewalPending' || p.renewal_motion_id !== outcome.motionId) return;
    if (!outcome.passed) {
      await trx.updateTable('projects').set({ status: 'ended', renewal_passed: false, ended_on: p.term_ends_on, updated_at: new Date() }).where('id', '=', p.id).execute();
      await this.deps.jobs.cancel(`service-term:${p.id}:${p.term_no}`, asAny(trx));
      return;
    }
    const term = nextTerm(termOf(p), p.term_months!);
    await trx.updateTable('projects').set({
      status: 'active', renewal_passed: null, renewal_motion_id: null, term_no: term.termNo, term_starts_on: term.startsOn, term_ends_on: term.endsOn, updated_at: new Date(),
    }).where('id', '=', p.id).execute();
    await trx.insertInto('project_terms').values({ project_id: p.id, term_no: term.termNo, starts_on: term.startsOn, ends_on: term.endsOn, motion_id: outcome.motionId }).execute();
    await this.deps.jobs.cancel(`service-term:${p.id}:${term.termNo - 1}`, asAny(trx));
    await this.scheduleTerm(trx, p.id, term, p.notice_days ?? 0);
  }

  /** The term is over: without a passed renewal the project ends; an open renewal vote is closed and counted first. */
  async termOver(payload: unknown, trx: Tx): Promise<void> {
    const job = payload as TermJob;
    let p = await this.lock(trx, job.projectId);
    if (p.term_no !== job.termNo) return;
    if (p.status === 'renewalPending' && p.renewal_motion_id) {
      try {
        await this.deps.motions.close(p.renewal_motion_id, p.created_by, asAny(trx));
      } catch (error) {
        // A renewal vote cancelled meanwhile cannot be counted: the term still ends without a renewal.
        if (!(error instanceof Problem && error.status === 409)) throw error;
      }
      p = await this.lock(trx, job.projectId);
      if (p.term_no !== job.termNo) return;
    }
    const status = afterTerm(p.status as ServiceStatus, p.renewal_passed);
    if (status === 'ended' && p.status !== 'ended') {
      await trx.updateTable('projects').set({ status: 'ended', ended_on: p.term_ends_on, updated_at: new Date() }).where('id', '=', p.id).execute();
    }
  }

  terms(projectId: string) {
    return this.db.selectFrom('project_terms').selectAll().where('project_id', '=', projectId).orderBy('term_no').execute();
  }
}
