import { request, withQuery } from '../api.ts';
import { t } from '../i18n.ts';
import type { Building, HouseholdList, ResidentPage, Unit, UnitDetail } from '../types.ts';

/** One node of the lazy tree: a unit, a building, a household or a resident. */
export interface TreeNode {
  key: string;
  code: string;
  kind: string;
  label: string;
  count: string;
  leaf: boolean;
}

export const residentsPerHousehold = 50;

export function unitNode(u: Unit): TreeNode {
  return {
    key: u.code,
    code: u.code,
    kind: u.kind,
    label: u.name,
    count: u.childCount !== undefined && u.kind !== 'microGrid' ? t('tree.children', { n: u.childCount }) : '',
    leaf: false,
  };
}

export async function rootNodes(): Promise<TreeNode[]> {
  const { items } = await request<{ items: Unit[] }>('/api/tree/roots');
  return items.map(unitNode);
}

/** The children of a node, one API call each: units, then a micro-grid's buildings, households and residents. */
export async function childNodes(node: TreeNode): Promise<TreeNode[]> {
  if (node.kind === 'microGrid') {
    const { items } = await request<{ items: Building[] }>(`/api/units/${encodeURIComponent(node.code)}/buildings`);
    return items.map((b) => ({
      key: b.code, code: b.code, kind: 'building', label: buildingLabel(b.estate, b.name),
      count: t('tree.households', { n: b.households }), leaf: b.households === 0,
    }));
  }
  if (node.kind === 'building') {
    const { items } = await request<HouseholdList>(`/api/buildings/${encodeURIComponent(node.code)}/households`);
    return items.map((h) => ({
      key: h.code, code: h.code, kind: 'household', label: [h.stairwell, h.room].filter(Boolean).join(' ') || h.code,
      count: t('tree.residents', { n: h.residents }), leaf: h.residents === 0,
    }));
  }
  if (node.kind === 'household') {
    const page = await request<ResidentPage>(withQuery('/api/residents', { under: node.code, limit: residentsPerHousehold }));
    return page.items.map((r) => ({
      key: `${node.code}/${r.id}`, code: r.id, kind: 'resident', label: r.name,
      count: [r.age === null ? '' : String(r.age), t(`roster.householdRoles.${r.householdRole}`)].filter(Boolean).join(' · '),
      leaf: true,
    }));
  }
  if (node.kind === 'resident') return [];
  const unit = await request<UnitDetail>(`/api/tree/units/${encodeURIComponent(node.code)}`);
  return unit.children.map(unitNode);
}

export function buildingLabel(estate: string, name: string): string {
  return name.startsWith(estate) ? name : `${estate} ${name}`;
}
