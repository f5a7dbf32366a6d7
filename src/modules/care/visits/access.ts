import { sql, type RawBuilder } from 'kysely';
import { Problem } from '../../../core/http/problem.ts';
import type { Principal } from '../../access/index.ts';
import { careScopes, type CareAction } from '../scopes.ts';

/**
 * Policies for the care loop. Unlike alarms (which may be unplaced), everything here has a path, so the
 * check is strict: the thing lies in the subtree of a binding that carries the action.
 */
export function mayAt(principal: Principal, action: CareAction, path: string): boolean {
  return careScopes(principal, action).some((s) => path.startsWith(s));
}

export function needAt(principal: Principal, action: CareAction, path: string): void {
  if (!mayAt(principal, action, path)) throw new Problem(403, 'common.problem.outsideScope');
}

export function needAny(principal: Principal, action: CareAction): string[] {
  const scopes = careScopes(principal, action);
  if (scopes.length === 0) throw new Problem(403, 'common.problem.forbidden');
  return scopes;
}

/** `column` lies under one of the scopes. */
export function underScopes(column: string, scopes: readonly string[]): RawBuilder<boolean> {
  return sql<boolean>`EXISTS (SELECT 1 FROM unnest(${[...scopes]}::text[]) s WHERE ${sql.ref(column)} LIKE s || '%')`;
}

/** `column` lies under one of the scopes or contains one: a community's kitchen serves its grid teams too. */
export function overlapsScopes(column: string, scopes: readonly string[]): RawBuilder<boolean> {
  return sql<boolean>`EXISTS (SELECT 1 FROM unnest(${[...scopes]}::text[]) s WHERE ${sql.ref(column)} LIKE s || '%' OR s LIKE ${sql.ref(column)} || '%')`;
}
