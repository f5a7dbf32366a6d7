/**
 * A convention's text is a list of clauses in reading order. Each clause keeps its key across versions,
 * so history and differences follow a clause even when others are added before it; the number a reader
 * sees (第N条) is its position in the version.
 */
export interface Clause {
  key: string;
  text: string;
}

export type Change =
  | { op: 'add'; text: string; /** Insert after this clause; absent: at the start. */ after?: string }
  | { op: 'change'; key: string; text: string }
  | { op: 'remove'; key: string };

export interface ClauseProblem {
  code: 'clauseUnknown' | 'clauseTouchedTwice' | 'clauseTextEmpty' | 'amendmentEmpty' | 'conventionEmpty';
  params: Record<string, string | number>;
}

export class ClauseError extends Error {
  constructor(readonly problem: ClauseProblem) {
    super(problem.code);
  }
}

/** Keys are short and never reused: the next free `kN` after every key a version ever held. */
export function nextKey(used: Iterable<string>): string {
  let max = 0;
  for (const k of used) {
    const n = /^k(\d+)$/.exec(k);
    if (n) max = Math.max(max, Number(n[1]));
  }
  return `k${max + 1}`;
}

/** The first version: keys k1…kN in order. */
export function initialClauses(texts: readonly string[]): Clause[] {
  const clauses = texts.map((text, i) => ({ key: `k${i + 1}`, text: text.trim() }));
  if (clauses.length === 0) throw new ClauseError({ code: 'conventionEmpty', params: {} });
  const empty = clauses.findIndex((c) => c.text === '');
  if (empty >= 0) throw new ClauseError({ code: 'clauseTextEmpty', params: { index: empty + 1 } });
  return clauses;
}

/** Checks an amendment against the version it was drafted on, without applying it. */
export function checkChanges(base: readonly Clause[], changes: readonly Change[]): ClauseProblem | null {
  if (changes.length === 0) return { code: 'amendmentEmpty', params: {} };
  const keys = new Set(base.map((c) => c.key));
  const touched = new Set<string>();
  for (const [i, ch] of changes.entries()) {
    if (ch.op !== 'remove' && ch.text.trim() === '') return { code: 'clauseTextEmpty', params: { index: i + 1 } };
    const target = ch.op === 'add' ? ch.after : ch.key;
    if (target === undefined) continue;
    if (!keys.has(target)) return { code: 'clauseUnknown', params: { key: target } };
    if (ch.op !== 'add') {
      if (touched.has(target)) return { code: 'clauseTouchedTwice', params: { key: target } };
      touched.add(target);
    }
  }
  return null;
}

/**
 * Applies changes in order. New clauses get fresh keys; an addition after a clause that the same
 * amendment removes still lands in that place. `everUsed` are keys of all earlier versions, never reused.
 */
export function applyChanges(base: readonly Clause[], changes: readonly Change[], everUsed: Iterable<string> = []): Clause[] {
  const problem = checkChanges(base, changes);
  if (problem) throw new ClauseError(problem);
  const used = new Set([...everUsed, ...base.map((c) => c.key)]);
  const slots: (Clause & { removed?: boolean; addedAfter?: string | null })[] = base.map((c) => ({ ...c }));
  for (const ch of changes) {
    if (ch.op === 'add') {
      const key = nextKey(used);
      used.add(key);
      const anchor = ch.after ?? null;
      let i = anchor === null ? 0 : slots.findIndex((s) => s.key === anchor) + 1;
      // Several additions after one clause keep the order in which the amendment lists them.
      while (i < slots.length && slots[i]!.addedAfter === anchor) i++;
      slots.splice(i, 0, { key, text: ch.text.trim(), addedAfter: anchor });
    } else if (ch.op === 'change') {
      slots.find((s) => s.key === ch.key)!.text = ch.text.trim();
    } else {
      slots.find((s) => s.key === ch.key)!.removed = true;
    }
  }
  const result = slots.filter((s) => !s.removed).map(({ key, text }) => ({ key, text }));
  if (result.length === 0) throw new ClauseError({ code: 'conventionEmpty', params: {} });
  return result;
}

/**
 * An amendment drafted on an older version still applies when every clause it touches reads now as it
 * read then; otherwise it is superseded and must be redrafted (a vote never ratifies text nobody saw).
 */
export function rebase(base: readonly Clause[], current: readonly Clause[], changes: readonly Change[]): boolean {
  const before = new Map(base.map((c) => [c.key, c.text]));
  const now = new Map(current.map((c) => [c.key, c.text]));
  for (const ch of changes) {
    const key = ch.op === 'add' ? ch.after : ch.key;
    if (key === undefined) continue;
    if (!now.has(key) || now.get(key) !== before.get(key)) return false;
  }
  return true;
}
