import { within, type Principal } from '../../access/index.ts';
import { Problem } from '../../../core/http/problem.ts';
import { codesOfPath, unitKinds } from '../../tree/index.ts';
import { canDecide, canReadAround, decisionScopes } from '../policy.ts';

/**
 * Access for the yearly cycle, conventions and awards, on top of decisionRoles: managers act within their
 * subtree; anyone with a read role whose binding lies inside a community (its residents, grid workers,
 * party members…) reads that community's rounds and conventions and may propose, comment and nominate.
 */
export function canManage(principal: Principal, path: string): boolean {
  return canDecide(principal, 'manage', path);
}

export function canRead(principal: Principal, path: string): boolean {
  return canReadAround(principal, path);
}

/** Proposing, commenting and nominating: a binding inside the community, or a manager of it. */
export function canParticipate(principal: Principal, communityPath: string): boolean {
  return decisionScopes(principal, 'read').some((scope) => within(scope, communityPath)) || canManage(principal, communityPath);
}

export function assertManage(principal: Principal, path: string): void {
  if (!canManage(principal, path)) throw new Problem(403, canRead(principal, path) ? 'common.problem.forbidden' : 'common.problem.outsideScope');
}

export function assertRead(principal: Principal, path: string): void {
  if (!canRead(principal, path)) throw new Problem(403, 'common.problem.outsideScope');
}

export function assertParticipate(principal: Principal, path: string): void {
  if (!canParticipate(principal, path)) throw new Problem(403, 'common.problem.outsideScope');
}

/** Subtrees whose items the principal may list: every read binding, and for inside-a-community bindings that community. */
export function readablePrefixes(principal: Principal): string[] {
  return [...new Set(decisionScopes(principal, 'read').map((scope) => communityPathOf(scope) ?? scope))];
}

const communityDepth = unitKinds.indexOf('community') + 1;
/** The community's path on a deeper path (province/city/county/street/community …). */
export function communityPathOf(path: string): string | undefined {
  const codes = codesOfPath(path);
  return codes.length >= communityDepth ? `/${codes.slice(0, communityDepth).join('/')}/` : undefined;
}
