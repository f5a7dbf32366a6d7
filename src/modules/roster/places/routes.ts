import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Problem } from '../../../core/http/problem.ts';
import { requirePrincipal } from '../../access/index.ts';
import type { PlaceFinder } from './finder.ts';

const Query = Type.Object({ q: Type.String({ minLength: 2, maxLength: 200, description: 'An address as typed: estate, building, unit, room' }) });

export function placeRoutes(places: PlaceFinder) {
  return async (app: FastifyInstance) => {
    app.get('/api/places', {
      schema: {
        tags: ['roster'],
        summary: 'Where an address is: the building (or estate) it names, with coordinates (WGS-84) and tree path',
        querystring: Query,
      },
    }, async (request) => {
      requirePrincipal(request);
      const match = await places.find((request.query as { q: string }).q);
      if (!match) throw new Problem(404, 'roster.placeNotFound');
      return match;
    });
  };
}
