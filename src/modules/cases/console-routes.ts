import type { FastifyInstance } from 'fastify';
import { sql, type Expression, type SqlBool } from 'kysely';
import { Type } from 'typebox';
import { t } from '../../core/i18n.ts';
import { Problem } from '../../core/http/problem.ts';
import { requirePrincipal, type Principal } from '../access/index.ts';
import { apply, openStatuses, type Actor, type CaseEvent, type CaseState, type UnitRef } from './domain/index.ts';
import { caseScopes, isCaseStaff, type PlacedUnit } from './policy.ts';
import { categoryName, presentCase } from './present.ts';
import { scopeConditions, type CasesEb } from './repository.ts';
import type { CasesService } from './service.ts';

/**
 * Read-only endpoints the console needs beside the cases API: an inbox of what the caller's units must
 * act on (with counts per status), the points of open cases for the hot-spot map, and the steps the
 * caller may take on one case. Nothing here writes (docs/decisions/0131-cases-console-reads.md).
 */

const InboxQuery = Type.Object({
  responsible: Type.Union([Type.Literal('mine'), Type.Literal('scope')], { default: 'mine', description: 'mine: my units must act; scope: everything in my part of the tree' }),
  status: Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { maxItems: 11 })),
  category: Type.Optional(Type.String({ maxLength: 40 })),
  channel: Type.Optional(Type.String({ maxLength: 20 })),
  overdue: Type.Optional(Type.Boolean()),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
});
interface InboxQueryT { responsible: 'mine' | 'scope'; status?: string[]; category?: string; channel?: string; overdue?: boolean; limit: number; offset: number }

/** The cases a unit must act on: it holds them, checks them, is offered them, or decides an extension below it. */
function mineFilter(eb: CasesEb, units: PlacedUnit[]): Expression<SqlBool> {
  const ors = units.flatMap((u) => [
    eb.and([eb('c.responsible_kind', '=', u.kind), eb('c.responsible_code', '=', u.code)]),
    eb.and([eb('c.supervisor_kind', '=', u.kind), eb('c.supervisor_code', '=', u.code), eb('c.status', 'in', ['reportedBack', 'checked'])]),
    eb.and([eb(sql<string>`c.state #>> '{pendingTransfer,to,kind}'`, '=', u.kind), eb(sql<string>`c.state #>> '{pendingTransfer,to,code}'`, '=', u.code)]),
    eb.and([
      eb(sql<string>`c.state #>> '{extension,status}'`, '=', 'requested'),
      eb('c.responsible_path', 'like', `${u.path}%`),
      eb.or([eb('c.responsible_kind', '!=', u.kind), eb('c.responsible_code', '!=', u.code)]),
    ]),
  ]);
  return eb.or(ors);
}

/** A sample of each step with placeholder input, so the workflow's own guards say whether the actor may take it. */
function sampleEvent(type: string, state: CaseState, actor: Actor, at: number): CaseEvent | undefined {
  const base = { caseId: state.id, at, actor };
  const reason = '-';
  const elsewhere: UnitRef = { kind: 'countyDepartment', code: '-' };
  switch (type) {
    case 'verify': return { ...base, type: 'verify' };
    case 'dispatch': return actor.unit ? { ...base, type: 'dispatch', to: actor.unit } : undefined;
    case 'handle': return { ...base, type: 'handle' };
    case 'reportBack': return { ...base, type: 'reportBack', outcome: 'resolved' };
    case 'check': return { ...base, type: 'check', passed: true };
    case 'close': return { ...base, type: 'close' };
    case 'rate': return { ...base, type: 'rate', satisfied: true };
    case 'reject': return { ...base, type: 'reject', reason };
    case 'return': return { ...base, type: 'return', reason, to: elsewhere };
    case 'requestTransfer': return { ...base, type: 'requestTransfer', reason, to: elsewhere };
    case 'acceptTransfer': return { ...base, type: 'acceptTransfer' };
    case 'declineTransfer': return { ...base, type: 'declineTransfer', reason };
    case 'requestExtension': return { ...base, type: 'requestExtension', reason, until: state.dueAt + 86_400_000 };
    case 'grantExtension': return { ...base, type: 'grantExtension' };
    case 'denyExtension': return { ...base, type: 'denyExtension', reason };
    case 'suspend': return { ...base, type: 'suspend', reason };
    case 'resume': return { ...base, type: 'resume' };
    case 'markDuplicate': return { ...base, type: 'markDuplicate', of: '-' };
    default: return undefined;
  }
}

export const consoleActionTypes = [
  'verify', 'dispatch', 'handle', 'reportBack', 'check', 'close', 'rate', 'reject', 'return', 'requestTransfer',
  'acceptTransfer', 'declineTransfer', 'requestExtension', 'grantExtension', 'denyExtension', 'suspend', 'resume', 'markDuplicate',
] as const;

/** The steps some actor the caller may act as could take now; staff rate for a reporter reached by phone. */
export function availableActions(state: CaseState, accountId: string, units: UnitRef[], staff: boolean, now = Date.now()): { actions: string[]; onBehalfOfReporter: boolean } {
  const self = `account:${accountId}`;
  const at = Math.max(now, state.lastAt);
  const actors: Actor[] = staff ? units.map((unit) => ({ id: self, unit })) : [{ id: self }];
  const phoned = staff ? state.reporters.find((r) => r.startsWith('contact:')) : undefined;
  const actions: string[] = [];
  let onBehalfOfReporter = false;
  for (const type of consoleActionTypes) {
    const rating = type === 'rate' || type === 'reject';
    const candidates = rating && phoned ? [{ id: phoned }] : actors;
    const ok = candidates.some((actor) => {
      const event = sampleEvent(type, state, actor, at);
      return event !== undefined && apply(state, event).ok;
    });
    if (ok) {
      actions.push(type);
      if (rating && phoned) onBehalfOfReporter = true;
    }
  }
  return { actions, onBehalfOfReporter };
}

export function casesConsoleRoutes(service: CasesService) {
  const staffOnly = (principal: Principal) => {
    if (!isCaseStaff(principal)) throw new Problem(403, 'common.problem.forbidden');
  };

  return async (app: FastifyInstance) => {
    app.get('/api/cases/console/inbox', {
      schema: { tags: ['cases'], summary: 'The console inbox: what my units must act on, overdue first, then the nearest deadline; counts per status', querystring: InboxQuery },
    }, async (request) => {
      const principal = requirePrincipal(request);
      staffOnly(principal);
      const q = request.query as InboxQueryT;
      const units = await service.unitsOf(principal);
      const scopes = caseScopes(principal);
      let base = service.db.selectFrom('cases as c').where((eb) => (q.responsible === 'scope' ? eb.or(scopeConditions(eb, scopes)) : mineFilter(eb, units)));
      if (q.category) base = base.where('c.category', '=', q.category);
      if (q.channel) base = base.where('c.channel', '=', q.channel);
      if (q.overdue) base = base.where('c.status', 'in', [...openStatuses]).where('c.due_at', '<', sql<Date>`now()`);
      const listed = q.status?.length ? base.where('c.status', 'in', q.status) : base;
      const [rows, total, byStatus, overdue, { categories }] = await Promise.all([
        listed.selectAll('c')
          .orderBy(sql`c.status IN ('closed', 'rated', 'suspended')`)
          .orderBy('c.due_at').orderBy('c.number')
          .limit(q.limit).offset(q.offset).execute(),
        listed.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
        base.select(['c.status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('c.status').execute(),
        base.where('c.status', 'in', [...openStatuses]).where('c.due_at', '<', sql<Date>`now()`).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
        service.config(),
      ]);
      return {
        total: Number(total.n), limit: q.limit, offset: q.offset,
        counts: Object.fromEntries(byStatus.map((r) => [r.status, Number(r.n)])),
        overdue: Number(overdue.n),
        items: rows.map((r) => presentCase(r, request.locale, categories)),
      };
    });

    app.get('/api/cases/console/points', {
      schema: {
        tags: ['cases'], summary: 'Points of the cases in my part of the tree (open ones unless asked), for the hot-spot map',
        querystring: Type.Object({ category: Type.Optional(Type.String({ maxLength: 40 })), open: Type.Boolean({ default: true }), limit: Type.Integer({ minimum: 1, maximum: 20_000, default: 5000 }) }),
      },
    }, async (request) => {
      const principal = requirePrincipal(request);
      staffOnly(principal);
      const q = request.query as { category?: string; open: boolean; limit: number };
      let query = service.db.selectFrom('cases as c').where((eb) => eb.or(scopeConditions(eb, caseScopes(principal))))
        .where('c.lng', 'is not', null).where('c.lat', 'is not', null);
      if (q.open) query = query.where('c.status', 'in', [...openStatuses]);
      if (q.category) query = query.where('c.category', '=', q.category);
      const rows = await query.select(['c.id', 'c.number', 'c.category', 'c.status', 'c.lng', 'c.lat', 'c.due_at', 'c.priority', 'c.micro_grid_code'])
        .orderBy('c.due_at').limit(q.limit).execute();
      const now = Date.now();
      const { categories } = await service.config();
      return {
        items: rows.map((r) => ({
          id: r.id, number: r.number, category: r.category, categoryName: categoryName(categories, r.category, request.locale),
          status: r.status, statusName: t(request.locale, `cases.status.${r.status}`), lng: r.lng!, lat: r.lat!, priority: r.priority,
          microGrid: r.micro_grid_code, dueAt: new Date(r.due_at).toISOString(),
          overdue: (openStatuses as readonly string[]).includes(r.status) && new Date(r.due_at).getTime() < now,
        })),
      };
    });

    app.get('/api/cases/:ref/actions', {
      schema: { tags: ['cases'], summary: 'The workflow steps the caller may take on this case now', params: Type.Object({ ref: Type.String({ maxLength: 64 }) }) },
    }, async (request) => {
      const principal = requirePrincipal(request);
      const row = await service.visibleCase(principal, (request.params as { ref: string }).ref);
      const units = (await service.unitsOf(principal)).map((u) => ({ kind: u.kind, code: u.code }));
      return availableActions(row.state as CaseState, principal.accountId, units, isCaseStaff(principal));
    });
  };
}
