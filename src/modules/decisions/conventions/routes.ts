import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Problem } from '../../../core/http/problem.ts';
import { requirePrincipal } from '../../access/index.ts';
import { assertRead, canManage, canParticipate, readablePrefixes } from '../projects/access.ts';
import type { PlaceLookup } from '../projects/places.ts';
import type { Change } from './clauses.ts';
import { diffClauses } from './diff.ts';
import { numbered, presentAmendment, presentConvention } from './present.ts';
import type { AmendmentVote, ConventionsService, NewConvention } from './service.ts';

const tags = ['decisions'];
const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });
const text = Type.String({ minLength: 1, maxLength: 2000 });
const key = Type.String({ pattern: '^k\\d{1,5}$' });
const ChangeSchema = Type.Union([
  Type.Object({ op: Type.Literal('add'), text, after: Type.Optional(key) }, { additionalProperties: false }),
  Type.Object({ op: Type.Literal('change'), key, text }, { additionalProperties: false }),
  Type.Object({ op: Type.Literal('remove'), key }, { additionalProperties: false }),
]);
const DiffQuery = Type.Object({ from: Type.Integer({ minimum: 1 }), to: Type.Integer({ minimum: 1 }) });

/** The convention as anyone reads it: the text in force, its history, the amendments and their status. */
async function conventionView(service: ConventionsService, id: string) {
  const convention = await service.convention(id);
  const [current, versions, amendments] = await Promise.all([service.version(id, convention.current_version), service.versions(id), service.amendments(id)]);
  return {
    ...presentConvention(convention), clauses: numbered(current.clauses),
    versions: versions.map((v) => ({ version: v.version, amendmentId: v.amendment_id, publishedAt: new Date(v.published_at).toISOString() })),
    amendments: amendments.map(presentAmendment),
  };
}

async function diffView(service: ConventionsService, id: string, q: { from: number; to: number }) {
  const [from, to] = await Promise.all([service.version(id, q.from), service.version(id, q.to)]);
  return { from: q.from, to: q.to, clauses: diffClauses(from.clauses, to.clauses) };
}

export function conventionRoutes(service: ConventionsService) {
  return async (app: FastifyInstance) => {
    app.post('/api/decisions/conventions', {
      schema: {
        tags, summary: 'Record a residents’ or estate convention (居民公约/小区公约) as version 1',
        body: Type.Object({
          communityCode: Type.String({ minLength: 1, maxLength: 64 }), estate: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'For a 小区公约: the estate' })),
          title: Type.String({ minLength: 2, maxLength: 100 }), clauses: Type.Array(text, { minItems: 1, maxItems: 200 }),
        }),
      },
    }, async (request, reply) => reply.status(201).send(presentConvention(await service.create(requirePrincipal(request), request.body as NewConvention))));

    app.get('/api/decisions/conventions', {
      schema: { tags, summary: 'Conventions the caller may read', querystring: Type.Object({ communityCode: Type.Optional(Type.String({ maxLength: 64 })) }) },
    }, async (request) => {
      const principal = requirePrincipal(request);
      const rows = await service.list(readablePrefixes(principal), (request.query as { communityCode?: string }).communityCode);
      return { items: rows.map(presentConvention) };
    });

    app.get('/api/decisions/conventions/:id', { schema: { tags, summary: 'The text in force, its versions and amendments', params: Id } }, async (request) => {
      const principal = requirePrincipal(request);
      const convention = await service.convention((request.params as { id: string }).id);
      assertRead(principal, convention.scope_path);
      return { ...(await conventionView(service, convention.id)), canManage: canManage(principal, convention.scope_path), canPropose: canParticipate(principal, convention.scope_path) };
    });

    app.post('/api/decisions/conventions/:id/amendments', {
      schema: {
        tags, summary: 'Propose an amendment: clauses added, changed or removed against the version in force', params: Id,
        body: Type.Object({ title: Type.String({ minLength: 2, maxLength: 100 }), rationale: Type.Optional(Type.String({ maxLength: 2000 })), changes: Type.Array(ChangeSchema, { minItems: 1, maxItems: 100 }) }),
      },
    }, async (request, reply) => {
      const row = await service.propose(requirePrincipal(request), (request.params as { id: string }).id, request.body as { title: string; rationale?: string; changes: Change[] });
      return reply.status(201).send(presentAmendment(row));
    });

    app.get('/api/decisions/amendments/:id', { schema: { tags, summary: 'An amendment with the text it would make (clause by clause against its base)', params: Id } }, async (request) => {
      const principal = requirePrincipal(request);
      const amendment = await service.amendment((request.params as { id: string }).id);
      const convention = await service.convention(amendment.convention_id);
      assertRead(principal, convention.scope_path);
      const base = await service.version(convention.id, amendment.base_version);
      return { ...presentAmendment(amendment), diff: diffClauses(base.clauses, await service.preview(amendment)) };
    });

    app.post('/api/decisions/amendments/:id/vote', {
      schema: {
        tags, summary: 'Put an amendment to the vote (the council, or every household of the community)', params: Id,
        body: Type.Object({
          electorate: Type.Union([Type.Literal('households'), Type.Object({ councilId: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false })]),
          opensAt: Type.String({ format: 'date-time' }), closesAt: Type.String({ format: 'date-time' }),
        }),
      },
    }, async (request) => presentAmendment(await service.openVote(requirePrincipal(request), (request.params as { id: string }).id, request.body as AmendmentVote)));

    app.post('/api/decisions/amendments/:id/vote/close', { schema: { tags, summary: 'Close and count; a passed amendment is published as the next version', params: Id } }, async (request) =>
      presentAmendment(await service.closeVote(requirePrincipal(request), (request.params as { id: string }).id)));

    app.get('/api/decisions/conventions/:id/diff', { schema: { tags, summary: 'Differences between two versions, clause by clause', params: Id, querystring: DiffQuery } }, async (request) => {
      const principal = requirePrincipal(request);
      const convention = await service.convention((request.params as { id: string }).id);
      assertRead(principal, convention.scope_path);
      return diffView(service, convention.id, request.query as { from: number; to: number });
    });
  };
}

/** Conventions are public texts: anyone reads them, their history and differences without signing in. */
export function publicConventionRoutes(service: ConventionsService, places: PlaceLookup) {
  return async (app: FastifyInstance) => {
    app.get('/api/public/communities/:code/conventions', { schema: { tags, summary: 'Conventions of a community (public)', params: Type.Object({ code: Type.String({ maxLength: 20 }) }) } }, async (request) => {
      const code = (request.params as { code: string }).code;
      const place = await places(code);
      if (!place || place.kind !== 'community') throw new Problem(404, 'tree.unitNotFound', { code });
      return { community: { code: place.code, name: place.name }, items: (await service.list([place.path])).map(presentConvention) };
    });
    app.get('/api/public/conventions/:id', { schema: { tags, summary: 'A convention: text in force, versions, amendments (public)', params: Id } }, async (request) =>
      conventionView(service, (request.params as { id: string }).id));
    app.get('/api/public/conventions/:id/versions/:version', {
      schema: { tags, summary: 'One version’s text (public)', params: Type.Object({ id: Type.String({ format: 'uuid' }), version: Type.Integer({ minimum: 1 }) }) },
    }, async (request) => {
      const p = request.params as { id: string; version: number };
      const v = await service.version(p.id, p.version);
      return { version: v.version, amendmentId: v.amendmentId, publishedAt: new Date(v.publishedAt).toISOString(), clauses: numbered(v.clauses) };
    });
    app.get('/api/public/conventions/:id/diff', { schema: { tags, summary: 'Differences between two versions, clause by clause (public)', params: Id, querystring: DiffQuery } }, async (request) =>
      diffView(service, (request.params as { id: string }).id, request.query as { from: number; to: number }));
  };
}
