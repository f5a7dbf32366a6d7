import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { JobQueue } from '../../../core/jobs/queue.ts';
import { requirePrincipal } from '../../access/index.ts';
import type { TreeService } from '../../tree/index.ts';
import { careScopes } from '../scopes.ts';
import type { CareService } from '../service.ts';
import { chinaDate } from '../visits/schedule.ts';
import type { LoopTables } from '../visits/tables.ts';
import { mealFigures } from './figures.ts';
import { meals, type Meal } from './rules.ts';
import { CareMeals } from './service.ts';

const tags = ['care'];
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const MealT = Type.Union(meals.map((m) => Type.Literal(m)));
const IdParam = Type.Object({ id: Type.Integer({ minimum: 1 }) });

/** 老宝贝一碗汤 and 共享厨房: kitchens, orders, rounds, the door, and the 10-minute figures. */
export function mealRoutes(db: Kysely<LoopTables>, care: CareService, jobs: JobQueue, tree: TreeService) {
  const service = new CareMeals(db, care, jobs, tree);
  return async (app: FastifyInstance) => {
    app.post('/api/care/kitchens', {
      schema: { tags, summary: 'Add a kitchen (共享厨房, a soup kitchen) to a community or grid', body: Type.Object({ unitCode: Type.String({ maxLength: 20 }), name: Type.String({ minLength: 1, maxLength: 60 }), lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })), lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })) }) },
    }, async (request, reply) => reply.status(201).send({ id: await service.addKitchen(requirePrincipal(request), request.body as { unitCode: string; name: string }) }));
    app.get('/api/care/kitchens', { schema: { tags, summary: 'Kitchens serving the caller’s communities' } }, async (request) => ({ items: await service.kitchens(requirePrincipal(request)) }));

    app.post('/api/care/meal-orders', {
      schema: { tags, summary: 'Order a meal for a person (dinner by the day before)', body: Type.Object({ profileId: Type.String({ format: 'uuid' }), kitchenId: Type.String({ format: 'uuid' }), serviceDate: Day, meal: MealT }) },
    }, async (request, reply) => reply.status(201).send({ id: await service.order(requirePrincipal(request), request.body as { profileId: string; kitchenId: string; serviceDate: string; meal: Meal }) }));
    app.get('/api/care/meal-orders', {
      schema: { tags, summary: 'A kitchen’s orders of a day', querystring: Type.Object({ kitchenId: Type.String({ format: 'uuid' }), serviceDate: Day, meal: Type.Optional(MealT) }) },
    }, async (request) => ({ items: await service.orders(requirePrincipal(request), request.query as { kitchenId: string; serviceDate: string; meal?: Meal }) }));

    app.post('/api/care/meal-rounds', {
      schema: { tags, summary: 'A round: a kitchen, a volunteer and the orders they carry', body: Type.Object({ kitchenId: Type.String({ format: 'uuid' }), volunteerAccountId: Type.String({ format: 'uuid' }), serviceDate: Day, meal: MealT, orderIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 100 }) }) },
    }, async (request, reply) => reply.status(201).send({ id: await service.createRound(requirePrincipal(request), request.body as { kitchenId: string; volunteerAccountId: string; serviceDate: string; meal: Meal; orderIds: number[] }) }));
    app.post('/api/care/meal-rounds/:id/dispatch', { schema: { tags, summary: 'The meals leave the kitchen: the 10-minute clock starts', params: IdParam } }, async (request) =>
      ({ dispatchedAt: await service.dispatch(requirePrincipal(request), (request.params as { id: number }).id) }));
    app.get('/api/care/meal-rounds/mine', { schema: { tags, summary: 'The caller’s rounds of a day with the doors', querystring: Type.Object({ serviceDate: Type.Optional(Day) }) } }, async (request) =>
      ({ items: await service.myRounds(requirePrincipal(request), (request.query as { serviceDate?: string }).serviceDate ?? chinaDate(new Date())) }));
    app.post('/api/care/meal-orders/:id/handoff', {
      schema: {
        tags, summary: 'At the door: handed over, or nobody answered (raises a welfare-check alarm)', params: IdParam,
        body: Type.Object({ outcome: Type.Union([Type.Literal('handedOver'), Type.Literal('noAnswer')]), lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })), lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })), note: Type.Optional(Type.String({ maxLength: 500 })) }),
      },
    }, async (request) => service.handoff(requirePrincipal(request), (request.params as { id: number }).id, request.body as { outcome: 'handedOver' | 'noAnswer' }));

    app.get('/api/care/meals/figures', {
      schema: { tags, summary: 'Share of doors reached within 10 minutes of dispatch, per kitchen, community and month', querystring: Type.Object({ month: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}$' })) }) },
    }, async (request) => ({ items: await mealFigures(db, careScopes(requirePrincipal(request), 'figures'), (request.query as { month?: string }).month) }));
  };
}
