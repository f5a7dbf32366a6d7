import { t, type Locale } from '../../core/i18n.ts';

/** GeoReport v2 attribute datatypes. */
export type Datatype = 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';

export interface AttributeSpec {
  code: string;
  datatype: Datatype;
  required: boolean;
  /** Keys of a value list; their names are locale keys `open311.value.<attribute>.<key>`. */
  values?: string[];
}

/**
 * The extra questions a category asks (a service definition). Kept here as code because only the Open311
 * interface asks them; their answers are appended to the case description.
 */
export const attributesByCategory: Record<string, AttributeSpec[]> = {
  streetLight: [
    { code: 'pole_number', datatype: 'string', required: false },
    { code: 'light_state', datatype: 'singlevaluelist', required: true, values: ['off', 'flickering', 'onInDaytime'] },
  ],
  sanitation: [
    { code: 'waste_kind', datatype: 'multivaluelist', required: true, values: ['household', 'construction', 'bulky', 'hazardous'] },
    { code: 'volume_m3', datatype: 'number', required: false },
  ],
  safetyHazard: [
    { code: 'hazard_kind', datatype: 'singlevaluelist', required: true, values: ['fire', 'gas', 'electric', 'structure', 'other'] },
    { code: 'noticed_at', datatype: 'datetime', required: false },
  ],
};

export function presentDefinition(serviceCode: string, locale: Locale) {
  return {
    service_code: serviceCode,
    attributes: (attributesByCategory[serviceCode] ?? []).map((a, i) => ({
      variable: true,
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      datatype_description: t(locale, `open311.datatype.${a.datatype}`),
      order: i + 1,
      description: t(locale, `open311.attribute.${a.code}`),
      ...(a.values ? { values: a.values.map((key) => ({ key, name: t(locale, `open311.value.${a.code}.${key}`) })) } : {}),
    })),
  };
}

export type AttributeAnswers = Record<string, string[]>;

/** Checks answers against the definition; returns the problem as text, or the description lines to append. */
export function checkAnswers(serviceCode: string, answers: AttributeAnswers, locale: Locale): { error: string } | { lines: string[] } {
  const lines: string[] = [];
  for (const a of attributesByCategory[serviceCode] ?? []) {
    const given = (answers[a.code] ?? []).filter((v) => v !== '');
    if (!given.length) {
      if (a.required) return { error: `attribute[${a.code}] is required` };
      continue;
    }
    if (a.datatype !== 'multivaluelist' && given.length > 1) return { error: `attribute[${a.code}] takes one value` };
    if (a.values && given.some((v) => !a.values!.includes(v))) return { error: `attribute[${a.code}] must be one of ${a.values.join(', ')}` };
    if (a.datatype === 'number' && !Number.isFinite(Number(given[0]))) return { error: `attribute[${a.code}] must be a number` };
    if (a.datatype === 'datetime' && Number.isNaN(Date.parse(given[0]!))) return { error: `attribute[${a.code}] must be a date-time` };
    const shown = a.values ? given.map((v) => t(locale, `open311.value.${a.code}.${v}`)) : given;
    lines.push(`${t(locale, `open311.attribute.${a.code}`)}: ${shown.join(', ')}`);
  }
  return { lines };
}
