import { Problem } from '../../../core/http/problem.ts';
import type { Principal } from '../../access/index.ts';
import { canDecide, canReadAround, decisionScopes } from '../policy.ts';

/**
 * Councils follow the decisions roles (policy.ts). Managers act on councils in their subtree; readers
 * see councils in their subtree and those placed above them, which govern them (a resident, bound to a
 * household, sees the councils of their building, grid, community and street). Membership plays no part.
 */
export function canManageCouncil(principal: Principal, councilPath: string): boolean {
  return canDecide(principal, 'manage', councilPath);
}

export function canCheckIn(principal: Principal, councilPath: string): boolean {
  return canDecide(principal, 'collect', councilPath) || canDecide(principal, 'manage', councilPath);
}

export function canReadCouncil(principal: Principal, councilPath: string): boolean {
  return canReadAround(principal, councilPath);
}

/** Read scopes for listing: councils inside any, or on the way down to any (every manage role also reads). */
export function readScopes(principal: Principal): string[] {
  return [...new Set(decisionScopes(principal, 'read'))];
}

export function needManage(principal: Principal, councilPath: string): void {
  if (!canManageCouncil(principal, councilPath)) throw new Problem(403, 'common.problem.outsideScope');
}

export function needRead(principal: Principal, councilPath: string): void {
  if (!canReadCouncil(principal, councilPath)) throw new Problem(404, 'councils.notFound');
}

