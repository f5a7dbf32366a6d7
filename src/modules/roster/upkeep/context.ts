import type { Transaction } from 'kysely';
import type { AnyDB } from '../../../core/db/database.ts';
import { isUniqueViolation } from '../../../core/db/errors.ts';
import { Problem, type FieldError } from '../../../core/http/problem.ts';
import type { Secrets } from '../../../core/secrets.ts';
import { can, type AuditEntry, type AuditWriter, type Principal } from '../../access/index.ts';
import type { RosterService } from '../service.ts';
import type { ChangedFields, RosterTables } from '../tables.ts';
import { householdAddress } from '../address.ts';
import type { ResidentPlace } from './events.ts';
import type { LockedHousehold, UpkeepRepository } from './repository.ts';

/** Who asks, and from where: every change is audited and kept in the history under their name. */
export interface Actor {
  principal: Principal;
  ip?: string;
}

/** What the upkeep services share: the SQL, the roster (presenting, events), the keys and the audit log. */
export interface UpkeepDeps {
  repo: UpkeepRepository;
  roster: RosterService;
  secrets: Secrets;
  audit: AuditWriter;
}

export type Trx = Transaction<RosterTables>;

/** `roster.edit` at the path, or 403: the capability missing, or the place outside the caller's part of the tree. */
export function mayEdit(principal: Principal, path: string): void {
  if (!can(principal, 'roster.edit')) throw new Problem(403, 'common.problem.forbidden');
  if (!can(principal, 'roster.edit', path)) throw new Problem(403, 'common.problem.outsideScope');
}

export function invalid(errors: FieldError[]): void {
  if (errors.length > 0) throw new Problem(400, 'common.problem.validation', {}, { errors });
}

/**
 * The change and its two records (history and audit log) in one transaction; the one-head index and the
 * ID number's unique index, hit by a concurrent writer, become the 409s the checks would have given.
 */
export async function inTransaction<T>(deps: UpkeepDeps, work: (trx: Trx) => Promise<T>): Promise<T> {
  try {
    return await deps.repo.db.transaction().execute(work);
  } catch (error) {
    if (isUniqueViolation(error, 'residents')) {
      const constraint = (error as { constraint?: unknown }).constraint;
      throw new Problem(409, constraint === 'residents_one_head' ? 'roster.upkeep.headTakenMeanwhile' : 'roster.upkeep.alreadyOnRoster');
    }
    if (isUniqueViolation(error, 'households')) throw new Problem(409, 'roster.upkeep.householdExists');
    throw error;
  }
}

/** Writes the history line and the audit line of a change. */
export async function record(
  deps: UpkeepDeps, trx: Trx, actor: Actor,
  change: { subjectType: 'resident' | 'household'; subjectId: string; path: string; kind: string; fields: ChangedFields; note?: string | null },
  audit: Omit<AuditEntry, 'ip'>,
): Promise<void> {
  await deps.repo.recordChange(trx, { ...change, accountId: actor.principal.accountId, username: actor.principal.username });
  await deps.audit(actor.principal, { ...audit, ...(actor.ip ? { ip: actor.ip } : {}) }, trx as never);
}

/** A transaction as the listeners of other modules take it (they type it with their own tables). */
export const forListeners = (trx: Trx) => trx as unknown as Transaction<AnyDB>;

export function placeOf(residentId: string, name: string, h: Pick<LockedHousehold, 'path' | 'code' | 'building_code' | 'building_name' | 'estate' | 'stairwell' | 'room' | 'lng' | 'lat'>): ResidentPlace {
  const address = householdAddress({ estate: h.estate, building: h.building_name, stairwell: h.stairwell, room: h.room });
  const home = h.lng != null && h.lat != null ? { lng: h.lng, lat: h.lat } : null;
  return { residentId, name, path: h.path, householdCode: h.code, buildingCode: h.building_code, address, home };
}
