/**
 * Floor areas are kept in integer 0.01 m² (exact, for owners' votes: decision 0148). The text a user types is
 * parsed digit by digit, never through a float: "89.3" is 8930, not Math.round(89.3 * 100) by luck.
 * No imports: the browser test checks it under Node.
 */
export type AreaParse = { centi: number | null } | { problem: 'format' | 'range' };

/** The largest area the server takes (1,000,000 m²). */
export const maxAreaCenti = 100_000_000;

/** "89.5", "89.50", " 120 " → 8950, 8950, 12000; blank → null (not known); anything else a problem. */
export function parseArea(text: string): AreaParse {
  const trimmed = text.trim();
  if (trimmed === '') return { centi: null };
  const m = /^(\d{1,9})(?:\.(\d{0,2}))?$/.exec(trimmed);
  if (!m) return { problem: 'format' };
  const centi = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  if (centi < 1 || centi > maxAreaCenti) return { problem: 'range' };
  return { centi };
}

/** 8950 → "89.50"; null → "". Integer arithmetic again, so every stored value prints as it is. */
export function areaText(centi: number | null | undefined): string {
  if (centi === null || centi === undefined) return '';
  const whole = Math.trunc(centi / 100);
  return `${whole}.${String(centi - whole * 100).padStart(2, '0')}`;
}
