/**
 * Headcount per art. 9 of the Supreme People's Court interpretation on building-unit ownership disputes
 * (fa shi [2009] No. 7, amended 2020): one exclusive unit is one head; co-owners of a unit are that one head;
 * one buyer of several units is one head; all of the developer's unsold or undelivered units together are
 * one head with their full area.
 */
export interface Unit {
  id: string;
  /** Exclusive area in 0.01 m² as recorded in the real-estate register. */
  area: bigint;
  /** Registered owners (person ids). Ignored when `developerHeld`. */
  owners: string[];
  /** Unsold, or sold but not yet delivered: still counted for the developer. */
  developerHeld?: boolean;
  building?: string;
  stairwell?: string;
}

/**
 * - `sameOwners`: the buyer of a unit is the exact set of its registered owners; units with the same set
 *   are one head (a couple's flat and the husband's own flat are two buyers, so two heads).
 * - `sharedOwner`: units that share any owner, directly or through a chain, are one head, so no person is
 *   ever part of two heads.
 */
export type HeadRule = 'sameOwners' | 'sharedOwner';

export interface Head {
  /** `developer`, or the smallest unit id of the head. */
  id: string;
  units: string[];
  area: bigint;
  developer: boolean;
}

export const developerHeadId = 'developer';

class DisjointSets {
  private parent = new Map<string, string>();
  find(x: string): string {
    let root = x;
    for (let p = this.parent.get(root); p !== undefined && p !== root; p = this.parent.get(root)) root = p;
    for (let cur = x; cur !== root; ) {
      const next = this.parent.get(cur) ?? root;
      this.parent.set(cur, root);
      cur = next;
    }
    if (!this.parent.has(root)) this.parent.set(root, root);
    return root;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(rb < ra ? ra : rb, rb < ra ? rb : ra);
  }
}

function groupKeys(units: readonly Unit[], rule: HeadRule): string[] {
  if (rule === 'sameOwners') {
    return units.map((u) => {
      if (u.developerHeld) return '\u0000developer';
      if (u.owners.length === 1) return u.owners[0]!;
      return [...new Set(u.owners)].sort().join('\u0000') || `\u0000unit:${u.id}`;
    });
  }
  const sets = new DisjointSets();
  for (const u of units) {
    if (u.developerHeld) continue;
    const node = `u:${u.id}`;
    sets.find(node);
    for (const o of u.owners) sets.union(node, `o:${o}`);
  }
  return units.map((u) => (u.developerHeld ? '\u0000developer' : sets.find(`u:${u.id}`)));
}

/** Heads of the given units, and for each unit the id of its head. */
export function formHeads(units: readonly Unit[], rule: HeadRule): { heads: Head[]; headOfUnit: Map<string, string> } {
  const keys = groupKeys(units, rule);
  const byKey = new Map<string, Head>();
  units.forEach((u, i) => {
    const key = keys[i]!;
    const head = byKey.get(key);
    if (head) {
      head.units.push(u.id);
      head.area += u.area;
      if (!u.developerHeld && u.id < head.id) head.id = u.id;
    } else {
      byKey.set(key, { id: u.developerHeld ? developerHeadId : u.id, units: [u.id], area: u.area, developer: !!u.developerHeld });
    }
  });
  const heads = [...byKey.values()];
  const headOfUnit = new Map<string, string>();
  for (const h of heads) for (const u of h.units) headOfUnit.set(u, h.id);
  return { heads, headOfUnit };
}
