import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql, type Selectable, type Transaction } from 'kysely';
import type { AnyDB, Database } from '../../../../core/db/database.ts';
import { Problem } from '../../../../core/http/problem.ts';
import { requirePrincipal, type AuditWriter, type Principal } from '../../../access/index.ts';
import type { NewMotion } from '../../contracts.ts';
import { canDecide, decisionScopes } from '../../policy.ts';
import { canCollect, canManage, canRead, canReadAsStaff, residentHouseholds } from '../access.ts';
import { castBallot } from '../casting.ts';
import type { Motions } from '../motions.ts';
import { ballotPapersPdf } from '../pdf/ballots.ts';
import { resultNoticePdf } from '../pdf/notice.ts';
import { presentMotion, presentResult } from '../present.ts';
import type { VotesTables } from '../tables.ts';
import { BallotBody, IdParams, ListQuery, MotionBody, PublicQuery, VoteBody, type BallotBodyT, type MotionBodyT, type VoteBodyT } from './schemas.ts';
import { ballotList, myRollEntry, myVote, rollView } from './views.ts';

type MotionRow = Selectable<VotesTables['motions']>;
const tags = ['decisions'];

export function votesRoutes(motions: Motions, deps: { db: Database; audit: AuditWriter }) {
  const db = motions.db;
  const anyTx = (tx: Transaction<VotesTables>) => tx as unknown as Transaction<AnyDB>;

  async function load(id: string): Promise<MotionRow> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new Problem(404, 'votes.problem.notFound');
    const row = await db.selectFrom('motions').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new Problem(404, 'votes.problem.notFound');
    return row;
  }
  async function readable(request: FastifyRequest, id: string): Promise<MotionRow> {
    const m = await load(id);
    if (!canRead(request.principal, m)) throw new Problem(request.principal ? 403 : 401, request.principal ? 'common.problem.outsideScope' : 'common.problem.unauthorized');
    return m;
  }
  function closedOnly(m: MotionRow) {
    if (m.state !== 'closed') throw new Problem(409, 'votes.problem.notClosed');
  }
  async function managed(request: FastifyRequest, id: string): Promise<{ principal: Principal; motion: MotionRow }> {
    const principal = requirePrincipal(request);
    const motion = await load(id);
    if (!canManage(principal, motion)) throw new Problem(403, 'common.problem.forbidden');
    return { principal, motion };
  }
  const audit = (p: Principal, action: string, m: MotionRow, tx: Transaction<VotesTables>, detail?: Record<string, unknown>) =>
    deps.audit(p, { action, subjectType: 'motion', subjectId: m.id, scopePath: m.scope_path, ...(detail ? { detail } : {}) }, tx as never);

  return async (app: FastifyInstance) => {
    app.get('/api/motions', { schema: { tags, summary: 'Motions of my scope (staff) or concerning my household (residents)', querystring: ListQuery } }, async (request) => {
      const principal = requirePrincipal(request);
      const { state, limit = 100 } = request.query as { state?: string; limit?: number };
      const homes = residentHouseholds(principal);
      const staff = decisionScopes(principal, 'read').filter((s) => !homes.includes(s));
      if (staff.length === 0 && homes.length === 0) return { items: [] };
      let q = db.selectFrom('motions').selectAll().where((eb) => eb.or([
        ...staff.map((s) => eb('scope_path', 'like', `${s}%`)),
        ...homes.map((h) => eb.and([eb('announced_at', 'is not', null), eb(sql.val(h), 'like', sql<string>`scope_path || '%'`)])),
      ]));
      if (state) q = q.where('state', '=', state as MotionRow['state']);
      const rows = await q.orderBy('created_at', 'desc').limit(limit).execute();
      return { items: rows.map((m) => presentMotion(m, principal)) };
    });

    app.get('/api/public/motions', { schema: { tags, summary: 'Announced and closed motions of a community, readable without signing in', querystring: PublicQuery } }, async (request) => {
      const { community } = request.query as { community: string };
      const path = await motions.scopePath(community);
      if (!path) throw new Problem(404, 'votes.problem.unknownScope', { code: community });
      const rows = await db.selectFrom('motions').selectAll().where('announced_at', 'is not', null).where('scope_path', 'like', `${path}%`)
        .orderBy('announced_at', 'desc').limit(200).execute();
      return { items: rows.map((m) => presentMotion(m, null)) };
    });

    app.post('/api/motions', { schema: { tags, summary: 'Create a draft motion with its counting rule', body: MotionBody } }, async (request, reply) => {
      const principal = requirePrincipal(request);
      const body = request.body as MotionBodyT;
      const input = { ...body, rule: body.rule as unknown as NewMotion['rule'] } as NewMotion;
      const created = await db.transaction().execute(async (tx) => {
        const { id } = await motions.createMotion(input, principal.username, anyTx(tx));
        const m = await tx.selectFrom('motions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        if (!canManage(principal, m)) throw new Problem(403, 'common.problem.outsideScope');
        await audit(principal, 'motion.create', m, tx);
        return m;
      });
      return reply.status(201).send(presentMotion(created, principal));
    });

    app.get('/api/motions/:id', { schema: { tags, summary: 'A motion (public once announced); residents see their own vote', params: IdParams } }, async (request) => {
      const { id } = request.params as { id: string };
      const m = await readable(request, id);
      return { ...presentMotion(m, request.principal), myVote: request.principal ? await myVote(db, m, request.principal) : null };
    });

    for (const [action, summary] of [['announce', 'Announce: freeze and publish the roll, start the closing timer'], ['close', 'Close now and count'], ['cancel', 'Cancel a draft or announced motion']] as const) {
      app.post(`/api/motions/:id/${action}`, { schema: { tags, summary, params: IdParams } }, async (request) => {
        const { id } = request.params as { id: string };
        const { principal, motion } = await managed(request, id);
        const row = await db.transaction().execute(async (tx) => {
          if (action === 'announce') await motions.announce(id, principal.username, anyTx(tx));
          else if (action === 'close') await motions.close(id, principal.username, anyTx(tx));
          else await motions.cancel(id, principal.username, anyTx(tx));
          await audit(principal, `motion.${action}`, motion, tx);
          return tx.selectFrom('motions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        });
        return presentMotion(row, principal);
      });
    }

    app.get('/api/motions/:id/roll', { schema: { tags, summary: 'The frozen roll: public labels; staff also see who has voted and how', params: IdParams } }, async (request) => {
      const { id } = request.params as { id: string };
      const m = await readable(request, id);
      if (!m.announced_at) throw new Problem(409, 'votes.problem.notAnnounced', { state: m.state });
      return rollView(db, m, canReadAsStaff(request.principal, m));
    });

    app.post('/api/motions/:id/vote', { schema: { tags, summary: 'Cast or change my vote on the web (a resident of a household on the roll)', params: IdParams, body: VoteBody } }, async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id } = request.params as { id: string };
      const body = request.body as VoteBodyT;
      const m = await load(id);
      const entry = await myRollEntry(db, m.id, principal);
      if (!entry) throw new Problem(403, 'votes.problem.notOnRollYou');
      const result = await db.transaction().execute((tx) => castBallot(tx, m.id, {
        voterId: entry.voter_id, choice: body.choice, channel: 'web', enteredBy: principal.username, ...(body.receiptCode ? { receiptCode: body.receiptCode } : {}),
      }));
      return reply.status(201).send({ voterId: entry.voter_id, ...result });
    });

    app.post('/api/motions/:id/ballots', { schema: { tags, summary: 'Enter a paper or door-to-door ballot (staff who collect ballots)', params: IdParams, body: BallotBody } }, async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id } = request.params as { id: string };
      const body = request.body as BallotBodyT;
      const m = await load(id);
      if (!canCollect(principal, m)) {
        // A grid worker collects door to door in their own grid, below the motion's scope.
        const entry = await db.selectFrom('motion_roll').select('household_path').where('motion_id', '=', m.id).where('voter_id', '=', body.voterId).executeTakeFirst();
        if (!entry?.household_path || !canDecide(principal, 'collect', entry.household_path)) throw new Problem(403, 'common.problem.forbidden');
      }
      if (body.choice === undefined && !body.spoiled) throw new Problem(422, 'votes.problem.invalidChoice', { reason: 'UNKNOWN_OPTION' });
      const result = await db.transaction().execute(async (tx) => {
        const r = await castBallot(tx, m.id, {
          voterId: body.voterId, choice: body.choice ?? null, channel: body.channel, enteredBy: principal.username,
          ...(body.spoiled ? { spoiled: true } : {}), ...(body.receiptCode ? { receiptCode: body.receiptCode } : {}),
        });
        await audit(principal, 'motion.ballotEntered', m, tx, { voter: body.voterId, channel: body.channel });
        return r;
      });
      return reply.status(201).send({ voterId: body.voterId, ...result });
    });

    app.get('/api/motions/:id/ballots', { schema: { tags, summary: 'Ballots received: who, when, by which channel; choices only after close, never for secret motions', params: IdParams } }, async (request) => {
      const principal = requirePrincipal(request);
      const { id } = request.params as { id: string };
      const m = await load(id);
      if (!canCollect(principal, m) && !canManage(principal, m)) throw new Problem(403, 'common.problem.forbidden');
      return ballotList(db, m);
    });

    app.get('/api/motions/:id/result', { schema: { tags, summary: 'The result with its explanation, once closed', params: IdParams } }, async (request) => {
      const { id } = request.params as { id: string };
      const m = await readable(request, id);
      closedOnly(m);
      return presentResult(m, request.locale);
    });

    app.get('/api/motions/:id/tally.json', { schema: { tags, summary: 'The tally file anyone can recount with `npx gongzhi tally`', params: IdParams } }, async (request, reply) => {
      const { id } = request.params as { id: string };
      const m = await readable(request, id);
      closedOnly(m);
      return reply.header('content-disposition', `attachment; filename="motion-${m.id}.tally.json"`).type('application/json; charset=utf-8').send(JSON.stringify(m.tally_file, null, 2));
    });

    app.get('/api/motions/:id/ballots.pdf', { schema: { tags, summary: 'Printable ballot papers, one per voter on the roll', params: IdParams } }, async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id } = request.params as { id: string };
      const m = await load(id);
      if (!canCollect(principal, m) && !canManage(principal, m)) throw new Problem(403, 'common.problem.forbidden');
      if (!m.announced_at) throw new Problem(409, 'votes.problem.notAnnounced', { state: m.state });
      const roll = await motions.roll(db, m.id);
      const url = `${request.protocol}://${request.host}/vote/${m.id}`;
      const pdf = await ballotPapersPdf(m, roll, url, request.locale);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="motion-${m.id}-ballots.pdf"`).send(pdf);
    });

    app.get('/api/motions/:id/notice.pdf', { schema: { tags, summary: 'The result notice (公告), once closed', params: IdParams } }, async (request, reply) => {
      const { id } = request.params as { id: string };
      const m = await readable(request, id);
      closedOnly(m);
      const pdf = await resultNoticePdf(m, request.locale);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="motion-${m.id}-notice.pdf"`).send(pdf);
    });
  };
}

