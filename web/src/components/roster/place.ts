/** Estate, building, stairwell and room as the roster shows them, a part left out when the one before holds it. */
export function placeText(parts: (string | null | undefined)[]): string {
  return parts.filter((x, i, all): x is string => Boolean(x) && (i === 0 || !all[i - 1]?.includes(x!))).join(' ');
}
