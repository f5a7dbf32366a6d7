import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireCapability } from '../../access/index.ts';
import type { Actor } from './context.ts';
import type { HouseholdUpkeep, HouseholdEdit } from './households.ts';
import type { NewPerson, PersonEdit, ResidentUpkeep } from './residents.ts';
import type { RosterService } from '../service.ts';
import type { DepartureReason } from './events.ts';
import type { HouseholdRole } from '../import/index.ts';
import { CodeParams, DepartureBody, HouseholdEditBody, IdParams, MoveBody, NewHouseholdBody, NewResidentBody, ResidentEditBody, UnmaskQuery } from './schemas.ts';

const tags = ['roster'];
const editor = (request: FastifyRequest): Actor => ({ principal: requireCapability(request, 'roster.edit'), ip: request.ip });
const reader = (request: FastifyRequest): Actor => ({ principal: requireCapability(request, 'roster.read'), ip: request.ip });

/** Keeping the roster one change at a time (decision 0148, docs/roster.md). */
export function upkeepRoutes(residents: ResidentUpkeep, households: HouseholdUpkeep, roster: RosterService) {
  const shown = (row: Parameters<RosterService['present']>[0]) => roster.present(row, false);
  return async (app: FastifyInstance) => {
    app.get('/api/residents/:id', {
      schema: { tags, summary: 'One resident with their history (masked unless unmask; unmasking audited)', params: IdParams, querystring: UnmaskQuery },
    }, async (request) => {
      const { id } = request.params as { id: string };
      return residents.detail(reader(request), id, (request.query as { unmask: boolean }).unmask);
    });

    app.patch('/api/residents/:id', {
      schema: { tags, summary: 'Correct a resident: name, ID number, phone, relation to the head, residency, tags', params: IdParams, body: ResidentEditBody },
    }, async (request) => shown(await residents.edit(editor(request), (request.params as { id: string }).id, request.body as PersonEdit)));

    app.post('/api/residents/:id/departure', {
      schema: { tags, summary: 'Record that a resident moved away (迁出) or died (死亡注销); nobody is deleted', params: IdParams, body: DepartureBody },
    }, async (request) => {
      const result = await residents.depart(editor(request), (request.params as { id: string }).id, request.body as { reason: DepartureReason; on: string; note?: string });
      return { resident: shown(result.resident), householdHeadless: result.householdHeadless };
    });

    app.post('/api/residents/:id/move', {
      schema: { tags, summary: 'Move a resident to another household on the roster', params: IdParams, body: MoveBody },
    }, async (request) => shown(await residents.move(editor(request), (request.params as { id: string }).id, request.body as { householdCode: string; householdRole: HouseholdRole })));

    app.get('/api/households/:code', {
      schema: { tags, summary: 'A household: its members (masked), those who left, its head and history', params: CodeParams },
    }, async (request) => households.detail(reader(request), (request.params as { code: string }).code));

    app.post('/api/households/:code/residents', {
      schema: { tags, summary: 'Add a person to a household (a newborn, someone moving in); a departed resident’s ID number brings them back', params: CodeParams, body: NewResidentBody },
    }, async (request, reply) => {
      const result = await residents.add(editor(request), (request.params as { code: string }).code, request.body as NewPerson);
      return reply.status(result.returned ? 200 : 201).send({ resident: shown(result.resident), returned: result.returned });
    });

    app.patch('/api/households/:code', {
      schema: { tags, summary: 'Correct a household’s floor area, or hand its headship over', params: CodeParams, body: HouseholdEditBody },
    }, async (request) => households.edit(editor(request), (request.params as { code: string }).code, request.body as HouseholdEdit));

    app.post('/api/buildings/:code/households', {
      schema: { tags, summary: 'Add a household (a flat or a house) not on the roster yet', params: CodeParams, body: NewHouseholdBody },
    }, async (request, reply) => {
      const body = request.body as { stairwell: string; room: string; floorAreaCenti?: number | null };
      const h = await households.add(editor(request), (request.params as { code: string }).code, { ...body, floorAreaCenti: body.floorAreaCenti ?? null });
      return reply.status(201).send({ code: h.code, path: h.path });
    });
  };
}
