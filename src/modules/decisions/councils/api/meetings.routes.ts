import type { FastifyInstance, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { Problem } from '../../../../core/http/problem.ts';
import { requirePrincipal } from '../../../access/index.ts';
import { canCheckIn } from '../access.ts';
import type { MeetingHub } from '../hub.ts';
import type { MeetingService, NewItem } from '../meetings.ts';
import { presentItem } from '../meetings.ts';
import type { MinutesService } from '../minutes.ts';
import * as S from './schemas.ts';

const { tags } = S;
type Id = { id: string };
type ItemId = { id: string; itemId: string };

const origin = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

/** A meeting: agenda, notice, check-in and quorum, voting items one by one, minutes. */
export function meetingRoutes(meetings: MeetingService, minutes: MinutesService, hub: MeetingHub) {
  return async (app: FastifyInstance) => {
    app.get('/api/meetings/:id', { schema: { tags, summary: 'A meeting with its agenda, notice, attendance, live quorum and results', params: S.IdParams } }, async (request) =>
      meetings.detail(requirePrincipal(request), (request.params as Id).id));

    app.post('/api/meetings/:id/items', { schema: { tags, summary: 'Add an agenda item; one added after the notice can be discussed, not voted', params: S.IdParams, body: S.NewItemBody } }, async (request, reply) =>
      reply.status(201).send(presentItem(await meetings.addItem(requirePrincipal(request), (request.params as Id).id, request.body as NewItem))));

    app.post('/api/meetings/:id/notice', { schema: { tags, summary: 'Publish the notice with the agenda; refused inside the notice period', params: S.IdParams, body: S.NoticeBody } }, async (request) => {
      const row = await meetings.publishNotice(requirePrincipal(request), (request.params as Id).id, (request.body as { text: string }).text);
      return { id: row.id, status: row.status, notice: { publishedAt: row.notice_published_at, days: row.notice_days, text: row.notice_text } };
    });

    app.post('/api/meetings/:id/close', { schema: { tags, summary: 'Close the meeting: no more check-ins or votes', params: S.IdParams } }, async (request) => {
      const row = await meetings.close(requirePrincipal(request), (request.params as Id).id);
      return { id: row.id, status: row.status, closedAt: row.closed_at };
    });

    app.get('/api/meetings/:id/quorum', { schema: { tags, summary: 'The live quorum (for polling)', params: S.IdParams } }, async (request) => {
      const { meeting, council } = await meetings.readable(requirePrincipal(request), (request.params as Id).id);
      return meetings.quorum(meeting, council);
    });

    app.get('/api/meetings/:id/stream', { schema: { tags, summary: 'Live quorum and item changes (Server-Sent Events)', params: S.IdParams } }, async (request, reply) => {
      const { meeting, council } = await meetings.readable(requirePrincipal(request), (request.params as Id).id);
      const first = await meetings.quorum(meeting, council);
      reply.hijack();
      reply.raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      reply.raw.write(`event: quorum\ndata: ${JSON.stringify(first)}\n\n`);
      const off = hub.subscribe(meeting.id, (p) => reply.raw.write(`event: ${p.event}\ndata: ${JSON.stringify(p.data)}\n\n`));
      const ping = setInterval(() => reply.raw.write(': ping\n\n'), 25_000);
      request.raw.on('close', () => {
        clearInterval(ping);
        off();
      });
    });

    for (const format of ['svg', 'png'] as const) {
      app.get(`/api/meetings/:id/checkin-qr.${format}`, { schema: { tags, summary: `The check-in QR code (${format.toUpperCase()}), linking to the phone page`, params: S.IdParams } }, async (request, reply) => {
        const principal = requirePrincipal(request);
        const { meeting, council } = await meetings.readable(principal, (request.params as Id).id);
        if (!canCheckIn(principal, council.scope_path)) throw new Problem(403, 'common.problem.outsideScope');
        const link = `${origin(request)}/checkin/${meeting.checkin_token}`;
        reply.header('cache-control', 'no-store').header('x-checkin-url', link);
        if (format === 'svg') return reply.type('image/svg+xml').send(await QRCode.toString(link, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }));
        return reply.type('image/png').send(await QRCode.toBuffer(link, { type: 'png', margin: 2, width: 480, errorCorrectionLevel: 'M' }));
      });
    }

    app.post('/api/meetings/:id/attendance', { schema: { tags, summary: 'Staff check a member in', params: S.IdParams, body: S.AttendanceBody } }, async (request) =>
      meetings.staffCheckIn(requirePrincipal(request), (request.params as Id).id, (request.body as { memberId: string }).memberId));

    app.get('/api/checkin/:token', { schema: { tags, summary: 'The phone check-in page: the meeting, the quorum, whom the caller may check in', params: S.TokenParams } }, async (request) =>
      meetings.checkinView(requirePrincipal(request), (request.params as { token: string }).token));

    app.post('/api/checkin/:token', { schema: { tags, summary: 'Check in through the QR code: a member checks themself in (staff may name a member)', params: S.TokenParams, body: S.SelfCheckInBody } }, async (request) =>
      meetings.selfCheckIn(requirePrincipal(request), (request.params as { token: string }).token, (request.body as { memberId?: string } | undefined)?.memberId));

    app.post('/api/meetings/:id/items/:itemId/vote', { schema: { tags, summary: 'Put an item of the notice to the vote (creates and announces its motion)', params: S.ItemParams, body: S.VoteBody } }, async (request) => {
      const { id, itemId } = request.params as ItemId;
      return meetings.putToVote(requirePrincipal(request), id, itemId, (request.body as { closesAt?: string } | undefined)?.closesAt);
    });

    app.post('/api/meetings/:id/items/:itemId/close', { schema: { tags, summary: 'Close the vote on an item; its result is recorded', params: S.ItemParams } }, async (request) => {
      const { id, itemId } = request.params as ItemId;
      return meetings.closeItem(requirePrincipal(request), id, itemId);
    });

    app.post('/api/meetings/:id/minutes', { schema: { tags, summary: 'Generate (or regenerate) the draft minutes from the meeting', params: S.IdParams } }, async (request, reply) =>
      reply.status(201).send(await minutes.generate(requirePrincipal(request), (request.params as Id).id, request.locale)));

    app.get('/api/meetings/:id/minutes', { schema: { tags, summary: 'The minutes: the draft for managers, published minutes for readers', params: S.IdParams } }, async (request) =>
      minutes.get(requirePrincipal(request), (request.params as Id).id));

    app.put('/api/meetings/:id/minutes', { schema: { tags, summary: 'Edit the draft minutes (give the version you edited)', params: S.IdParams, body: S.MinutesEditBody } }, async (request) => {
      const body = request.body as { body: string; version: number };
      return minutes.edit(requirePrincipal(request), (request.params as Id).id, body.body, body.version);
    });

    app.post('/api/meetings/:id/minutes/publish', { schema: { tags, summary: 'Publish the minutes: immutable from then on', params: S.IdParams, body: S.PublishBody } }, async (request) =>
      minutes.publish(requirePrincipal(request), (request.params as Id).id, (request.body as { version: number }).version));

    app.get('/api/meetings/:id/minutes/history', { schema: { tags, summary: 'Every saved text of the minutes', params: S.IdParams } }, async (request) =>
      ({ items: await minutes.history(requirePrincipal(request), (request.params as Id).id) }));
  };
}
