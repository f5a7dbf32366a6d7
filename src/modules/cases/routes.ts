import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { t } from '../../core/i18n.ts';
import { Problem } from '../../core/http/problem.ts';
import { requirePrincipal, scopesFor, type Principal } from '../access/index.ts';
import type { WorkingCalendar } from '../calendar/index.ts';
import type { RosterService } from '../roster/index.ts';
import type { TreeService } from '../tree/index.ts';
import type { CaseEvent, GroupBy } from './domain/index.ts';
import { sqlIndicators } from './indicators-sql.ts';
import { settingsRoutes } from './settings-routes.ts';
import { casesConsoleRoutes } from './console-routes.ts';
import { eventTypes, prepareAction, type ActionInput } from './actions.ts';
import { notificationsRoutes } from './notifications-routes.ts';
import { caseScopes, isCaseStaff } from './policy.ts';
import { categoryName, presentCase, scrub } from './present.ts';
import { distanceM } from './repository.ts';
import { channels, type CasesService, type IntakeInput, type KnownSigner } from './service.ts';

const crs = Type.Union([Type.Literal('wgs84'), Type.Literal('gcj02'), Type.Literal('bd09')]);
const IntakeBody = Type.Object({
  category: Type.String({ minLength: 1, maxLength: 40 }),
  description: Type.String({ minLength: 1, maxLength: 2000 }),
  channel: Type.Optional(Type.Union(channels.map((c) => Type.Literal(c)))),
  lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  crs: Type.Optional(crs),
  address: Type.Optional(Type.String({ maxLength: 200 })),
  unitCode: Type.Optional(Type.String({ maxLength: 64, description: 'The grid or micro-grid, when there are no coordinates' })),
  priority: Type.Optional(Type.Union([Type.Literal('normal'), Type.Literal('urgent')])),
  reporter: Type.Optional(Type.Object({ name: Type.Optional(Type.String({ maxLength: 40 })), phone: Type.Optional(Type.String({ maxLength: 20 })) })),
  signers: Type.Optional(Type.Array(Type.Object({ idNumber: Type.String({ minLength: 15, maxLength: 18 }) }), { maxItems: 2000 })),
  photos: Type.Optional(Type.Array(Type.String({ format: 'uri', maxLength: 1000 }), { maxItems: 20 })),
});
type IntakeBodyT = { category: string; description: string; channel?: IntakeInput['channel']; lng?: number; lat?: number; crs?: IntakeInput['crs']; address?: string; unitCode?: string; priority?: 'normal' | 'urgent'; reporter?: { name?: string; phone?: string }; signers?: { idNumber: string }[]; photos?: string[] };

const EventBody = Type.Object({
  type: Type.Union(eventTypes.map((e) => Type.Literal(e))),
  reason: Type.Optional(Type.String({ maxLength: 1000 })),
  outcome: Type.Optional(Type.Union(['resolved', 'explained', 'notOurResponsibility', 'cannotResolveNow'].map((o) => Type.Literal(o)))),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
  passed: Type.Optional(Type.Boolean()),
  satisfied: Type.Optional(Type.Boolean()),
  score: Type.Optional(Type.Integer()),
  to: Type.Optional(Type.String({ maxLength: 64 })),
  handler: Type.Optional(Type.String({ maxLength: 80 })),
  until: Type.Optional(Type.String({ maxLength: 40 })),
  of: Type.Optional(Type.String({ maxLength: 64 })),
  onBehalfOfReporter: Type.Optional(Type.Boolean()),
  photos: Type.Optional(Type.Array(Type.String({ format: 'uri', maxLength: 1000 }), { maxItems: 20 })),
});
const Ref = Type.Object({ ref: Type.String({ maxLength: 64 }) });
const imageTypes = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' } as const;

export function casesRoutes(service: CasesService, deps: { tree: TreeService; roster: RosterService; calendar: WorkingCalendar; dataDir: string }) {
  const staffOnly = (principal: Principal) => {
    if (!isCaseStaff(principal)) throw new Problem(403, 'common.problem.forbidden');
  };

  /** Signers named by ID number, looked up in the roster the caller may read. */
  async function rosterSigners(principal: Principal, idNumbers: string[]): Promise<KnownSigner[]> {
    const scopes = scopesFor(principal, 'roster.read');
    const out: KnownSigner[] = [];
    for (const idNumber of idNumbers) {
      const found = await deps.roster.findResidents(scopes, { q: idNumber, limit: 1, offset: 0 });
      const r = found.rows[0];
      if (!r) throw new Problem(422, 'cases.signerUnknown', { idNumber: `${idNumber.slice(0, 3)}***${idNumber.slice(-4)}` });
      out.push({ signer: `resident:${r.id}`, household: r.household_code, name: r.name, residentId: r.id });
    }
    return out;
  }

  return async (app: FastifyInstance) => {
    for (const type of Object.keys(imageTypes)) {
      app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: 10 * 1024 * 1024 }, (_req, body, done) => done(null, body));
    }

    app.get('/api/cases/categories', { schema: { tags: ['cases'], summary: 'Case categories with their routing and time limits' } }, async (request) => {
      requirePrincipal(request);
      const config = await service.config();
      return { items: config.categories.map((c) => ({ ...c, name: categoryName(config.categories, c.code, request.locale) })), jointLetterThreshold: config.matrix.jointLetterThreshold };
    });

    app.post('/api/cases', {
      schema: {
        tags: ['cases'], summary: 'Report a matter (a resident) or enter one with its channel (staff); Idempotency-Key makes retries safe',
        body: IntakeBody, headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) }),
      },
    }, async (request, reply) => {
      const principal = requirePrincipal(request);
      const body = request.body as IntakeBodyT;
      const staff = isCaseStaff(principal);
      if (staff && !body.channel) throw new Problem(422, 'cases.channelRequired');
      if ((body.lng === undefined) !== (body.lat === undefined)) throw new Problem(422, 'cases.placeUnknown');
      let path: string | undefined;
      if (body.lng === undefined) {
        if (body.unitCode) {
          const unit = await deps.tree.repo.byCode(body.unitCode);
          if (!unit) throw new Problem(404, 'tree.unitNotFound', { code: body.unitCode });
          path = unit.path;
        } else {
          path = (staff ? caseScopes(principal)[0] : principal.bindings.find((b) => b.role === 'resident')?.scopePath);
        }
        if (!path) throw new Problem(422, 'cases.placeUnknown');
      }
      if (body.signers?.length && !staff) throw new Problem(403, 'common.problem.forbidden');
      const signers = body.signers?.length ? await rosterSigners(principal, body.signers.map((s) => s.idNumber)) : [];
      const key = (request.headers['idempotency-key'] as string | undefined) ?? undefined;
      const input: IntakeInput = {
        category: body.category, description: body.description, channel: staff ? body.channel! : 'app', signers,
        ...(body.lng !== undefined && body.lat !== undefined ? { lng: body.lng, lat: body.lat, crs: body.crs ?? 'wgs84' } : {}),
        ...(path ? { path } : {}),
        ...(body.address ? { address: body.address } : {}),
        ...(body.priority ? { priority: body.priority } : {}),
        ...(body.reporter ? { reporter: body.reporter } : {}),
        ...(body.photos ? { photos: body.photos } : {}),
        ...(key ? { idempotencyKey: key } : {}),
      };
      const { row, created } = await service.submit(principal, input);
      return reply.status(created ? 201 : 200).send(presentCase(row, request.locale, (await service.config()).categories));
    });

    app.get('/api/cases/similar', {
      schema: {
        tags: ['cases'], summary: 'Likely duplicates: same category, within the configured radius (100 m) and window (7 days)',
        querystring: Type.Object({ lng: Type.Number(), lat: Type.Number(), crs: Type.Optional(crs), category: Type.String({ maxLength: 40 }) }),
      },
    }, async (request) => {
      requirePrincipal(request);
      const q = request.query as { lng: number; lat: number; crs?: 'wgs84' | 'gcj02' | 'bd09'; category: string };
      const { toWgs84 } = await import('../geo/index.ts');
      const [lng, lat] = q.crs && q.crs !== 'wgs84' ? toWgs84(q.lng, q.lat, q.crs) : [q.lng, q.lat];
      const { radiusM, windowDays } = (await service.config()).duplicates;
      const rows = await service.repo.nearby(q.category, lng, lat, radiusM, windowDays);
      const items = rows
        .map((r) => ({ r, d: distanceM(lng, lat, r.lng ?? 0, r.lat ?? 0) }))
        .filter((x) => x.d <= radiusM)
        .map(({ r, d }) => ({ id: r.id, number: r.number, category: r.category, summary: scrub(r.description, [r.reporter_name ?? '']), status: r.status, distanceM: Math.round(d), createdAt: new Date(r.created_at).toISOString() }));
      return { items };
    });

    app.get('/api/cases/indicators', {
      schema: {
        tags: ['cases'], summary: 'Indicators computed from the event history (reproducible): SQL over per-case facts derived from the history',
        querystring: Type.Object({
          from: Type.String({ maxLength: 40 }), to: Type.String({ maxLength: 40 }),
          groupBy: Type.Optional(Type.Union(['all', 'unit', 'level', 'worker', 'category', 'affair'].map((g) => Type.Literal(g)))),
        }),
      },
    }, async (request) => {
      const principal = requirePrincipal(request);
      staffOnly(principal);
      const q = request.query as { from: string; to: string; groupBy?: Exclude<GroupBy, (...a: never[]) => unknown> };
      const from = Date.parse(q.from), to = Date.parse(q.to);
      if (Number.isNaN(from) || Number.isNaN(to) || to <= from) throw new Problem(422, 'cases.badPeriod');
      await service.ensureFacts();
      const report = await sqlIndicators(service.db, { from, to, groupBy: q.groupBy ?? 'all', scopes: caseScopes(principal) });
      return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), groupBy: q.groupBy ?? 'all', ...report };
    });

    app.get('/api/cases', {
      schema: {
        tags: ['cases'], summary: 'The inbox of the caller’s part of the tree: open cases by deadline first',
        querystring: Type.Object({
          status: Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { maxItems: 11 })),
          category: Type.Optional(Type.String({ maxLength: 40 })),
          overdue: Type.Optional(Type.Boolean()),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
          offset: Type.Integer({ minimum: 0, default: 0 }),
        }),
      },
    }, async (request) => {
      const principal = requirePrincipal(request);
      const q = request.query as { status?: string[]; category?: string; overdue?: boolean; limit: number; offset: number };
      const { categories } = await service.config();
      const result = await service.repo.list({
        scopes: caseScopes(principal), followerAccount: principal.accountId, limit: q.limit, offset: q.offset,
        ...(q.status ? { status: q.status } : {}), ...(q.category ? { category: q.category } : {}), ...(q.overdue ? { overdue: true } : {}),
      });
      return { total: result.total, limit: q.limit, offset: q.offset, items: result.rows.map((r) => presentCase(r, request.locale, categories)) };
    });

    app.get('/api/cases/:ref', { schema: { tags: ['cases'], summary: 'A case with its timeline, followers and attachments', params: Ref } }, async (request) => {
      const principal = requirePrincipal(request);
      const row = await service.visibleCase(principal, (request.params as { ref: string }).ref);
      const [events, signatures, attachments, followers] = await Promise.all([
        service.repo.events(row.id), service.repo.signatures(row.id), service.repo.attachments(row.id), service.repo.followers(row.id),
      ]);
      return {
        ...presentCase(row, request.locale, (await service.config()).categories),
        timeline: events.map((e) => {
          const { caseId: _c, actor, at: _a, type: _t, ...detail } = e.event as CaseEvent & Record<string, unknown>;
          return { seq: e.seq, type: e.type, typeName: t(request.locale, `cases.event.${e.type}`), at: new Date(e.at).toISOString(), actor: actor.unit ?? null, by: (e.extra as { by?: string }).by ?? null, detail, extra: e.extra };
        }),
        signatures: { count: signatures.length, households: new Set(signatures.map((s) => s.household)).size, items: signatures.map((s) => ({ name: s.name, household: s.household, signedAt: new Date(s.signed_at).toISOString() })) },
        followers: followers.map((f) => ({ kind: f.kind, viaCase: f.via_case })),
        attachments: attachments.map((a) => ({ id: a.id, phase: a.phase, url: a.url ?? `/api/cases/${row.id}/attachments/${a.id}`, mediaType: a.media_type })),
      };
    });

    app.post('/api/cases/:ref/events', { schema: { tags: ['cases'], summary: 'One workflow step (verify, dispatch, handle, reportBack, check, close, rate, reject, return …)', params: Ref, body: EventBody } }, async (request) => {
      const principal = requirePrincipal(request);
      const row = await service.visibleCase(principal, (request.params as { ref: string }).ref);
      const input = request.body as ActionInput;
      const prepared = await prepareAction(service, deps.calendar, principal, row, input);
      try {
        const result = await service.record(row.id, principal.accountId, prepared.build, prepared.known, prepared.extra, prepared.numbers);
        if (input.photos?.length) {
          await service.db.insertInto('case_attachments').values(input.photos.map((url) => ({ case_id: row.id, phase: input.type === 'reportBack' || input.type === 'handle' ? 'after' as const : 'other' as const, url, added_by: principal.accountId }))).execute();
        }
        return presentCase(result!.row, request.locale, (await service.config()).categories);
      } catch (error) {
        if (error instanceof Problem && typeof error.params.from === 'string') {
          throw new Problem(error.status, error.code, { ...error.params, from: t(request.locale, `cases.status.${error.params.from}`) });
        }
        throw error;
      }
    });

    app.post('/api/cases/:ref/signatures', {
      schema: {
        tags: ['cases'], summary: 'Sign a joint letter (a resident for themself; staff record paper signatures by ID number)',
        params: Ref, body: Type.Object({ idNumbers: Type.Optional(Type.Array(Type.String({ minLength: 15, maxLength: 18 }), { maxItems: 2000 })) }),
      },
    }, async (request) => {
      const principal = requirePrincipal(request);
      const row = await service.visibleCaseOrPublic(principal, (request.params as { ref: string }).ref);
      const body = request.body as { idNumbers?: string[] };
      let signers: KnownSigner[];
      if (isCaseStaff(principal)) signers = await rosterSigners(principal, body.idNumbers ?? []);
      else {
        const home = principal.bindings.find((b) => b.role === 'resident');
        if (!home) throw new Problem(403, 'common.problem.forbidden');
        signers = [{ signer: `account:${principal.accountId}`, household: home.scopeCode, name: principal.displayName, accountId: principal.accountId }];
      }
      return service.sign(row, signers);
    });

    app.post('/api/cases/:ref/attachments', {
      schema: { tags: ['cases'], summary: 'A photo: JSON { phase, url } or the image itself (?phase=before|after)', params: Ref, querystring: Type.Object({ phase: Type.Optional(Type.Union([Type.Literal('before'), Type.Literal('after'), Type.Literal('other')])) }) },
    }, async (request, reply) => {
      const principal = requirePrincipal(request);
      const row = await service.visibleCase(principal, (request.params as { ref: string }).ref);
      const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim() as keyof typeof imageTypes;
      const phase = (request.query as { phase?: 'before' | 'after' | 'other' }).phase ?? 'other';
      if (Buffer.isBuffer(request.body) && imageTypes[type]) {
        const id = randomUUID();
        const dir = join(deps.dataDir, 'cases', row.id);
        mkdirSync(dir, { recursive: true });
        const file = join(dir, `${id}.${imageTypes[type]}`);
        writeFileSync(file, request.body);
        await service.db.insertInto('case_attachments').values({ id, case_id: row.id, phase, file_path: file, media_type: type, bytes: request.body.length, added_by: principal.accountId, url: null }).execute();
        return reply.status(201).send({ id, phase, url: `/api/cases/${row.id}/attachments/${id}` });
      }
      const body = request.body as { phase?: 'before' | 'after' | 'other'; url?: string } | null;
      if (!body?.url || !/^https?:\/\//.test(body.url)) throw new Problem(422, 'cases.attachmentInvalid');
      const inserted = await service.db.insertInto('case_attachments').values({ case_id: row.id, phase: body.phase ?? phase, url: body.url, added_by: principal.accountId }).returning('id').executeTakeFirstOrThrow();
      return reply.status(201).send({ id: inserted.id, phase: body.phase ?? phase, url: body.url });
    });

    app.get('/api/cases/:ref/attachments/:id', { schema: { tags: ['cases'], summary: 'An uploaded photo', params: Type.Object({ ref: Type.String({ maxLength: 64 }), id: Type.String({ format: 'uuid' }) }) } }, async (request, reply) => {
      const principal = requirePrincipal(request);
      const row = await service.visibleCase(principal, (request.params as { ref: string }).ref);
      const a = (await service.repo.attachments(row.id)).find((x) => x.id === (request.params as { id: string }).id);
      if (!a?.file_path) throw new Problem(404, 'common.problem.notFound');
      return reply.type(a.media_type ?? 'application/octet-stream').send(readFileSync(a.file_path));
    });

    await notificationsRoutes(service)(app);
    await settingsRoutes(service, deps.tree)(app);
    await casesConsoleRoutes(service)(app);

    app.get('/api/public/communities/:code/board', {
      schema: { tags: ['cases'], summary: 'Public board of a community: open and closed matters without personal data, and its figures', params: Type.Object({ code: Type.String({ maxLength: 20 }) }) },
    }, async (request) => {
      const code = (request.params as { code: string }).code;
      const unit = await deps.tree.repo.byCode(code);
      if (!unit || unit.kind !== 'community') throw new Problem(404, 'tree.unitNotFound', { code });
      return service.board(unit.code, unit.name, request.locale);
    });
  };
}
