import { diffWords, type Change as TextChange } from 'diff';
import type { Clause } from './clauses.ts';

/**
 * Chinese has no spaces, so the text is cut into words with the ICU dictionary (Intl.Segmenter, 'zh'):
 * a change reads as whole words replaced ("[-应当][+应]", "[-他人][+邻居]") instead of single characters
 * stitched around a shared "的" or "在", and Latin text or numbers inside a clause stay whole
 * (docs/decisions/0122).
 */
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

export interface TextPart {
  /** Unchanged text, or text only in the newer version (`added`), or only in the older one (`removed`). */
  kind: 'same' | 'added' | 'removed';
  text: string;
}

export type ClauseDiff =
  | { key: string; status: 'same'; fromNumber: number; toNumber: number; text: string }
  | { key: string; status: 'changed'; fromNumber: number; toNumber: number; parts: TextPart[] }
  | { key: string; status: 'added'; toNumber: number; text: string }
  | { key: string; status: 'removed'; fromNumber: number; text: string };

export function diffText(from: string, to: string): TextPart[] {
  return diffWords(from, to, { intlSegmenter: segmenter }).map((p: TextChange) => ({
    kind: p.added ? 'added' : p.removed ? 'removed' : 'same',
    text: p.value,
  }));
}

/**
 * Clause by clause, in the newer version's order; a removed clause appears where it stood in the older
 * one (after the clause that preceded it there).
 */
export function diffClauses(from: readonly Clause[], to: readonly Clause[]): ClauseDiff[] {
  const fromIndex = new Map(from.map((c, i) => [c.key, i]));
  const toKeys = new Set(to.map((c) => c.key));
  const out: ClauseDiff[] = [];
  const removedAfter = new Map<string | null, Clause[]>();
  let previous: string | null = null;
  for (const c of from) {
    if (!toKeys.has(c.key)) removedAfter.set(previous, [...(removedAfter.get(previous) ?? []), c]);
    else previous = c.key;
  }
  const flushRemoved = (after: string | null) => {
    for (const c of removedAfter.get(after) ?? []) out.push({ key: c.key, status: 'removed', fromNumber: fromIndex.get(c.key)! + 1, text: c.text });
  };
  flushRemoved(null);
  to.forEach((c, i) => {
    const j = fromIndex.get(c.key);
    if (j === undefined) out.push({ key: c.key, status: 'added', toNumber: i + 1, text: c.text });
    else if (from[j]!.text === c.text) out.push({ key: c.key, status: 'same', fromNumber: j + 1, toNumber: i + 1, text: c.text });
    else out.push({ key: c.key, status: 'changed', fromNumber: j + 1, toNumber: i + 1, parts: diffText(from[j]!.text, c.text) });
    flushRemoved(c.key);
  });
  return out;
}
