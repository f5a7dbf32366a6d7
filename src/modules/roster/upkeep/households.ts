import { Problem } from '../../../core/http/problem.ts';
import { can } from '../../access/index.ts';
import type { HouseholdRole } from '../import/index.ts';
import { householdCode } from '../household-code.ts';
import type { ChangedFields } from '../tables.ts';
import { inTransaction, invalid, mayEdit, record, type Actor, type Trx, type UpkeepDeps } from './context.ts';
import { householdPlaceErrors } from './rules.ts';

export interface HouseholdEdit {
  /** 0.01 m²; null: not known. */
  floorAreaCenti?: number | null;
  /** Hand the headship to this active member; the former head (if any) takes `formerHeadRole`. */
  head?: { residentId: string; formerHeadRole?: Exclude<HouseholdRole, 'head'> };
}

const area = (v: string | number | null) => (v == null ? null : Number(v));

/** Households added one at a time, their area corrected, their head handed over (decision 0148). */
export class HouseholdUpkeep {
  constructor(private readonly deps: UpkeepDeps) {}

  /** A flat or a house not on the roster yet; its people are added after. */
  async add(actor: Actor, buildingCode: string, input: { stairwell: string; room: string; floorAreaCenti: number | null }) {
    const building = await this.deps.roster.repo.buildingByCode(buildingCode);
    if (!building) throw new Problem(404, 'roster.buildingNotFound', { code: buildingCode });
    mayEdit(actor.principal, building.path);
    const place = { stairwell: input.stairwell.trim(), room: input.room.trim() };
    invalid(householdPlaceErrors(place, await this.deps.repo.stairwells(this.deps.repo.db, building.id)));
    const code = householdCode(building.code, place.stairwell, place.room);
    return inTransaction(this.deps, async (trx) => {
      const row = await this.deps.repo.insertHousehold(trx, {
        code, building_id: building.id, stairwell: place.stairwell, room: place.room, path: `${building.path}${code}/`, floor_area_centi: input.floorAreaCenti,
      });
      await record(this.deps, trx, actor,
        { subjectType: 'household', subjectId: row.id, path: row.path, kind: 'added', fields: { floorAreaCenti: { from: null, to: input.floorAreaCenti } } },
        { action: 'roster.household.add', subjectType: 'household', subjectId: row.id, scopePath: row.path, detail: { code: row.code } });
      return row;
    });
  }

  async edit(actor: Actor, code: string, input: HouseholdEdit) {
    return inTransaction(this.deps, async (trx) => {
      const household = await this.deps.repo.lockHousehold(trx, code);
      if (!household) throw new Problem(404, 'roster.upkeep.householdNotFound', { code });
      mayEdit(actor.principal, household.path);
      const fields: ChangedFields = {};
      if (input.floorAreaCenti !== undefined && area(household.floor_area_centi) !== input.floorAreaCenti) {
        await this.deps.repo.setArea(trx, household.id, input.floorAreaCenti);
        fields.floorAreaCenti = { from: area(household.floor_area_centi), to: input.floorAreaCenti };
      }
      if (input.head) {
        const next = await this.deps.repo.resident(trx, input.head.residentId, true);
        if (!next || next.household_id !== household.id || next.status !== 'active') invalid([{ pointer: '/body/head/residentId', code: 'roster.upkeep.notAMember' }]);
        const former = await this.deps.repo.activeHead(trx, household.id);
        if (former?.id !== next!.id) {
          if (former && !input.head.formerHeadRole) invalid([{ pointer: '/body/head/formerHeadRole', code: 'roster.upkeep.formerHeadRoleRequired', params: { name: former.name } }]);
          // The former head steps down first: the one-head index holds at every statement.
          if (former) await this.changeRole(actor, trx, former.id, 'head', input.head.formerHeadRole!, household.path);
          await this.changeRole(actor, trx, next!.id, next!.household_role, 'head', household.path);
          fields.head = { from: former?.name ?? null, to: next!.name };
        }
      }
      if (Object.keys(fields).length > 0) {
        await record(this.deps, trx, actor,
          { subjectType: 'household', subjectId: household.id, path: household.path, kind: 'edited', fields },
          { action: 'roster.household.edit', subjectType: 'household', subjectId: household.id, scopePath: household.path, detail: { code, fields: Object.keys(fields) } });
      }
      const h = (await this.deps.repo.household(trx, code))!;
      return { code: h.code, path: h.path, stairwell: h.stairwell, room: h.room, floorAreaCenti: area(h.floor_area_centi) };
    });
  }

  private async changeRole(actor: Actor, trx: Trx, residentId: string, from: string, to: string, path: string) {
    await this.deps.repo.updateResident(trx, residentId, { household_role: to });
    await this.deps.repo.recordChange(trx, {
      subjectType: 'resident', subjectId: residentId, path, kind: 'edited', fields: { householdRole: { from, to } },
      accountId: actor.principal.accountId, username: actor.principal.username,
    });
  }

  /** A household as its page shows it: its members (those who left apart), head, and history. */
  async detail(actor: Actor, code: string) {
    const household = await this.deps.repo.household(this.deps.repo.db, code);
    if (!household) throw new Problem(404, 'roster.upkeep.householdNotFound', { code });
    if (!can(actor.principal, 'roster.read', household.path)) throw new Problem(403, 'common.problem.outsideScope');
    const members = await this.deps.repo.members(this.deps.repo.db, household.id);
    const present = (r: (typeof members)[number]) => this.deps.roster.present(r, false);
    return {
      code: household.code, path: household.path, stairwell: household.stairwell, room: household.room,
      floorAreaCenti: area(household.floor_area_centi),
      building: { code: household.building_code, name: household.building_name, estate: household.estate, lng: household.lng, lat: household.lat },
      head: members.find((m) => m.status === 'active' && m.household_role === 'head')?.id ?? null,
      members: members.filter((m) => m.status === 'active').map(present),
      departed: members.filter((m) => m.status !== 'active').map(present),
      changes: await this.deps.repo.changes(this.deps.repo.db, household.id),
      mayEdit: can(actor.principal, 'roster.edit', household.path),
    };
  }
}
