import { chinaDate } from '../../../core/china-date.ts';
import { Problem } from '../../../core/http/problem.ts';
import { can } from '../../access/index.ts';
import type { HouseholdRole, Residency } from '../import/index.ts';
import { idNumberHash, sealIdNumber, sealIdentity, sealPhone } from '../personal-data.ts';
import type { ResidentRow } from '../repository.ts';
import type { ChangedFields, RosterTables } from '../tables.ts';
import type { Updateable } from 'kysely';
import { forListeners, inTransaction, invalid, mayEdit, placeOf, record, type Actor, type Trx, type UpkeepDeps } from './context.ts';
import type { DepartureReason } from './events.ts';
import type { LockedHousehold } from './repository.ts';
import { changedFields, checkPerson, departureDateProblem, type PersonInput, type ResidentView } from './rules.ts';

export interface NewPerson extends PersonInput {
  name: string;
  idNumber: string;
  householdRole: HouseholdRole;
  residency: Residency;
}

export interface PersonEdit extends PersonInput {
  householdRole?: HouseholdRole;
  residency?: Residency;
}

const viewOf = (r: Pick<ResidentRow, 'name' | 'id_number_masked' | 'phone_masked' | 'household_role' | 'residency' | 'tags'>): ResidentView => ({
  name: r.name, idNumber: r.id_number_masked, phone: r.phone_masked, householdRole: r.household_role, residency: r.residency, tags: r.tags,
});

/** Adding, correcting, moving and recording the departure of one resident (decision 0148). */
export class ResidentUpkeep {
  constructor(private readonly deps: UpkeepDeps) {}

  private async knownTags(): Promise<Set<string>> {
    return new Set((await this.deps.roster.repo.tags()).map((t) => t.code));
  }

  /** The household, locked, and the caller's right to change it. */
  private async household(trx: Trx, actor: Actor, code: string): Promise<LockedHousehold> {
    const household = await this.deps.repo.lockHousehold(trx, code);
    if (!household) throw new Problem(404, 'roster.upkeep.householdNotFound', { code });
    mayEdit(actor.principal, household.path);
    return household;
  }

  private async headFree(trx: Trx, householdId: string, except?: string): Promise<void> {
    const head = await this.deps.repo.activeHead(trx, householdId);
    if (head && head.id !== except) throw new Problem(409, 'roster.upkeep.headTaken', { name: head.name });
  }

  /** The resident, locked after their household (always in that order, so two edits never wait on each other crosswise). */
  private async resident(trx: Trx, actor: Actor, id: string): Promise<{ row: ResidentRow; household: LockedHousehold }> {
    const seen = await this.deps.repo.resident(trx, id);
    if (!seen) throw new Problem(404, 'roster.upkeep.residentNotFound');
    mayEdit(actor.principal, seen.path);
    const household = await this.household(trx, actor, seen.household_code);
    const row = await this.deps.repo.resident(trx, id, true);
    // Moved by someone else between the two reads: the lock now held is on the wrong household.
    if (!row || row.household_id !== household.id) throw new Problem(409, 'roster.upkeep.changedMeanwhile');
    if (row.status !== 'active') throw new Problem(409, 'roster.upkeep.notActive', { status: row.status });
    return { row, household };
  }

  private async reread(trx: Trx, id: string): Promise<ResidentRow> {
    return (await this.deps.repo.resident(trx, id))!;
  }

  /** A newborn or someone moving in; an ID number of a resident who left brings that person back here. */
  async add(actor: Actor, householdCode: string, input: NewPerson): Promise<{ resident: ResidentRow; returned: boolean }> {
    const { person, errors } = checkPerson({ ...input, tags: input.tags ?? [] }, await this.knownTags());
    invalid(errors);
    const id = person.id!;
    const values = {
      name: person.name!, birth_date: id.birthDate, gender: id.gender, household_role: input.householdRole, residency: input.residency, tags: person.tags ?? [],
    };
    return inTransaction(this.deps, async (trx) => {
      const household = await this.household(trx, actor, householdCode);
      if (input.householdRole === 'head') await this.headFree(trx, household.id);
      const known = await this.deps.repo.byIdHash(trx, idNumberHash(this.deps.secrets, id.normalized));
      // Where they are is told only to whoever may read that place.
      if (known?.status === 'active') throw new Problem(409, 'roster.upkeep.alreadyOnRoster', {}, can(actor.principal, 'roster.read', known.path) ? { residentId: known.id } : {});
      const sealed = sealIdentity(this.deps.secrets, id.normalized, person.phone ?? null);
      const target = { household_id: household.id, path: household.path, ...values, ...sealed };
      let residentId: string;
      let fields: ChangedFields;
      if (known) {
        const before = (await this.deps.repo.resident(trx, known.id))!;
        residentId = known.id;
        await this.deps.repo.updateResident(trx, known.id, { ...target, status: 'active', departed_on: null, departure_note: null });
        fields = {
          ...changedFields(viewOf(before), viewOf({ ...values, ...sealed })),
          status: { from: before.status, to: 'active' },
          household: { from: before.household_code, to: household.code },
        };
      } else {
        residentId = await this.deps.repo.insertResident(trx, target);
        fields = { household: { from: null, to: household.code } };
      }
      await record(this.deps, trx, actor,
        { subjectType: 'resident', subjectId: residentId, path: household.path, kind: known ? 'returned' : 'added', fields },
        { action: 'roster.resident.add', subjectType: 'resident', subjectId: residentId, scopePath: household.path, detail: { household: household.code, returned: Boolean(known) } });
      return { resident: await this.reread(trx, residentId), returned: Boolean(known) };
    });
  }

  /** Corrects a resident's own fields; the relation to the head may become `head` only while there is none. */
  async edit(actor: Actor, residentId: string, input: PersonEdit): Promise<ResidentRow> {
    const { person, errors } = checkPerson(input, await this.knownTags());
    invalid(errors);
    return inTransaction(this.deps, async (trx) => {
      const { row, household } = await this.resident(trx, actor, residentId);
      if (input.householdRole === 'head' && row.household_role !== 'head') await this.headFree(trx, household.id, row.id);
      const set: Updateable<RosterTables['residents']> = {};
      if (person.name !== undefined) set.name = person.name;
      if (input.householdRole !== undefined) set.household_role = input.householdRole;
      if (input.residency !== undefined) set.residency = input.residency;
      if (person.tags !== undefined) set.tags = person.tags;
      if (person.id) {
        const hash = idNumberHash(this.deps.secrets, person.id.normalized);
        const holder = await this.deps.repo.byIdHash(trx, hash);
        if (holder && holder.id !== row.id) throw new Problem(409, 'roster.upkeep.alreadyOnRoster');
        if (!holder) Object.assign(set, sealIdNumber(this.deps.secrets, person.id.normalized), { birth_date: person.id.birthDate, gender: person.id.gender });
      }
      if (person.phone !== undefined) Object.assign(set, sealPhone(this.deps.secrets, person.phone));
      // `set` holds plain values (no SQL expressions): the row as it will be.
      const after = viewOf({ ...row, ...set } as ResidentRow);
      const fields = changedFields(viewOf(row), after);
      // A phone typed again the same way reseals to the same masked form: nothing changed, nothing written.
      if (Object.keys(fields).length === 0) return row;
      await this.deps.repo.updateResident(trx, row.id, set);
      await record(this.deps, trx, actor,
        { subjectType: 'resident', subjectId: row.id, path: row.path, kind: 'edited', fields },
        { action: 'roster.resident.edit', subjectType: 'resident', subjectId: row.id, scopePath: row.path, detail: { fields: Object.keys(fields) } });
      if (fields.name) await this.deps.roster.events.emit({ kind: 'renamed', formerName: row.name, ...placeOf(row.id, after.name, household) }, forListeners(trx));
      return this.reread(trx, row.id);
    });
  }

  /** 迁出 or 死亡注销: the resident leaves every active list; nothing is deleted. */
  async depart(actor: Actor, residentId: string, input: { reason: DepartureReason; on: string; note?: string }): Promise<{ resident: ResidentRow; householdHeadless: boolean }> {
    return inTransaction(this.deps, async (trx) => {
      const { row, household } = await this.resident(trx, actor, residentId);
      const problem = departureDateProblem(input.on, row.birth_date, chinaDate());
      if (problem) invalid([{ pointer: '/body/on', code: problem, params: { birthDate: row.birth_date } }]);
      const note = input.note?.trim() || null;
      await this.deps.repo.updateResident(trx, row.id, { status: input.reason, departed_on: input.on, departure_note: note });
      await record(this.deps, trx, actor,
        { subjectType: 'resident', subjectId: row.id, path: row.path, kind: 'departed', fields: { status: { from: 'active', to: input.reason }, departedOn: { from: null, to: input.on } }, note },
        { action: 'roster.resident.depart', subjectType: 'resident', subjectId: row.id, scopePath: row.path, detail: { reason: input.reason, on: input.on } });
      await this.deps.roster.events.emit({ kind: 'departed', reason: input.reason, on: input.on, ...placeOf(row.id, row.name, household) }, forListeners(trx));
      return { resident: await this.reread(trx, row.id), householdHeadless: row.household_role === 'head' };
    });
  }

  /** To another household on the roster (a child's own flat, a family's new home), with the relation there. */
  async move(actor: Actor, residentId: string, input: { householdCode: string; householdRole: HouseholdRole }): Promise<ResidentRow> {
    return inTransaction(this.deps, async (trx) => {
      const seen = await this.deps.repo.resident(trx, residentId);
      if (!seen) throw new Problem(404, 'roster.upkeep.residentNotFound');
      if (seen.household_code === input.householdCode) invalid([{ pointer: '/body/householdCode', code: 'roster.upkeep.sameHousehold' }]);
      // Both households locked in one order (by code), whatever the direction of the move.
      const [first, second] = [seen.household_code, input.householdCode].sort();
      const firstLocked = await this.household(trx, actor, first!);
      const secondLocked = await this.household(trx, actor, second!);
      const target = firstLocked.code === input.householdCode ? firstLocked : secondLocked;
      const { row, household: from } = await this.resident(trx, actor, residentId);
      if (input.householdRole === 'head') await this.headFree(trx, target.id);
      await this.deps.repo.updateResident(trx, row.id, { household_id: target.id, path: target.path, household_role: input.householdRole });
      const fields: ChangedFields = { household: { from: from.code, to: target.code } };
      if (row.household_role !== input.householdRole) fields.householdRole = { from: row.household_role, to: input.householdRole };
      await record(this.deps, trx, actor,
        { subjectType: 'resident', subjectId: row.id, path: target.path, kind: 'moved', fields },
        { action: 'roster.resident.move', subjectType: 'resident', subjectId: row.id, scopePath: target.path, detail: { from: from.code, to: target.code } });
      await this.deps.roster.events.emit({ kind: 'moved', fromPath: row.path, ...placeOf(row.id, row.name, target) }, forListeners(trx));
      return this.reread(trx, row.id);
    });
  }

  /** One resident as the caller may see them, with their history; unmasking is for the roles that may, audited. */
  async detail(actor: Actor, residentId: string, unmask: boolean) {
    const row = await this.deps.repo.resident(this.deps.repo.db, residentId);
    if (!row) throw new Problem(404, 'roster.upkeep.residentNotFound');
    if (!can(actor.principal, 'roster.read', row.path)) throw new Problem(403, 'common.problem.outsideScope');
    if (unmask) {
      if (!can(actor.principal, 'roster.unmask', row.path)) throw new Problem(403, 'roster.unmaskForbidden');
      await this.deps.audit(actor.principal, { action: 'roster.unmask', subjectType: 'resident', subjectId: row.id, scopePath: row.path, detail: { count: 1, residentIds: [row.id] }, ...(actor.ip ? { ip: actor.ip } : {}) });
    }
    return {
      ...this.deps.roster.present(row, unmask),
      departureNote: row.departure_note,
      changes: await this.deps.repo.changes(this.deps.repo.db, row.id),
      mayEdit: row.status === 'active' && can(actor.principal, 'roster.edit', row.path),
    };
  }
}
