import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Problem } from '../../../core/http/problem.ts';
import { requirePrincipal } from '../../access/index.ts';
import { assertRead, readablePrefixes } from './access.ts';
import type { DeliveryService } from './delivery.ts';
import { milestoneShare } from './progress.ts';
import { presentMilestone, presentProgress, presentProject, presentRound } from './present.ts';
import type { ProjectQueries } from './queries.ts';
import { Window } from './routes.ts';
import type { NewServiceProject, ServiceProjectsService } from './service-projects.ts';

const tags = ['decisions'];
const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });
const date = Type.String({ format: 'date', maxLength: 10 });

export function projectRoutes(delivery: DeliveryService, service: ServiceProjectsService, queries: ProjectQueries) {
  return async (app: FastifyInstance) => {
    app.get('/api/decisions/projects', {
      schema: {
        tags, summary: 'Projects being carried out (双五工程 and service projects) that the caller may read',
        querystring: Type.Object({ kind: Type.Optional(Type.Union([Type.Literal('doubleFive'), Type.Literal('service')])), communityCode: Type.Optional(Type.String({ maxLength: 64 })) }),
      },
    }, async (request) => {
      const principal = requirePrincipal(request);
      const rows = await queries.projects(readablePrefixes(principal), request.query as { kind?: 'doubleFive' | 'service'; communityCode?: string });
      return { items: rows.map(presentProject) };
    });

    app.get('/api/decisions/projects/:id', { schema: { tags, summary: 'A project with milestones, progress reports and terms', params: Id } }, async (request) => {
      const principal = requirePrincipal(request);
      const project = await delivery.project((request.params as { id: string }).id);
      assertRead(principal, project.community_path);
      const [milestones, progress, terms] = await Promise.all([delivery.milestones(project.id), delivery.progress(project.id), service.terms(project.id)]);
      return {
        ...presentProject(project),
        milestones: milestones.map((m) => presentMilestone(m)), milestoneShare: milestoneShare(milestones.map((m) => ({ doneOn: m.done_on }))),
        progressReports: progress.map(presentProgress),
        terms: terms.map((t) => ({ no: t.term_no, startsOn: t.starts_on, endsOn: t.ends_on, motionId: t.motion_id })),
      };
    });

    app.post('/api/decisions/projects/:id/milestones', {
      schema: { tags, summary: 'Add a milestone', params: Id, body: Type.Object({ title: Type.String({ minLength: 1, maxLength: 200 }), dueOn: Type.Optional(date) }) },
    }, async (request, reply) => {
      const row = await delivery.addMilestone(requirePrincipal(request), (request.params as { id: string }).id, request.body as { title: string; dueOn?: string });
      return reply.status(201).send(presentMilestone(row));
    });

    app.patch('/api/decisions/projects/:id/milestones/:milestoneId', {
      schema: {
        tags, summary: 'Mark a milestone done (or not)', params: Type.Object({ id: Type.String({ format: 'uuid' }), milestoneId: Type.String({ format: 'uuid' }) }),
        body: Type.Object({ doneOn: Type.Union([date, Type.Null()]) }),
      },
    }, async (request, reply) => {
      const p = request.params as { id: string; milestoneId: string };
      await delivery.completeMilestone(requirePrincipal(request), p.id, p.milestoneId, (request.body as { doneOn: string | null }).doneOn);
      return reply.status(204).send();
    });

    app.post('/api/decisions/projects/:id/progress', {
      schema: {
        tags, summary: 'Report progress: a whole percent that does not go back, a note, photos as URLs', params: Id,
        body: Type.Object({
          percent: Type.Integer({ minimum: 0, maximum: 100 }), note: Type.String({ minLength: 1, maxLength: 2000 }),
          photos: Type.Optional(Type.Array(Type.String({ format: 'uri', maxLength: 1000 }), { maxItems: 20 })),
        }),
      },
    }, async (request, reply) => {
      const row = await delivery.reportProgress(requirePrincipal(request), (request.params as { id: string }).id, request.body as { percent: number; note: string; photos?: string[] });
      return reply.status(201).send({ id: row.id, percent: row.percent, note: row.note, photos: row.photos });
    });

    app.post('/api/decisions/rounds/:id/review', {
      schema: { tags, summary: 'Open the year-end completion review (竣工评议): one yes/no motion per project', params: Id, body: Window },
    }, async (request) => presentRound(await delivery.startReview(requirePrincipal(request), (request.params as { id: string }).id, request.body as { opensAt: string; closesAt: string })));

    app.post('/api/decisions/projects/:id/review/close', { schema: { tags, summary: 'Close and count a project’s completion review', params: Id } }, async (request) =>
      presentProject(await delivery.closeReview(requirePrincipal(request), (request.params as { id: string }).id)));

    app.post('/api/decisions/service-projects', {
      schema: {
        tags, summary: 'Put a five-society service project to the representative assembly for a term; its renewal is scheduled when approved',
        body: Type.Object({
          communityCode: Type.String({ minLength: 1, maxLength: 64 }), councilId: Type.String({ minLength: 1, maxLength: 100 }),
          title: Type.String({ minLength: 2, maxLength: 100 }), description: Type.Optional(Type.String({ maxLength: 4000 })),
          organization: Type.String({ minLength: 1, maxLength: 100, description: 'The social organization that staffs it' }),
          startsOn: date, termMonths: Type.Integer({ minimum: 1, maximum: 60 }), noticeDays: Type.Integer({ minimum: 0, maximum: 365 }),
          opensAt: Type.String({ format: 'date-time' }), closesAt: Type.String({ format: 'date-time' }),
        }),
      },
    }, async (request, reply) => {
      const body = request.body as NewServiceProject;
      if (Date.parse(body.closesAt) <= Date.parse(body.opensAt)) throw new Problem(422, 'projects.badWindow');
      return reply.status(201).send(presentProject(await service.create(requirePrincipal(request), body)));
    });
  };
}
