import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Problem } from '../../../core/http/problem.ts';
import type { DeliveryService } from './delivery.ts';
import { milestoneShare } from './progress.ts';
import { presentMilestone, presentProgress, presentProject } from './present.ts';
import type { ProjectQueries } from './queries.ts';
import type { PlaceLookup } from './places.ts';

const tags = ['decisions'];
const published = ['published', 'reviewing', 'closed'];

/**
 * What any resident reads without signing in: published rounds with their counts by constituency, and
 * the progress of what was chosen or approved. No proposer, no comment author, no progress author.
 */
export function publicProjectRoutes(delivery: DeliveryService, queries: ProjectQueries, places: PlaceLookup) {
  return async (app: FastifyInstance) => {
    app.get('/api/public/communities/:code/projects', {
      schema: { tags, summary: 'Published 双五工程 results and the progress of projects of a community (public)', params: Type.Object({ code: Type.String({ maxLength: 20 }) }) },
    }, async (request) => {
      const code = (request.params as { code: string }).code;
      const place = await places(code);
      if (!place || place.kind !== 'community') throw new Problem(404, 'tree.unitNotFound', { code });
      const rounds = await queries.rounds([place.path], { statuses: published });
      const items = await Promise.all(rounds.map(async (r) => ({
        id: r.id, year: r.year, status: r.status, seats: r.seats, tieNote: r.tie_note,
        ballotsByConstituency: (r.result as { ballotsByConstituency?: Record<string, number> } | null)?.ballotsByConstituency ?? {},
        proposals: (await queries.proposals(r.id)).filter((p) => p.approvals !== null).map((p) => ({
          id: p.id, title: p.title, constituency: p.constituency, status: p.status, approvals: p.approvals, byConstituency: p.by_constituency,
        })),
      })));
      const projects = await queries.projects([place.path], { decidedOnly: true });
      return { community: { code: place.code, name: place.name }, rounds: items, projects: projects.map((p) => ({ id: p.id, kind: p.kind, title: p.title, status: p.status, progress: p.progress, roundId: p.round_id })) };
    });

    app.get('/api/public/projects/:id', {
      schema: { tags, summary: 'A project’s milestones and progress reports with photos (public)', params: Type.Object({ id: Type.String({ format: 'uuid' }) }) },
    }, async (request) => {
      const project = await delivery.project((request.params as { id: string }).id);
      if (project.status === 'proposed' || project.status === 'rejected') throw new Problem(404, 'projects.projectNotFound');
      const [milestones, progress] = await Promise.all([delivery.milestones(project.id), delivery.progress(project.id)]);
      return {
        ...presentProject(project), milestones: milestones.map(presentMilestone), milestoneShare: milestoneShare(milestones.map((m) => ({ doneOn: m.done_on }))),
        progressReports: progress.map(presentProgress),
      };
    });
  };
}
