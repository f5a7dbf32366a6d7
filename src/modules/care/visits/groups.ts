import { sql, type Kysely } from 'kysely';
import { Problem } from '../../../core/http/problem.ts';
import type { Principal } from '../../access/index.ts';
import type { TreeService } from '../../tree/index.ts';
import { careScopes, communityPathOf } from '../scopes.ts';
import { mayAt, needAt, underScopes } from './access.ts';
import type { LoopTables } from './tables.ts';

export interface GroupInput {
  unitCode: string;
  name: string;
  leadAccountId: string;
  memberAccountIds: string[];
  profileIds: string[];
}

/** 互助小组: members (residents' and volunteers' accounts) with a lead, and the elderly they cover. */
export class CareGroups {
  constructor(private readonly db: Kysely<LoopTables>, private readonly tree: TreeService) {}

  private async unitPath(code: string): Promise<string> {
    const unit = await this.tree.repo.byCode(code);
    if (!unit || (unit.kind !== 'community' && unit.kind !== 'grid' && unit.kind !== 'microGrid')) throw new Problem(404, 'tree.unitNotFound', { code });
    return unit.path;
  }

  /** The covered elderly must live in the group's unit: a group does not reach into another grid. */
  private async checkProfiles(path: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const rows = await this.db.selectFrom('care_profiles').select(['id', 'path', 'closed_at']).where('id', 'in', [...ids]).execute();
    if (rows.length !== new Set(ids).size || rows.some((r) => !r.path.startsWith(path))) throw new Problem(422, 'care.groupProfileOutside');
    if (rows.some((r) => r.closed_at)) throw new Problem(422, 'care.profileClosed');
  }

  async create(principal: Principal, input: GroupInput): Promise<string> {
    const path = await this.unitPath(input.unitCode);
    needAt(principal, 'groups', path);
    await this.checkProfiles(path, input.profileIds);
    return this.db.transaction().execute(async (trx) => {
      const row = await trx.insertInto('care_groups').values({ path, community_path: communityPathOf(path) ?? path, name: input.name, lead_account_id: input.leadAccountId, created_by: principal.accountId })
        .returning('id').executeTakeFirstOrThrow();
      await this.replaceParts(trx, row.id, input);
      return row.id;
    });
  }

  async update(principal: Principal, id: string, input: Omit<GroupInput, 'unitCode'>): Promise<void> {
    const group = await this.mustManage(principal, id);
    await this.checkProfiles(group.path, input.profileIds);
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('care_groups').set({ name: input.name, lead_account_id: input.leadAccountId, updated_at: sql<Date>`now()` }).where('id', '=', id).execute();
      await trx.deleteFrom('care_group_members').where('group_id', '=', id).execute();
      await trx.deleteFrom('care_group_profiles').where('group_id', '=', id).execute();
      await this.replaceParts(trx, id, input);
    });
  }

  async remove(principal: Principal, id: string): Promise<void> {
    await this.mustManage(principal, id);
    await this.db.deleteFrom('care_groups').where('id', '=', id).execute();
  }

  private async replaceParts(trx: Kysely<LoopTables>, id: string, input: Omit<GroupInput, 'unitCode'>): Promise<void> {
    // The lead is a member by definition.
    const members = [...new Set([input.leadAccountId, ...input.memberAccountIds])];
    await trx.insertInto('care_group_members').values(members.map((account_id) => ({ group_id: id, account_id }))).execute();
    const profiles = [...new Set(input.profileIds)];
    if (profiles.length) await trx.insertInto('care_group_profiles').values(profiles.map((profile_id) => ({ group_id: id, profile_id }))).execute();
  }

  private async mustManage(principal: Principal, id: string) {
    const group = await this.db.selectFrom('care_groups').select(['id', 'path']).where('id', '=', id).executeTakeFirst();
    if (!group) throw new Problem(404, 'care.groupNotFound');
    needAt(principal, 'groups', group.path);
    return group;
  }

  /** Groups under the caller's scopes, and the groups the caller belongs to. */
  async list(principal: Principal) {
    const scopes = [...new Set([...careScopes(principal, 'groups'), ...careScopes(principal, 'visit')])];
    const groups = await this.db.selectFrom('care_groups as g')
      .select(['g.id', 'g.name', 'g.path', 'g.community_path as communityPath', 'g.lead_account_id as leadAccountId', 'g.updated_at as updatedAt'])
      .where((eb) => eb.or([
        ...(scopes.length ? [eb(underScopes('g.path', scopes), '=', true)] : []),
        eb.exists(eb.selectFrom('care_group_members as m').select('m.account_id').whereRef('m.group_id', '=', 'g.id').where('m.account_id', '=', principal.accountId)),
      ]))
      .orderBy('g.path').orderBy('g.name').limit(500).execute();
    return this.withParts(groups);
  }

  async get(principal: Principal, id: string) {
    const group = await this.db.selectFrom('care_groups as g')
      .select(['g.id', 'g.name', 'g.path', 'g.community_path as communityPath', 'g.lead_account_id as leadAccountId', 'g.updated_at as updatedAt'])
      .where('g.id', '=', id).executeTakeFirst();
    if (!group) throw new Problem(404, 'care.groupNotFound');
    const [full] = await this.withParts([group]);
    if (!mayAt(principal, 'groups', group.path) && !mayAt(principal, 'visit', group.path) && !full!.memberAccountIds.includes(principal.accountId)) throw new Problem(404, 'care.groupNotFound');
    return full!;
  }

  private async withParts<T extends { id: string }>(groups: T[]) {
    if (groups.length === 0) return [];
    const ids = groups.map((g) => g.id);
    const members = await this.db.selectFrom('care_group_members').select(['group_id', 'account_id']).where('group_id', 'in', ids).execute();
    const profiles = await this.db.selectFrom('care_group_profiles as gp').innerJoin('care_profiles as p', 'p.id', 'gp.profile_id')
      .select(['gp.group_id', 'p.id', 'p.name', 'p.risk_tier as riskTier']).where('gp.group_id', 'in', ids).execute();
    return groups.map((g) => ({
      ...g,
      memberAccountIds: members.filter((m) => m.group_id === g.id).map((m) => m.account_id),
      profiles: profiles.filter((p) => p.group_id === g.id).map(({ group_id: _g, ...p }) => p),
    }));
  }
}

