import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { Type } from 'typebox';
import { Problem } from '../../../core/http/problem.ts';
import type { JobQueue } from '../../../core/jobs/queue.ts';
import { requirePrincipal } from '../../access/index.ts';
import type { TreeService } from '../../tree/index.ts';
import { needAny, needAt } from './access.ts';
import { visitCoverage } from './coverage.ts';
import { CareGroups, type GroupInput } from './groups.ts';
import { chinaDate } from './schedule.ts';
import { CareVisits, findingCodes, type VisitInput } from './service.ts';
import { startDailySweep } from './sweep.ts';
import type { LoopTables } from './tables.ts';

const tags = ['care'];
const Uuid = Type.String({ format: 'uuid' });
const GroupBody = {
  name: Type.String({ minLength: 1, maxLength: 60 }),
  leadAccountId: Uuid,
  memberAccountIds: Type.Array(Uuid, { maxItems: 200, default: [] }),
  profileIds: Type.Array(Uuid, { maxItems: 200, default: [] }),
};

/** Mutual-aid groups, visits, who is due and overdue, coverage; starts the daily sweep. */
export function visitRoutes(db: Kysely<LoopTables>, tree: TreeService, jobs: JobQueue) {
  const groups = new CareGroups(db, tree);
  const visits = new CareVisits(db);
  return async (app: FastifyInstance) => {
    // After migrations and handlers are in place, in every process: the sweep's key keeps it to one run.
    app.addHook('onReady', async () => startDailySweep(jobs));

    app.get('/api/care/groups', { schema: { tags, summary: 'Mutual-aid groups (互助小组) in scope, and those the caller belongs to' } }, async (request) =>
      ({ items: await groups.list(requirePrincipal(request)) }));
    app.get('/api/care/groups/:id', { schema: { tags, summary: 'One mutual-aid group with its members and the elderly it covers', params: Type.Object({ id: Uuid }) } }, async (request) =>
      groups.get(requirePrincipal(request), (request.params as { id: string }).id));
    app.post('/api/care/groups', {
      schema: { tags, summary: 'Create a mutual-aid group in a community or grid', body: Type.Object({ unitCode: Type.String({ minLength: 1, maxLength: 20 }), ...GroupBody }) },
    }, async (request, reply) => reply.status(201).send({ id: await groups.create(requirePrincipal(request), request.body as GroupInput) }));
    app.put('/api/care/groups/:id', {
      schema: { tags, summary: 'Change a mutual-aid group (name, lead, members, covered elderly)', params: Type.Object({ id: Uuid }), body: Type.Object(GroupBody) },
    }, async (request) => {
      await groups.update(requirePrincipal(request), (request.params as { id: string }).id, request.body as Omit<GroupInput, 'unitCode'>);
      return { ok: true };
    });
    app.delete('/api/care/groups/:id', { schema: { tags, summary: 'Dissolve a mutual-aid group', params: Type.Object({ id: Uuid }) } }, async (request, reply) => {
      await groups.remove(requirePrincipal(request), (request.params as { id: string }).id);
      return reply.status(204).send();
    });

    app.post('/api/care/profiles/:id/visits', {
      schema: {
        tags, summary: 'Log a visit on the spot: time, place (checked against the home; far is flagged, not refused), findings, notes',
        params: Type.Object({ id: Uuid }),
        body: Type.Object({
          startedAt: Type.Optional(Type.String({ format: 'date-time' })),
          minutes: Type.Integer({ minimum: 1, maximum: 480 }),
          lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })), lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
          crs: Type.Optional(Type.Union([Type.Literal('wgs84'), Type.Literal('gcj02'), Type.Literal('bd09')])),
          findings: Type.Array(Type.Union(findingCodes.map((c) => Type.Literal(c))), { maxItems: 10, default: [] }),
          notes: Type.String({ maxLength: 2000, default: '' }),
        }),
      },
    }, async (request, reply) => reply.status(201).send(await visits.log(requirePrincipal(request), (request.params as { id: string }).id, request.body as VisitInput)));
    app.get('/api/care/profiles/:id/visits', { schema: { tags, summary: 'A person’s visits, newest first', params: Type.Object({ id: Uuid }) } }, async (request) =>
      ({ items: await visits.history(requirePrincipal(request), (request.params as { id: string }).id) }));
    app.get('/api/care/visits/due', { schema: { tags, summary: 'Next due visit per person in scope (and paired or group-covered), soonest first, with the overdue stage' } }, async (request) =>
      ({ items: await visits.due(requirePrincipal(request)), findings: findingCodes }));
    app.get('/api/care/visits/overdue', { schema: { tags, summary: 'Open overdue flags in scope (raised to the grid worker, escalated to the community)' } }, async (request) =>
      ({ items: await visits.overdue(requirePrincipal(request)) }));
    app.get('/api/care/visits/coverage', {
      schema: { tags, summary: 'Share of people visited on time in a month, per community and grid', querystring: Type.Object({ month: Type.Optional(Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' })) }) },
    }, async (request) => {
      const scopes = needAny(requirePrincipal(request), 'figures');
      const month = (request.query as { month?: string }).month ?? chinaDate(new Date()).slice(0, 7);
      return { month, items: await visitCoverage(db, scopes, month) };
    });
    app.put('/api/care/settings/:communityCode/visits', {
      schema: {
        tags, summary: 'How many days an overdue visit stays with the grid worker before the community office gets it',
        params: Type.Object({ communityCode: Type.String({ maxLength: 20 }) }), body: Type.Object({ escalateDays: Type.Integer({ minimum: 0, maximum: 90 }) }),
      },
    }, async (request) => {
      const code = (request.params as { communityCode: string }).communityCode;
      const unit = await tree.repo.byCode(code);
      if (!unit || unit.kind !== 'community') throw new Problem(404, 'tree.unitNotFound', { code });
      needAt(requirePrincipal(request), 'manage', unit.path);
      const { escalateDays } = request.body as { escalateDays: number };
      await sql`INSERT INTO care_settings (community_path, visit_escalate_days) VALUES (${unit.path}, ${escalateDays})
        ON CONFLICT (community_path) DO UPDATE SET visit_escalate_days = EXCLUDED.visit_escalate_days, updated_at = now()`.execute(db);
      return { communityPath: unit.path, escalateDays };
    });
  };
}
