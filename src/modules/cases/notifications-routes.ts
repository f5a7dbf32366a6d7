import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { t, type Params } from '../../core/i18n.ts';
import { Problem } from '../../core/http/problem.ts';
import { requirePrincipal, type Principal } from '../access/index.ts';
import { markRead, notificationsFor, unreadCount, type Reader } from './notifications-inbox.ts';
import type { CasesService } from './service.ts';

/**
 * The in-app inbox: notices to the caller and to the units they act for, read state per account
 * (docs/decisions/0141-notification-reads-and-category-names.md).
 */

const Notification = Type.Object({
  id: Type.Integer(),
  caseId: Type.Union([Type.String(), Type.Null()]),
  caseNumber: Type.Union([Type.String(), Type.Null()], { description: 'For the link to the case page' }),
  key: Type.String(),
  params: Type.Record(Type.String(), Type.Unknown()),
  message: Type.String({ description: 'In the language of the request' }),
  to: Type.Union([Type.Literal('me'), Type.Object({ kind: Type.String(), code: Type.String() })], { description: 'The caller, or the unit inbox it came to' }),
  createdAt: Type.String({ format: 'date-time' }),
  read: Type.Boolean({ description: 'Read by the caller; colleagues sharing a unit inbox each have their own' }),
});
const Unread = Type.Object({ unread: Type.Integer({ minimum: 0 }) });
const ReadBody = Type.Object({
  ids: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 500, uniqueItems: true })),
  all: Type.Optional(Type.Literal(true)),
  upTo: Type.Optional(Type.Integer({ minimum: 1, description: 'With all: the newest id the caller has seen; later notices stay unread' })),
}, { additionalProperties: false, description: 'Either ids, or all (with upTo when known)' });
interface ReadBodyT { ids?: number[]; all?: true; upTo?: number }

export function notificationsRoutes(service: CasesService) {
  const readerOf = async (principal: Principal): Promise<Reader> => ({ accountId: principal.accountId, units: await service.unitsOf(principal) });

  return async (app: FastifyInstance) => {
    app.get('/api/notifications', {
      schema: {
        tags: ['cases'], summary: 'In-app notifications for the caller and the units they act for, newest first, with the caller’s unread count',
        querystring: Type.Object({ unread: Type.Boolean({ default: false }), limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) }),
        response: { 200: Type.Object({ items: Type.Array(Notification), unread: Type.Integer({ minimum: 0 }) }) },
      },
    }, async (request) => {
      const reader = await readerOf(requirePrincipal(request));
      const q = request.query as { unread: boolean; limit: number };
      const [rows, unread] = await Promise.all([notificationsFor(service.db, reader, { unreadOnly: q.unread, limit: q.limit }), unreadCount(service.db, reader)]);
      return {
        unread,
        items: rows.map((n) => ({
          id: Number(n.id), caseId: n.case_id, caseNumber: n.case_number, key: n.key, params: n.params as Params,
          message: t(request.locale, n.key, n.params as Params),
          to: n.account_id ? 'me' : { kind: n.unit_kind ?? '', code: n.unit_code ?? '' },
          createdAt: new Date(n.created_at).toISOString(), read: n.read_at !== null,
        })),
      };
    });

    app.get('/api/notifications/unread-count', {
      schema: { tags: ['cases'], summary: 'How many notifications the caller has not read (for the console’s bell, polled)', response: { 200: Unread } },
    }, async (request) => ({ unread: await unreadCount(service.db, await readerOf(requirePrincipal(request))) }));

    app.post('/api/notifications/read', {
      schema: {
        tags: ['cases'], summary: 'Mark notifications read for the caller only: the ids given, or all of them; notices the caller cannot see are left alone',
        body: ReadBody, response: { 200: Type.Object({ marked: Type.Integer({ minimum: 0 }), unread: Type.Integer({ minimum: 0 }) }) },
      },
    }, async (request) => {
      const reader = await readerOf(requirePrincipal(request));
      const body = request.body as ReadBodyT;
      if (!body.ids === !body.all) throw new Problem(422, 'cases.notifications.idsOrAll');
      if (body.upTo !== undefined && !body.all) throw new Problem(422, 'cases.notifications.idsOrAll');
      const marked = await markRead(service.db, reader, body.ids ? { ids: body.ids } : { all: true, ...(body.upTo !== undefined ? { upTo: body.upTo } : {}) });
      return { marked, unread: await unreadCount(service.db, reader) };
    });
  };
}
