import type { ColumnType, Generated } from 'kysely';

export type UnitKind = 'province' | 'city' | 'county' | 'street' | 'community' | 'grid' | 'microGrid';
export const unitKinds: readonly UnitKind[] = ['province', 'city', 'county', 'street', 'community', 'grid', 'microGrid'];

export interface TreeTables {
  units: {
    id: Generated<string>;
    code: string;
    kind: UnitKind;
    name: string;
    parent_id: string | null;
    path: string;
    depth: number;
    polygon: ColumnType<unknown, string | null, string | null>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  team_members: {
    id: Generated<string>;
    unit_id: string;
    role: string;
    name: string;
    phone: string | null;
    building_code: string | null;
    resident_id: string | null;
    account_id: string | null;
  };
  tree_version: { id: number; version: number };
}
