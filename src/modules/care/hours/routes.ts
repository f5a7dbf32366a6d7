import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import { t } from '../../../core/i18n.ts';
import { requirePrincipal } from '../../access/index.ts';
import type { LoopTables } from '../visits/tables.ts';
import { hoursWorkbook, type ExportLabels } from './export.ts';
import { CareHours, type HoursStatus } from './service.ts';

const tags = ['care'];
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Status = Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('declined')]);
const ListQuery = Type.Object({ status: Type.Optional(Status), accountId: Type.Optional(Type.String({ format: 'uuid' })), from: Type.Optional(Day), to: Type.Optional(Day) });

/** Volunteer service hours: the coordinator's queue, decisions, and the per-volunteer export. */
export function hoursRoutes(db: Kysely<LoopTables>) {
  const hours = new CareHours(db);
  return async (app: FastifyInstance) => {
    app.get('/api/care/hours', { schema: { tags, summary: 'Service hours: a coordinator’s communities, or the caller’s own; with totals', querystring: ListQuery } }, async (request) =>
      hours.list(requirePrincipal(request), request.query as { status?: HoursStatus; accountId?: string }));
    app.post('/api/care/hours/:id/decision', {
      schema: { tags, summary: 'Approve, or decline with a reason (entries are never deleted)', params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), body: Type.Object({ status: Type.Union([Type.Literal('approved'), Type.Literal('declined')]), reason: Type.Optional(Type.String({ maxLength: 500 })) }) },
    }, async (request) => {
      await hours.decide(requirePrincipal(request), (request.params as { id: number }).id, request.body as { status: 'approved' | 'declined'; reason?: string });
      return { ok: true };
    });
    app.get('/api/care/hours/export', {
      schema: { tags, summary: 'One volunteer’s service hours as .xlsx, with totals by status', querystring: Type.Object({ accountId: Type.String({ format: 'uuid' }), from: Type.Optional(Day), to: Type.Optional(Day) }) },
    }, async (request, reply) => {
      const q = request.query as { accountId: string; from?: string; to?: string };
      const list = await hours.list(requirePrincipal(request), q);
      const l = request.locale;
      const key = (k: string) => t(l, `care.hours.${k}`);
      const labels: ExportLabels = {
        sheet: key('sheet'), title: key('title'), totals: key('totals'),
        columns: { date: key('col.date'), source: key('col.source'), minutes: key('col.minutes'), hours: key('col.hours'), status: key('col.status'), reason: key('col.reason') },
        sources: { alarm: key('source.alarm'), visit: key('source.visit'), meal: key('source.meal') },
        statuses: { pending: key('status.pending'), approved: key('status.approved'), declined: key('status.declined') },
      };
      const name = list.items.find((i) => i.volunteer)?.volunteer ?? q.accountId;
      const file = await hoursWorkbook(name, list.items, list.totals, labels);
      return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="service-hours-${q.accountId.slice(0, 8)}.xlsx"`).send(file);
    });
  };
}
