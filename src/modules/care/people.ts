import { sql, type Kysely } from 'kysely';
import { Problem } from '../../core/http/problem.ts';
import type { Secrets } from '../../core/secrets.ts';
import type { Principal } from '../access/index.ts';
import { householdAddress, type RosterService } from '../roster/index.ts';
import { canCare, careRoles, communityPathOf } from './scopes.ts';
import type { CareTables } from './tables.ts';

export interface Contact { name: string; relation: string; phone: string }
export interface NewProfile {
  householdCode: string;
  residentId: string;
  riskTier: 'high' | 'key' | 'other';
  contacts: Contact[];
  healthNotes?: string;
  keySafeCode?: string;
  pairedAccountIds: string[];
}

/** Care profiles (with their sensitive parts encrypted) and responders' duty and position. */
export class CarePeople {
  constructor(readonly db: Kysely<CareTables>, private readonly secrets: Secrets, private readonly roster: RosterService) {}

  async upsertProfile(principal: Principal, p: NewProfile): Promise<string> {
    const household = await this.roster.repo.householdByCode(p.householdCode);
    if (!household) throw new Problem(404, 'care.householdNotFound');
    if (!canCare(principal, 'manage', household.path) || !careRoles.manage.some((r) => principal.bindings.some((b) => b.role === r && household.path.startsWith(b.scopePath)))) {
      throw new Problem(403, 'common.problem.outsideScope');
    }
    const members = await this.roster.repo.residents({ scopes: [household.path], limit: 50, offset: 0 });
    const resident = members.rows.find((r) => r.id === p.residentId);
    if (!resident) throw new Problem(404, 'care.residentNotFound');
    const building = await this.roster.repo.buildingByCode(resident.building_code);
    const values = {
      resident_id: resident.id, path: resident.path, community_path: communityPathOf(resident.path) ?? resident.path, name: resident.name, risk_tier: p.riskTier,
      home_lng: building?.lng ?? null, home_lat: building?.lat ?? null, address: householdAddress({ estate: resident.estate, building: resident.building_name, stairwell: resident.stairwell, room: resident.room }),
      contacts_enc: this.secrets.encrypt(JSON.stringify(p.contacts)),
      health_notes_enc: p.healthNotes ? this.secrets.encrypt(p.healthNotes) : null,
      key_safe_enc: p.keySafeCode ? this.secrets.encrypt(p.keySafeCode) : null,
    };
    return this.db.transaction().execute(async (trx) => {
      // A closed profile (the person left the roster and is back) opens again; its schedule starts over.
      const reopen = {
        closed_at: null, closed_reason: null, closed_on: null,
        reopened_at: sql<Date | null>`CASE WHEN care_profiles.closed_at IS NULL THEN care_profiles.reopened_at ELSE now() END`,
      };
      const row = await trx.insertInto('care_profiles').values(values)
        .onConflict((oc) => oc.column('resident_id').doUpdateSet({ ...values, ...reopen, updated_at: sql<Date>`now()` })).returning('id').executeTakeFirstOrThrow();
      await trx.deleteFrom('care_pairings').where('profile_id', '=', row.id).execute();
      if (p.pairedAccountIds.length) await trx.insertInto('care_pairings').values(p.pairedAccountIds.map((a) => ({ profile_id: row.id, account_id: a }))).execute();
      return row.id;
    });
  }

  /** A profile as the caller may see it: health notes and contacts only for the roles that need them; a closed one too, saying so. */
  async profile(principal: Principal, id: string) {
    const row = await this.db.selectFrom('care_profiles').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || !(canCare(principal, 'manage', row.path) || canCare(principal, 'health', row.path))) throw new Problem(404, 'care.profileNotFound');
    const health = careRoles.health.some((r) => principal.bindings.some((b) => b.role === r && row.path.startsWith(b.scopePath)));
    const settings = await sql<{ visit_days: Record<string, number> }>`SELECT visit_days FROM care_settings WHERE community_path IN (${row.community_path}, '') ORDER BY length(community_path) DESC LIMIT 1`.execute(this.db);
    const pairs = await this.db.selectFrom('care_pairings').select('account_id').where('profile_id', '=', id).execute();
    return {
      id: row.id, residentId: row.resident_id, name: row.name, riskTier: row.risk_tier, address: row.address, home: row.home_lng != null ? { lng: row.home_lng, lat: row.home_lat } : null,
      closed: row.closed_at ? { at: row.closed_at, reason: row.closed_reason, on: row.closed_on } : null,
      visitEveryDays: settings.rows[0]?.visit_days[row.risk_tier] ?? null,
      pairedAccountIds: pairs.map((p) => p.account_id),
      hasKeySafe: row.key_safe_enc !== null,
      contacts: health && row.contacts_enc ? (JSON.parse(this.secrets.decrypt(row.contacts_enc)) as Contact[]) : null,
      healthNotes: health && row.health_notes_enc ? this.secrets.decrypt(row.health_notes_enc) : null,
    };
  }

  /** On or off duty; the first binding with a responder role places the responder in the tree. */
  async setDuty(principal: Principal, onDuty: boolean, opts: { skills?: string[]; home?: { lng: number; lat: number } }): Promise<void> {
    const binding = principal.bindings.find((b) => (careRoles.respond as readonly string[]).includes(b.role));
    if (!binding) throw new Problem(403, 'care.notAResponder');
    const values = {
      account_id: principal.accountId, role: binding.role, scope_path: binding.scopePath, on_duty: onDuty,
      ...(opts.skills ? { skills: opts.skills } : {}), ...(opts.home ? { home_lng: opts.home.lng, home_lat: opts.home.lat } : {}),
    };
    await this.db.insertInto('care_responders').values(values)
      .onConflict((oc) => oc.column('account_id').doUpdateSet({ ...values, updated_at: sql<Date>`now()` })).execute();
  }

  /** The caller's responder record, or the default (off duty) when they never went on duty. */
  async responder(principal: Principal) {
    const row = await this.db.selectFrom('care_responders')
      .select(['on_duty', 'lng', 'lat', 'position_at', 'home_lng', 'home_lat', 'skills'])
      .where('account_id', '=', principal.accountId).executeTakeFirst();
    return {
      onDuty: row?.on_duty ?? false,
      position: row && row.lng !== null && row.lat !== null ? { lng: row.lng, lat: row.lat, at: row.position_at } : null,
      home: row && row.home_lng !== null && row.home_lat !== null ? { lng: row.home_lng, lat: row.home_lat } : null,
      skills: row?.skills ?? [],
    };
  }

  async setPosition(principal: Principal, lng: number, lat: number): Promise<void> {
    const r = await this.db.updateTable('care_responders').set({ lng, lat, position_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
      .where('account_id', '=', principal.accountId).returning('account_id').executeTakeFirst();
    if (!r) throw new Problem(409, 'care.notOnDutyYet');
  }
}
