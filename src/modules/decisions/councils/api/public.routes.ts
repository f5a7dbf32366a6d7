import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { Problem } from '../../../../core/http/problem.ts';
import type { TreeService } from '../../../tree/index.ts';
import { meetingsCalendar, type CalendarMeeting } from '../calendar.ts';
import { meetingsUnder, type MeetingService } from '../meetings.ts';
import type { CouncilService } from '../service.ts';
import type { CouncilTables } from '../tables.ts';
import * as S from './schemas.ts';

const { tags } = S;

async function agendas(db: Kysely<CouncilTables>, meetingIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (meetingIds.length === 0) return out;
  const rows = await db.selectFrom('council_agenda_items').select(['meeting_id', 'title']).where('meeting_id', 'in', meetingIds).where('on_notice', '=', true).orderBy('position').execute();
  for (const r of rows) out.set(r.meeting_id, [...(out.get(r.meeting_id) ?? []), r.title]);
  return out;
}

/** What a published notice makes public: no login, no personal data. */
export function publicCouncilRoutes(db: Kysely<CouncilTables>, councils: CouncilService, meetings: MeetingService, tree: TreeService) {
  const feed = async (name: string, host: string, rows: Awaited<ReturnType<typeof meetingsUnder>>) => {
    const items = await agendas(db, rows.map((r) => r.id));
    const list: CalendarMeeting[] = rows.map((r) => ({ id: r.id, title: r.title, councilName: r.council_name, startsAt: new Date(r.starts_at), endsAt: r.ends_at ? new Date(r.ends_at) : null, place: r.place, agenda: items.get(r.id) ?? [] }));
    return meetingsCalendar(name, list, host);
  };

  return async (app: FastifyInstance) => {
    app.get('/api/public/meetings/:id/notice', { schema: { tags, summary: 'The published notice of a meeting with its agenda (public)', params: S.IdParams } }, async (request) => {
      const { meeting, council } = await meetings.get((request.params as { id: string }).id);
      if (!meeting.notice_published_at) throw new Problem(404, 'councils.meetingNotFound');
      const items = await db.selectFrom('council_agenda_items').select(['position', 'title', 'text', 'decision']).where('meeting_id', '=', meeting.id).where('on_notice', '=', true).orderBy('position').execute();
      return {
        council: { name: council.name, kind: council.kind, scope: council.scope_name },
        meeting: { title: meeting.title, startsAt: meeting.starts_at, endsAt: meeting.ends_at, place: meeting.place, status: meeting.status },
        notice: { publishedAt: meeting.notice_published_at, days: meeting.notice_days, text: meeting.notice_text },
        agenda: items.map((i) => ({ position: i.position, title: i.title, text: i.text, forVote: i.decision !== null })),
      };
    });

    app.get('/api/public/meetings/:id/minutes', { schema: { tags, summary: 'Published minutes of a meeting (public)', params: S.IdParams } }, async (request) => {
      const row = await db.selectFrom('council_minutes').select(['body', 'published_at', 'version']).where('meeting_id', '=', (request.params as { id: string }).id).where('status', '=', 'published').executeTakeFirst();
      if (!row) throw new Problem(404, 'councils.minutesNotFound');
      return { body: row.body, publishedAt: row.published_at, version: row.version };
    });

    app.get('/api/public/councils/:id/calendar.ics', { schema: { tags, summary: 'iCalendar feed of a council’s noticed meetings (public)', params: S.IdParams } }, async (request, reply) => {
      const council = await councils.get((request.params as { id: string }).id);
      const rows = (await meetingsUnder(db, council.scope_path)).filter((r) => r.council_id === council.id);
      return reply.type('text/calendar; charset=utf-8').send(await feed(council.name, request.host, rows));
    });

    app.get('/api/public/communities/:code/calendar.ics', { schema: { tags, summary: 'iCalendar feed of the noticed meetings of every council under a community (public)', params: S.CodeParams } }, async (request, reply) => {
      const { code } = request.params as { code: string };
      const unit = await tree.repo.byCode(code);
      if (!unit) throw new Problem(404, 'tree.unitNotFound', { code });
      return reply.type('text/calendar; charset=utf-8').send(await feed(unit.name, request.host, await meetingsUnder(db, unit.path)));
    });
  };
}
