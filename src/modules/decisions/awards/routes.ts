import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Problem } from '../../../core/http/problem.ts';
import { requirePrincipal } from '../../access/index.ts';
import { assertRead, canManage, readablePrefixes } from '../projects/access.ts';
import type { PlaceLookup } from '../projects/places.ts';
import { awardKinds } from './rules.ts';
import type { AwardsService, CampaignRow, NewCampaign, NewNomination, NominationRow } from './service.ts';

const tags = ['decisions'];
const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });
const iso = (d: Date | string) => new Date(d).toISOString();

function presentCampaign(c: CampaignRow) {
  return { id: c.id, communityCode: c.community_code, kind: c.kind, year: c.year, title: c.title, method: c.method, winners: c.winners, status: c.status, motionId: c.motion_id, result: c.result, createdAt: iso(c.created_at) };
}

/** Nominees by their public label; the household code and who nominated stay with the managers. */
function presentNomination(n: NominationRow, manager: boolean) {
  return { id: n.id, label: n.label, reason: n.reason, status: n.status, byStaff: n.by_staff, ...(manager ? { nomineeCode: n.nominee_code } : {}), createdAt: iso(n.created_at) };
}

export function awardRoutes(service: AwardsService) {
  return async (app: FastifyInstance) => {
    app.post('/api/decisions/awards', {
      schema: {
        tags, summary: 'Open an award campaign (最美家庭、最美楼道、最美庭院) for a community',
        body: Type.Object({
          communityCode: Type.String({ minLength: 1, maxLength: 64 }), kind: Type.Union(awardKinds.map((k) => Type.Literal(k))),
          year: Type.Integer({ minimum: 2000, maximum: 2100 }), title: Type.String({ minLength: 2, maxLength: 100 }),
          method: Type.Optional(Type.Union([Type.Literal('score'), Type.Literal('rankedChoice')])), winners: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
        }),
      },
    }, async (request, reply) => reply.status(201).send(presentCampaign(await service.create(requirePrincipal(request), request.body as NewCampaign))));

    app.get('/api/decisions/awards', {
      schema: { tags, summary: 'Award campaigns the caller may read', querystring: Type.Object({ communityCode: Type.Optional(Type.String({ maxLength: 64 })) }) },
    }, async (request) => {
      const principal = requirePrincipal(request);
      const q = request.query as { communityCode?: string };
      return { items: (await service.list(readablePrefixes(principal), q.communityCode ? { communityCode: q.communityCode } : {})).map(presentCampaign) };
    });

    app.get('/api/decisions/awards/:id', { schema: { tags, summary: 'A campaign with its nominations', params: Id } }, async (request) => {
      const principal = requirePrincipal(request);
      const campaign = await service.campaign((request.params as { id: string }).id);
      assertRead(principal, campaign.community_path);
      const manager = canManage(principal, campaign.community_path);
      return { ...presentCampaign(campaign), canManage: manager, nominations: (await service.nominations(campaign.id)).map((n) => presentNomination(n, manager)) };
    });

    app.get('/api/decisions/awards/:id/stairwells', {
      schema: { tags, summary: 'The community’s stairwells by public label, to nominate a stairwell or a household in it (residents and staff)', params: Id },
    }, async (request) => ({ items: await service.stairwells(requirePrincipal(request), (request.params as { id: string }).id) }));

    app.post('/api/decisions/awards/:id/nominations', {
      schema: {
        tags, summary: 'Nominate a household or a stairwell of the community (residents and staff)', params: Id,
        body: Type.Object({
          nomineeCode: Type.String({ minLength: 2, maxLength: 100, description: 'A household code or buildingCode/stairwell/room (family, courtyard); buildingCode/stairwell (stairwell)' }),
          reason: Type.String({ minLength: 1, maxLength: 1000 }), agreedName: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
        }),
      },
    }, async (request, reply) => {
      const principal = requirePrincipal(request);
      const row = await service.nominate(principal, (request.params as { id: string }).id, request.body as NewNomination);
      return reply.status(201).send(presentNomination(row, row.by_staff));
    });

    app.post('/api/decisions/nominations/:id/review', {
      schema: { tags, summary: 'Accept or decline a resident’s nomination; optionally the name the family agreed to publish', params: Id, body: Type.Object({ accept: Type.Boolean(), agreedName: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })) }) },
    }, async (request) => presentNomination(await service.review(requirePrincipal(request), (request.params as { id: string }).id, request.body as { accept: boolean; agreedName?: string }), true));

    app.post('/api/decisions/awards/:id/vote', {
      schema: { tags, summary: 'Open the vote: one per household of the community over the accepted nominations', params: Id, body: Type.Object({ opensAt: Type.String({ format: 'date-time' }), closesAt: Type.String({ format: 'date-time' }) }) },
    }, async (request) => presentCampaign(await service.openVote(requirePrincipal(request), (request.params as { id: string }).id, request.body as { opensAt: string; closesAt: string })));

    app.post('/api/decisions/awards/:id/vote/close', { schema: { tags, summary: 'Close and count; the winners are published', params: Id } }, async (request) =>
      presentCampaign(await service.closeVote(requirePrincipal(request), (request.params as { id: string }).id)));

    app.post('/api/decisions/awards/:id/tie', {
      schema: { tags, summary: 'Settle a tie at the last award, saying how', params: Id, body: Type.Object({ picked: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 50 }), note: Type.String({ minLength: 1, maxLength: 500 }) }) },
    }, async (request) => presentCampaign(await service.resolveTie(requirePrincipal(request), (request.params as { id: string }).id, request.body as { picked: string[]; note: string })));
  };
}

export function publicAwardRoutes(service: AwardsService, places: PlaceLookup) {
  return async (app: FastifyInstance) => {
    app.get('/api/public/communities/:code/awards', { schema: { tags, summary: 'Published award winners of a community (public)', params: Type.Object({ code: Type.String({ maxLength: 20 }) }) } }, async (request) => {
      const code = (request.params as { code: string }).code;
      const place = await places(code);
      if (!place || place.kind !== 'community') throw new Problem(404, 'tree.unitNotFound', { code });
      const campaigns = await service.list([place.path], { publishedOnly: true });
      const items = await Promise.all(campaigns.map(async (c) => ({
        id: c.id, kind: c.kind, year: c.year, title: c.title, method: c.method, motionId: c.motion_id,
        winners: (await service.nominations(c.id)).filter((n) => n.status === 'winner').map((n) => ({ id: n.id, label: n.label, reason: n.reason })),
      })));
      return { community: { code: place.code, name: place.name }, items };
    });
  };
}
