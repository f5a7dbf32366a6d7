import type { FastifyInstance } from 'fastify';
import { Problem } from '../../../../core/http/problem.ts';
import { requirePrincipal } from '../../../access/index.ts';
import type { TreeService } from '../../../tree/index.ts';
import type { CouncilKind } from '../kinds.ts';
import type { MeetingService, NewMeeting } from '../meetings.ts';
import { present, type CouncilService, type NewCouncil, type NewMember, type NewSeat } from '../service.ts';
import * as S from './schemas.ts';

const { tags } = S;
type Id = { id: string };

/** Councils, their terms, members and seats, and their meetings. */
export function councilRoutes(councils: CouncilService, meetings: MeetingService, tree: TreeService) {
  return async (app: FastifyInstance) => {
    app.get('/api/councils', { schema: { tags, summary: 'Councils the caller may see: in their subtree and those above them', querystring: S.ListQuery } }, async (request) => {
      const { under } = request.query as { under?: string };
      let path: string | undefined;
      if (under) {
        const unit = await tree.repo.byCode(under);
        if (!unit) throw new Problem(404, 'tree.unitNotFound', { code: under });
        path = unit.path;
      }
      return { items: (await councils.list(requirePrincipal(request), path)).map(present) };
    });

    app.post('/api/councils', { schema: { tags, summary: 'Create a council placed at a tree node (or a building)', body: S.NewCouncilBody } }, async (request, reply) => {
      const row = await councils.create(requirePrincipal(request), request.body as NewCouncil);
      return reply.status(201).send(present(row));
    });

    app.get('/api/councils/:id', { schema: { tags, summary: 'A council with its rules in force, terms, seats and members', params: S.IdParams } }, async (request) =>
      councils.detail(requirePrincipal(request), (request.params as Id).id));

    app.put('/api/councils/kinds/:kind/notice-days', { schema: { tags, summary: 'Notice days for a kind of council in a part of the tree', params: S.KindParams, body: S.KindNoticeBody } }, async (request) => {
      const body = request.body as { scopeCode: string; noticeDays: number };
      return councils.setKindNoticeDays(requirePrincipal(request), body.scopeCode, (request.params as { kind: CouncilKind }).kind, body.noticeDays);
    });

    app.post('/api/councils/:id/terms', { schema: { tags, summary: 'Add a term; terms of a council never overlap', params: S.IdParams, body: S.NewTermBody } }, async (request, reply) => {
      const row = await councils.addTerm(requirePrincipal(request), (request.params as Id).id, request.body as { name: string; startsOn: string; endsOn?: string });
      return reply.status(201).send({ id: row.id, name: row.name, startsOn: row.starts_on, endsOn: row.ends_on });
    });

    app.post('/api/councils/:id/members', { schema: { tags, summary: 'Add a member (a resident of the roster or a named outside person), optionally with a seat', params: S.IdParams, body: S.NewMemberBody } }, async (request, reply) => {
      const row = await councils.addMember(requirePrincipal(request), (request.params as Id).id, request.body as NewMember);
      return reply.status(201).send({ id: row.id, name: row.name, fromRoster: row.resident_id !== null, residency: row.residency });
    });

    app.post('/api/councils/:id/members/:memberId/seats', { schema: { tags, summary: 'Seat a member in a term (standing or volunteer, with a constituency)', params: S.MemberParams, body: S.SeatBody } }, async (request, reply) => {
      const { id, memberId } = request.params as { id: string; memberId: string };
      const row = await councils.addSeat(requirePrincipal(request), id, memberId, request.body as NewSeat);
      return reply.status(201).send({ id: row.id, termId: row.term_id, memberId: row.member_id, standing: row.standing, constituency: row.constituency, title: row.title });
    });

    app.patch('/api/councils/:id/seats/:seatId', { schema: { tags, summary: 'End a seat early (resignation, by-election)', params: S.SeatParams, body: S.EndSeatBody } }, async (request) => {
      const { id, seatId } = request.params as { id: string; seatId: string };
      const row = await councils.endSeat(requirePrincipal(request), id, seatId, (request.body as { endsOn: string }).endsOn);
      return { id: row.id, endsOn: row.ends_on };
    });

    app.get('/api/councils/:id/meetings', { schema: { tags, summary: 'Meetings of a council, latest first', params: S.IdParams } }, async (request) =>
      ({ items: await meetings.listForCouncil(requirePrincipal(request), (request.params as Id).id) }));

    app.post('/api/councils/:id/meetings', { schema: { tags, summary: 'Schedule a meeting with its agenda', params: S.IdParams, body: S.NewMeetingBody } }, async (request, reply) => {
      const row = await meetings.schedule(requirePrincipal(request), (request.params as Id).id, request.body as NewMeeting);
      return reply.status(201).send({ id: row.id, title: row.title, startsAt: row.starts_at, status: row.status });
    });

    app.post('/api/councils/:id/meetings/generate', { schema: { tags, summary: 'Generate meetings on the council’s monthly day (the advice hall: the 20th)', params: S.IdParams, body: S.GenerateBody } }, async (request, reply) => {
      const body = request.body as { from: string; months: number; title: string };
      return reply.status(201).send(await meetings.generateMonthly(requirePrincipal(request), (request.params as Id).id, body.from, body.months, body.title));
    });
  };
}
