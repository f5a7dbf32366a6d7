import { capabilitiesByRole, type Capability, type Role } from './roles.ts';

export interface Binding {
  role: Role;
  /** Materialized path of the tree node, ending in '/', e.g. `/33/3304/330481/`. */
  scopePath: string;
  scopeCode: string;
  scopeName: string;
}

export interface Principal {
  accountId: string;
  username: string;
  displayName: string;
  bindings: Binding[];
  via: 'session' | 'token';
}

/** True when `path` lies in the subtree rooted at `scope`. Paths end in '/', so '/1/' never matches '/12/'. */
export function within(path: string, scope: string): boolean {
  return path.startsWith(scope);
}

/** The scopes in which the principal holds a capability, with nested ones folded into their ancestors. */
export function scopesFor(principal: Principal, capability: Capability): string[] {
  const paths = principal.bindings
    .filter((b) => capabilitiesByRole[b.role].includes(capability))
    .map((b) => b.scopePath)
    .sort();
  const folded: string[] = [];
  for (const p of paths) if (!folded.some((f) => within(p, f))) folded.push(p);
  return folded;
}

/** May the principal use `capability` on something at `path` (or anywhere, when no path is given)? */
export function can(principal: Principal, capability: Capability, path?: string): boolean {
  const scopes = scopesFor(principal, capability);
  return path === undefined ? scopes.length > 0 : scopes.some((s) => within(path, s));
}

/** A node is visible when it is in a scope, or is an ancestor of one (so the tree can be walked down to it). */
export function canSeeNode(principal: Principal, path: string): boolean {
  return scopesFor(principal, 'tree.read').concat(scopesFor(principal, 'roster.read'))
    .some((s) => within(path, s) || within(s, path));
}
