import { reactive } from 'vue';
import { request } from '../../api.ts';
import { t } from '../../i18n.ts';

/** Unit names by code, looked up once from the tree; a unit the caller may not read keeps its code. */
const names = reactive(new Map<string, string | null>());

function lookUp(code: string): void {
  names.set(code, null);
  request<{ name: string }>(`/api/tree/units/${encodeURIComponent(code)}`)
    .then((u) => names.set(code, u.name))
    .catch(() => undefined);
}

/** "网格 西山社区第1网格" once the name is known, "网格 330481001001G01" until then (or for good). */
export function unitName(unit: { kind: string; code: string } | null): string {
  if (!unit) return t('cases.detail.system');
  if (!names.has(unit.code)) lookUp(unit.code);
  return `${t(`cases.unitKind.${unit.kind}`)} ${names.get(unit.code) ?? unit.code}`;
}
