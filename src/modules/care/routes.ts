import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { Type } from 'typebox';
import { Problem } from '../../core/http/problem.ts';
import { requirePrincipal, type Principal } from '../access/index.ts';
import type { TreeService } from '../tree/index.ts';
import { careFigures } from './figures.ts';
import { validateLadder } from './ladder.ts';
import type { CarePeople } from './people.ts';
import type { PushHub } from './push.ts';
import { canCare, careScopes, type CareAction } from './scopes.ts';
import { callbackPurposes, type CareService } from './service.ts';

const tags = ['care'];
const AlarmParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const Position = { lng: Type.Number({ minimum: -180, maximum: 180 }), lat: Type.Number({ minimum: -90, maximum: 90 }) };

function need(request: FastifyRequest, action: CareAction, path?: string | null): Principal {
  const principal = requirePrincipal(request);
  if (!canCare(principal, action, path)) throw new Problem(403, 'common.problem.forbidden');
  return principal;
}

/** `community_path LIKE scope%` for any of the scopes, or the unplaced (null) rows for operators. */
const inScopes = (column: string, scopes: string[]) =>
  sql`(${sql.ref(column)} IS NULL OR EXISTS (SELECT 1 FROM unnest(${scopes}::text[]) s WHERE ${sql.ref(column)} LIKE s || '%' OR s LIKE ${sql.ref(column)} || '%'))`;

export function careRoutes(care: CareService, people: CarePeople, tree: TreeService, hub: PushHub) {
  return async (app: FastifyInstance) => {
    // Scoped to this plugin: device bodies are kept verbatim, and a body that is not JSON reaches the
    // device route (to be kept as rejected) instead of being refused before it.
    const rawText = new WeakMap<object, string>();
    app.removeContentTypeParser(['application/json', 'text/plain']);
    app.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'string' }, (request, body, done) => {
      const text = String(body);
      rawText.set(request.raw, text);
      try {
        done(null, text.trim() === '' ? undefined : JSON.parse(text));
      } catch {
        done(null, text);
      }
    });

    // Devices: the body is kept as sent (a string), so a message we cannot read is stored verbatim.
    app.post('/api/devices/:deviceId/events', {
      schema: { tags, summary: 'A device event over HTTPS (same JSON as MQTT, docs/devices.md); answered after it is stored', params: Type.Object({ deviceId: Type.String({ minLength: 1, maxLength: 64 }) }) },
    }, async (request, reply) => {
      const { deviceId } = request.params as { deviceId: string };
      const header = request.headers['x-device-token'] ?? request.headers.authorization?.replace(/^(Bearer|Device)\s+/i, '');
      const token = Array.isArray(header) ? header[0] : header;
      const body = rawText.get(request.raw) ?? (typeof request.body === 'string' ? request.body : JSON.stringify(request.body ?? ''));
      if (!token || !(await care.deviceTokenOk(deviceId, token))) {
        await care.db.insertInto('device_messages_rejected').values({ device_id: deviceId, via: 'https', topic: null, payload: body.slice(0, 65_536), reason: 'badCredentials', path: null }).execute();
        throw new Problem(401, 'care.deviceUnauthorized');
      }
      const result = await care.ingest(deviceId, body, 'https');
      return reply.status(result.outcome === 'rejected' ? 422 : result.outcome === 'duplicate' ? 200 : 201).send(result);
    });

    app.post('/api/care/profiles', {
      schema: {
        tags, summary: 'Create or replace a care profile (risk tier, contacts, health notes, key safe, pairings)',
        body: Type.Object({
          householdCode: Type.String({ maxLength: 80 }), residentId: Type.String({ format: 'uuid' }),
          riskTier: Type.Union([Type.Literal('high'), Type.Literal('key'), Type.Literal('other')]),
          contacts: Type.Array(Type.Object({ name: Type.String({ maxLength: 40 }), relation: Type.String({ maxLength: 20 }), phone: Type.String({ maxLength: 20 }) }), { maxItems: 10, default: [] }),
          healthNotes: Type.Optional(Type.String({ maxLength: 2000 })), keySafeCode: Type.Optional(Type.String({ maxLength: 20 })),
          pairedAccountIds: Type.Array(Type.String({ format: 'uuid' }), { maxItems: 10, default: [] }),
        }),
      },
    }, async (request, reply) => {
      const id = await people.upsertProfile(requirePrincipal(request), request.body as Parameters<CarePeople['upsertProfile']>[1]);
      return reply.status(201).send({ id });
    });

    app.get('/api/care/profiles/:id', { schema: { tags, summary: 'A care profile; health notes and contacts only for the roles that need them', params: Type.Object({ id: Type.String({ format: 'uuid' }) }) } },
      async (request) => people.profile(requirePrincipal(request), (request.params as { id: string }).id));

    app.post('/api/care/devices', {
      schema: {
        tags, summary: 'Bind a wristband to a profile; returns its HTTPS token once',
        body: Type.Object({ deviceId: Type.String({ minLength: 1, maxLength: 64 }), profileId: Type.String({ format: 'uuid' }), heartbeatSeconds: Type.Optional(Type.Integer({ minimum: 10, maximum: 86_400 })), missedHeartbeats: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })) }),
      },
    }, async (request, reply) => {
      const body = request.body as { deviceId: string; profileId: string; heartbeatSeconds?: number; missedHeartbeats?: number };
      const profile = await care.db.selectFrom('care_profiles').select(['path', 'closed_at']).where('id', '=', body.profileId).executeTakeFirst();
      if (!profile) throw new Problem(404, 'care.profileNotFound');
      need(request, 'manage', profile.path);
      if (profile.closed_at) throw new Problem(409, 'care.profileClosed');
      return reply.status(201).send(await care.registerDevice(body.deviceId, body.profileId, body));
    });

    app.put('/api/care/settings/:communityCode', {
      schema: {
        tags, summary: 'A community’s visit frequencies, escalation ladder and dispatch count',
        params: Type.Object({ communityCode: Type.String({ maxLength: 20 }) }),
        body: Type.Object({ visitDays: Type.Object({ high: Type.Integer({ minimum: 1 }), key: Type.Integer({ minimum: 1 }), other: Type.Integer({ minimum: 1 }) }), ladder: Type.Optional(Type.Array(Type.Unknown())), dispatchCount: Type.Integer({ minimum: 1, maximum: 50, default: 5 }) }),
      },
    }, async (request) => {
      const unit = await tree.repo.byCode((request.params as { communityCode: string }).communityCode);
      if (!unit || unit.kind !== 'community') throw new Problem(404, 'tree.unitNotFound', { code: (request.params as { communityCode: string }).communityCode });
      need(request, 'manage', unit.path);
      const body = request.body as { visitDays: Record<string, number>; ladder?: unknown[]; dispatchCount: number };
      const ladder = body.ladder ? validateLadder(body.ladder) : null;
      if (body.ladder && !ladder) throw new Problem(422, 'care.badLadder');
      await sql`INSERT INTO care_settings (community_path, visit_days, ladder, dispatch_count) VALUES (${unit.path}, ${JSON.stringify(body.visitDays)}::jsonb, ${ladder ? JSON.stringify(ladder) : null}::jsonb, ${body.dispatchCount})
        ON CONFLICT (community_path) DO UPDATE SET visit_days = EXCLUDED.visit_days, ladder = EXCLUDED.ladder, dispatch_count = EXCLUDED.dispatch_count, updated_at = now()`.execute(care.db);
      return { communityPath: unit.path, ...body, ladder };
    });

    // Responders.
    app.get('/api/care/responder', { schema: { tags, summary: 'The caller’s duty state, last position, home and skills' } }, async (request) =>
      people.responder(requirePrincipal(request)),
    );
    app.post('/api/care/responder/duty', {
      schema: { tags, summary: 'Go on or off duty', body: Type.Object({ onDuty: Type.Boolean(), skills: Type.Optional(Type.Array(Type.String({ maxLength: 30 }), { maxItems: 10 })), home: Type.Optional(Type.Object(Position)) }) },
    }, async (request) => {
      const body = request.body as { onDuty: boolean; skills?: string[]; home?: { lng: number; lat: number } };
      await people.setDuty(requirePrincipal(request), body.onDuty, body);
      return { onDuty: body.onDuty };
    });
    app.post('/api/care/responder/position', { schema: { tags, summary: 'The responder’s position (WGS-84)', body: Type.Object(Position) } }, async (request, reply) => {
      const { lng, lat } = request.body as { lng: number; lat: number };
      await people.setPosition(requirePrincipal(request), lng, lat);
      return reply.status(204).send();
    });
    app.get('/api/care/offers', { schema: { tags, summary: 'My offers (open ones first)' } }, async (request) => {
      const principal = requirePrincipal(request);
      const items = await care.db.selectFrom('care_offers as o').innerJoin('care_alarms as a', 'a.id', 'o.alarm_id')
        .leftJoin('care_profiles as p', 'p.id', 'a.profile_id')
        .select(['o.alarm_id as alarmId', 'o.status', 'o.reason', 'o.eta_seconds as etaSeconds', 'o.distance_m as distanceM', 'o.offered_at as offeredAt', 'a.type', 'a.status as alarmStatus', 'a.lng', 'a.lat', 'p.address', 'a.advise_120 as advise120'])
        .where('o.account_id', '=', principal.accountId).orderBy(sql`o.status = 'offered'`, 'desc').orderBy('o.offered_at', 'desc').limit(50).execute();
      return { items };
    });
    for (const action of ['accept', 'decline', 'departed'] as const) {
      app.post(`/api/alarms/:id/${action}`, { schema: { tags, summary: `${action} an alarm (responder)`, params: AlarmParams } }, async (request) => {
        const { id } = request.params as { id: number };
        await care[action](id, requirePrincipal(request));
        return { alarmId: id, action };
      });
    }
    app.post('/api/alarms/:id/arrived', {
      schema: { tags, summary: 'Arrived: checked against the home location (within 150 m), or confirmed and flagged', params: AlarmParams, body: Type.Object({ ...Position, crs: Type.Union([Type.Literal('wgs84'), Type.Literal('gcj02'), Type.Literal('bd09')], { default: 'wgs84' }), confirm: Type.Boolean({ default: false }) }) },
    }, async (request) => care.arrived((request.params as { id: number }).id, requirePrincipal(request), request.body as { lng: number; lat: number; crs: 'wgs84'; confirm: boolean }));
    app.post('/api/alarms/:id/done', { schema: { tags, summary: 'Done, with a note', params: AlarmParams, body: Type.Object({ note: Type.String({ maxLength: 2000 }) }) } }, async (request) => {
      await care.done((request.params as { id: number }).id, requirePrincipal(request), (request.body as { note: string }).note);
      return { ok: true };
    });
    app.get('/api/alarms/:id/key-safe', { schema: { tags, summary: 'The key-safe code: only to the responder who accepted; audited', params: AlarmParams } }, async (request) => {
      return { code: await care.keySafe((request.params as { id: number }).id, requirePrincipal(request), request.ip) };
    });

    // Duty operators.
    app.get('/api/alarms/:id', { schema: { tags, summary: 'One alarm with its timeline and offers', params: AlarmParams } }, async (request) => {
      const alarm = await care.alarm((request.params as { id: number }).id);
      if (!alarm) throw new Problem(404, 'care.alarmNotFound');
      const principal = requirePrincipal(request);
      if (alarm.accepted_by !== principal.accountId) need(request, 'operate', alarm.path ?? alarm.community_path);
      const offers = await care.db.selectFrom('care_offers').select(['account_id as accountId', 'status', 'reason', 'eta_seconds as etaSeconds', 'offered_at as offeredAt', 'answered_at as answeredAt']).where('alarm_id', '=', alarm.id).orderBy('id').execute();
      return {
        id: Number(alarm.id), type: alarm.type, status: alarm.status, deviceId: alarm.device_id, profileId: alarm.profile_id, communityPath: alarm.community_path, advise120: alarm.advise_120, circle: alarm.circle, purpose: alarm.purpose,
        timeline: { pressed: alarm.pressed_at, offered: alarm.offered_at, accepted: alarm.accepted_at, departed: alarm.departed_at, arrived: alarm.arrived_at, resolved: alarm.resolved_at, cancelled: alarm.cancelled_at },
        arrival: { distanceM: alarm.arrival_distance_m, checked: alarm.arrival_checked }, note: alarm.outcome_note, offers,
      };
    });
    app.post('/api/alarms/:id/cancel', { schema: { tags, summary: 'Cancel an alarm (operator): stops the ladder, withdraws offers', params: AlarmParams } }, async (request) => {
      const alarm = await care.alarm((request.params as { id: number }).id);
      if (!alarm) throw new Problem(404, 'care.alarmNotFound');
      await care.cancel(Number(alarm.id), need(request, 'operate', alarm.path ?? alarm.community_path));
      return { ok: true };
    });
    app.get('/api/care/alarms', { schema: { tags, summary: 'Alarms in the operator’s part of the tree', querystring: Type.Object({ status: Type.Optional(Type.String()), limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }) }) } }, async (request) => {
      const principal = need(request, 'operate');
      const q = request.query as { status?: string; limit: number };
      let query = care.db.selectFrom('care_alarms').selectAll().where(inScopes('community_path', careScopes(principal, 'operate')) as never).orderBy('id', 'desc').limit(q.limit);
      if (q.status) query = query.where('status', '=', q.status as 'open');
      return { items: await query.execute() };
    });
    app.get('/api/care/tasks', { schema: { tags, summary: 'Open care tasks for the operator (callbacks first)' } }, async (request) => {
      const principal = need(request, 'operate');
      const items = await care.db.selectFrom('care_tasks').selectAll().where('done_at', 'is', null)
        .where(inScopes('community_path', careScopes(principal, 'operate')) as never).orderBy(sql`priority = 'urgent'`, 'desc').orderBy('due_at').limit(200).execute();
      return { items, purposes: callbackPurposes };
    });
    app.post('/api/care/tasks/:id/done', { schema: { tags, summary: 'Complete a task; a callback records what the press was for', params: AlarmParams, body: Type.Object({ outcome: Type.Optional(Type.String({ maxLength: 30 })), note: Type.Optional(Type.String({ maxLength: 2000 })) }) } }, async (request) => {
      const body = request.body as { outcome?: string; note?: string };
      await care.completeTask((request.params as { id: number }).id, need(request, 'operate'), body.outcome ?? null, body.note ?? null);
      return { ok: true };
    });
    app.get('/api/care/rejected-messages', { schema: { tags, summary: 'Device messages that could not be used, with the reason (never dropped)' } }, async (request) => {
      const principal = need(request, 'operate');
      const items = await care.db.selectFrom('device_messages_rejected').selectAll().where(inScopes('path', careScopes(principal, 'operate')) as never).orderBy('id', 'desc').limit(200).execute();
      return { items };
    });

    app.get('/api/care/figures', { schema: { tags, summary: 'p50/p90/p99 to accept and arrive, 3- and 10-minute shares, per community and month', querystring: Type.Object({ month: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}$' })) }) } }, async (request) => {
      const principal = need(request, 'figures');
      return { items: await careFigures(care.db, careScopes(principal, 'figures'), (request.query as { month?: string }).month ? { month: (request.query as { month: string }).month } : {}) };
    });
    app.get('/api/public/communities/:code/care-board', { schema: { tags, summary: 'The public 1-3-10 board of a community (no personal data)', params: Type.Object({ code: Type.String({ maxLength: 20 }) }) } }, async (request) => {
      const unit = await tree.repo.byCode((request.params as { code: string }).code);
      if (!unit || unit.kind !== 'community') throw new Problem(404, 'tree.unitNotFound', { code: (request.params as { code: string }).code });
      const months = await careFigures(care.db, ['/'], { communityPath: unit.path });
      return { community: { code: unit.code, name: unit.name }, promise: { respondMinutes: 3, arriveMinutes: 10 }, months: months.map(({ communityPath: _p, ...m }) => m) };
    });

    // Server-Sent Events: offers for a responder, alarms and tasks for an operator.
    app.get('/api/care/stream', { schema: { tags, summary: 'Live offers and alarms (Server-Sent Events)' } }, async (request, reply) => {
      const principal = requirePrincipal(request);
      const keys = [principal.accountId, ...careScopes(principal, 'operate').map((s) => `community:${s}`)];
      reply.hijack();
      reply.raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      reply.raw.write(': connected\n\n');
      const off = hub.subscribe(keys, (p) => reply.raw.write(`event: ${p.event}\ndata: ${JSON.stringify(p.data)}\n\n`));
      const ping = setInterval(() => reply.raw.write(': ping\n\n'), 25_000);
      request.raw.on('close', () => {
        clearInterval(ping);
        off();
      });
    });
  };
}
