import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { Problem } from '../../../core/http/problem.ts';
import type { Principal } from '../../access/index.ts';
import type { MotionOutcome, MotionsApi } from '../contracts.ts';
import { assertManage } from './access.ts';
import { asAny, checkWindow } from './places.ts';
import { checkProgress } from './progress.ts';
import { allReviewed, reviewedStatus, reviewRule } from './review.ts';
import { step, type RoundsService } from './rounds.ts';
import type { ProjectsTables } from './tables.ts';

export type ProjectRow = Selectable<ProjectsTables['projects']>;
type Tx = Transaction<ProjectsTables>;

/** Carrying the chosen proposals out: milestones, progress reports with photos, the completion review. */
export class DeliveryService {
  constructor(
    readonly db: Kysely<ProjectsTables>,
    private readonly deps: { motions: MotionsApi; rounds: RoundsService },
  ) {}

  async project(id: string, db: Kysely<ProjectsTables> | Tx = this.db): Promise<ProjectRow> {
    const row = await db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new Problem(404, 'projects.projectNotFound');
    return row;
  }

  private async lockProject(trx: Tx, id: string): Promise<ProjectRow> {
    const row = await trx.selectFrom('projects').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw new Problem(404, 'projects.projectNotFound');
    return row;
  }

  /** Progress and milestones change only while the project is being carried out (a round's project in its round's working time). */
  private async assertWorking(trx: Tx, project: ProjectRow): Promise<void> {
    if (project.kind === 'doubleFive') {
      const round = await this.deps.rounds.round(project.round_id!, trx);
      step(round.status, 'reportProgress');
      if (project.status !== 'underway') throw new Problem(409, 'projects.projectNotUnderway');
    } else if (project.status !== 'active' && project.status !== 'renewalPending') {
      throw new Problem(409, 'projects.projectNotUnderway');
    }
  }

  async addMilestone(principal: Principal, projectId: string, input: { title: string; dueOn?: string }) {
    return this.db.transaction().execute(async (trx) => {
      const project = await this.lockProject(trx, projectId);
      assertManage(principal, project.community_path);
      await this.assertWorking(trx, project);
      const last = await trx.selectFrom('project_milestones').select((eb) => eb.fn.max('sort').as('sort')).where('project_id', '=', projectId).executeTakeFirst();
      const row = { id: randomUUID(), project_id: projectId, title: input.title.trim(), due_on: input.dueOn ?? null, done_on: null, sort: Number(last?.sort ?? 0) + 1 };
      await trx.insertInto('project_milestones').values(row).execute();
      return row;
    });
  }

  async completeMilestone(principal: Principal, projectId: string, milestoneId: string, doneOn: string | null) {
    return this.db.transaction().execute(async (trx) => {
      const project = await this.lockProject(trx, projectId);
      assertManage(principal, project.community_path);
      await this.assertWorking(trx, project);
      const updated = await trx.updateTable('project_milestones').set({ done_on: doneOn }).where('id', '=', milestoneId).where('project_id', '=', projectId).executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) throw new Problem(404, 'projects.milestoneNotFound');
    });
  }

  async reportProgress(principal: Principal, projectId: string, input: { percent: number; note: string; photos?: string[] }) {
    return this.db.transaction().execute(async (trx) => {
      const project = await this.lockProject(trx, projectId);
      assertManage(principal, project.community_path);
      await this.assertWorking(trx, project);
      const bad = checkProgress(project.progress, input.percent);
      if (bad) throw new Problem(422, `projects.${bad.code}`, bad.params);
      const row = { id: randomUUID(), project_id: projectId, percent: input.percent, note: input.note.trim(), photos: JSON.stringify(input.photos ?? []), author_id: principal.accountId };
      await trx.insertInto('project_progress').values(row).execute();
      await trx.updateTable('projects').set({ progress: input.percent, updated_at: new Date() }).where('id', '=', projectId).execute();
      return { ...row, photos: input.photos ?? [] };
    });
  }

  /** 竣工评议: one yes/no motion per project of the round, the round's council as electorate. */
  async startReview(principal: Principal, roundId: string, window: { opensAt: string; closesAt: string }) {
    checkWindow(window.opensAt, window.closesAt);
    return this.db.transaction().execute(async (trx) => {
      const round = await trx.selectFrom('project_rounds').selectAll().where('id', '=', roundId).forUpdate().executeTakeFirst();
      if (!round) throw new Problem(404, 'projects.roundNotFound');
      assertManage(principal, round.community_path);
      const status = step(round.status, 'startReview');
      const projects = await trx.selectFrom('projects').selectAll().where('round_id', '=', roundId).orderBy('created_at').execute();
      if (projects.length === 0) throw new Problem(422, 'projects.nothingToReview');
      for (const p of projects) {
        const { id: motionId } = await this.deps.motions.createMotion({
          title: p.title, text: `${p.progress}%`, rule: reviewRule,
          electorate: { kind: 'body', bodyId: round.council_id }, scopeCode: round.community_code,
          subject: { kind: 'projectReview', id: p.id }, opensAt: window.opensAt, closesAt: window.closesAt,
        }, principal.accountId, asAny(trx));
        await this.deps.motions.announce(motionId, principal.accountId, asAny(trx));
        await trx.updateTable('projects').set({ status: 'inReview', review_motion_id: motionId, updated_at: new Date() }).where('id', '=', p.id).execute();
      }
      await trx.updateTable('project_rounds').set({ status, updated_at: new Date() }).where('id', '=', roundId).execute();
      return this.deps.rounds.round(roundId, trx);
    });
  }

  async closeReview(principal: Principal, projectId: string): Promise<ProjectRow> {
    return this.db.transaction().execute(async (trx) => {
      const project = await this.lockProject(trx, projectId);
      assertManage(principal, project.community_path);
      if (project.status !== 'inReview' || !project.review_motion_id) throw new Problem(409, 'projects.projectNotInReview');
      await this.deps.motions.close(project.review_motion_id, principal.accountId, asAny(trx));
      return this.project(projectId, trx);
    });
  }

  /** Heard in the closing transaction of a review motion; the last verdict closes the round. */
  async onReviewOutcome(outcome: MotionOutcome, trx: Tx): Promise<void> {
    if (!outcome.subject) return;
    const project = await this.lockProject(trx, outcome.subject.id);
    if (project.status !== 'inReview' || project.review_motion_id !== outcome.motionId) return;
    await trx.updateTable('projects').set({ status: reviewedStatus(outcome.passed), review_result: JSON.stringify(outcome.result), updated_at: new Date() }).where('id', '=', project.id).execute();
    const siblings = await trx.selectFrom('projects').select('status').where('round_id', '=', project.round_id).execute();
    if (allReviewed(siblings.map((s) => s.status))) {
      const round = await this.deps.rounds.round(project.round_id!, trx);
      await trx.updateTable('project_rounds').set({ status: step(round.status, 'reviewsDone'), updated_at: new Date() }).where('id', '=', round.id).execute();
    }
  }

  milestones(projectId: string) {
    return this.db.selectFrom('project_milestones').selectAll().where('project_id', '=', projectId).orderBy('sort').execute();
  }

  progress(projectId: string) {
    return this.db.selectFrom('project_progress').selectAll().where('project_id', '=', projectId).orderBy('at', 'desc').execute();
  }
}
