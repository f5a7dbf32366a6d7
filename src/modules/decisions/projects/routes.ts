import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { requirePrincipal } from '../../access/index.ts';
import { assertRead, canManage, readablePrefixes } from './access.ts';
import { presentComment, presentProject, presentProposal, presentRound } from './present.ts';
import type { ProjectQueries } from './queries.ts';
import { proposalSources, type NewProposal, type NewRound, type RoundsService } from './rounds.ts';
import { constituencies, type Seats } from './seats.ts';

const tags = ['decisions'];
const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });
const constituency = Type.Union(constituencies.map((c) => Type.Literal(c)));
const SeatsSchema = Type.Array(Type.Object({ constituency: Type.Optional(constituency), count: Type.Integer({ minimum: 1, maximum: 20 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 6 });
const isoTime = Type.String({ format: 'date-time', maxLength: 40 });
export const Window = Type.Object({ opensAt: isoTime, closesAt: isoTime });

export function roundRoutes(rounds: RoundsService, queries: ProjectQueries) {
  return async (app: FastifyInstance) => {
    app.post('/api/decisions/rounds', {
      schema: {
        tags, summary: 'Open a yearly 双五工程 round for a community (managers of the community)',
        body: Type.Object({
          communityCode: Type.String({ minLength: 1, maxLength: 64 }), year: Type.Integer({ minimum: 2000, maximum: 2100 }),
          councilId: Type.String({ minLength: 1, maxLength: 100, description: 'The representative council whose members vote and review' }),
          seats: Type.Optional(SeatsSchema), maxApprovals: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
        }),
      },
    }, async (request, reply) => {
      const row = await rounds.createRound(requirePrincipal(request), request.body as NewRound);
      return reply.status(201).send(presentRound(row));
    });

    app.get('/api/decisions/rounds', {
      schema: { tags, summary: 'Rounds the caller may read, newest year first', querystring: Type.Object({ communityCode: Type.Optional(Type.String({ maxLength: 64 })) }) },
    }, async (request) => {
      const principal = requirePrincipal(request);
      const q = request.query as { communityCode?: string };
      const rows = await queries.rounds(readablePrefixes(principal), q.communityCode ? { communityCode: q.communityCode } : {});
      return { items: rows.map(presentRound) };
    });

    app.get('/api/decisions/rounds/:id', { schema: { tags, summary: 'A round with its proposals, stances, result and projects', params: Id } }, async (request) => {
      const principal = requirePrincipal(request);
      const round = await rounds.round((request.params as { id: string }).id);
      assertRead(principal, round.community_path);
      const [proposals, stances, projects] = await Promise.all([queries.proposals(round.id), queries.stances(round.id), queries.projectsOfRound(round.id)]);
      return { ...presentRound(round), proposals: proposals.map((p) => presentProposal(p, stances.get(p.id))), projects: projects.map(presentProject) };
    });

    app.post('/api/decisions/rounds/:id/proposals', {
      schema: {
        tags, summary: 'Propose a project: residents for their own community; managers also from a case or a meeting',
        params: Id,
        body: Type.Object({
          title: Type.String({ minLength: 2, maxLength: 100 }), description: Type.String({ minLength: 1, maxLength: 4000 }),
          source: Type.Optional(Type.Union(proposalSources.map((s) => Type.Literal(s)))),
          sourceRef: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'The case number (GZ-…) or the meeting id' })),
          constituency: Type.Optional(constituency),
        }),
      },
    }, async (request, reply) => {
      const row = await rounds.propose(requirePrincipal(request), (request.params as { id: string }).id, request.body as NewProposal);
      return reply.status(201).send(presentProposal(row));
    });

    app.get('/api/decisions/proposals/:id', { schema: { tags, summary: 'A proposal with the deliberation (comments for and against)', params: Id } }, async (request) => {
      const principal = requirePrincipal(request);
      const proposal = await rounds.proposal((request.params as { id: string }).id);
      const round = await rounds.round(proposal.round_id);
      assertRead(principal, round.community_path);
      const comments = await queries.comments(proposal.id);
      const stances = { for: 0, against: 0, neutral: 0 };
      for (const c of comments) stances[c.stance as keyof typeof stances]++;
      const manager = canManage(principal, round.community_path);
      return { ...presentProposal(proposal, stances), items: comments.map((c) => presentComment(c, manager)) };
    });

    app.post('/api/decisions/proposals/:id/comments', {
      schema: {
        tags, summary: 'Speak for or against a proposal during deliberation', params: Id,
        body: Type.Object({ stance: Type.Union([Type.Literal('for'), Type.Literal('against'), Type.Literal('neutral')]), body: Type.String({ minLength: 1, maxLength: 2000 }) }),
      },
    }, async (request, reply) => {
      const row = await rounds.comment(requirePrincipal(request), (request.params as { id: string }).id, request.body as { stance: 'for' | 'against' | 'neutral'; body: string });
      return reply.status(201).send({ id: row.id, stance: row.stance, body: row.body });
    });

    app.post('/api/decisions/proposals/:id/ballot', {
      schema: {
        tags, summary: 'Put a proposal on the ballot, take it off, or withdraw it; name the sponsoring constituency', params: Id,
        body: Type.Object({ status: Type.Union([Type.Literal('onBallot'), Type.Literal('submitted'), Type.Literal('withdrawn')]), constituency: Type.Optional(Type.Union([constituency, Type.Null()])) }),
      },
    }, async (request) => {
      const row = await rounds.shortlist(requirePrincipal(request), (request.params as { id: string }).id, request.body as { status: 'onBallot'; constituency?: string | null });
      return presentProposal(row);
    });

    app.post('/api/decisions/rounds/:id/deliberation', { schema: { tags, summary: 'Close proposals and open deliberation', params: Id } }, async (request) =>
      presentRound(await rounds.startDeliberation(requirePrincipal(request), (request.params as { id: string }).id)));

    app.post('/api/decisions/rounds/:id/vote', {
      schema: { tags, summary: 'Open the vote: an approval-selection motion of the council over the shortlisted proposals', params: Id, body: Window },
    }, async (request) => presentRound(await rounds.openVote(requirePrincipal(request), (request.params as { id: string }).id, request.body as { opensAt: string; closesAt: string })));

    app.post('/api/decisions/rounds/:id/vote/close', { schema: { tags, summary: 'Close and count the vote; the chosen are published as projects', params: Id } }, async (request) =>
      presentRound(await rounds.closeVote(requirePrincipal(request), (request.params as { id: string }).id)));

    app.post('/api/decisions/rounds/:id/tie', {
      schema: {
        tags, summary: 'Settle a tie at the cut-off (by lot or a second vote), saying how', params: Id,
        body: Type.Object({ picked: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 20 }), note: Type.String({ minLength: 1, maxLength: 500 }) }),
      },
    }, async (request) => presentRound(await rounds.resolveTie(requirePrincipal(request), (request.params as { id: string }).id, request.body as { picked: string[]; note: string })));

    app.post('/api/decisions/rounds/:id/next', {
      schema: {
        tags, summary: 'Open next year’s round, carrying over unchosen proposals', params: Id,
        body: Type.Object({
          year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })), councilId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          seats: Type.Optional(SeatsSchema), carryOver: Type.Array(Type.String({ format: 'uuid' }), { maxItems: 200 }),
        }),
      },
    }, async (request, reply) => {
      const row = await rounds.openNext(requirePrincipal(request), (request.params as { id: string }).id, request.body as { year?: number; councilId?: string; seats?: Seats[]; carryOver: string[] });
      return reply.status(201).send(presentRound(row));
    });
  };
}
