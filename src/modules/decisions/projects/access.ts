import { within, type Principal } from '../../access/index.ts';
import { Problem } from '../../../core/http/problem.ts';
import { canDecide, decisionRoles } from '../policy.ts';

/**
 * Access for the yearly cycle, conventions and awards, on top of decisionRoles: managers act within their
 * subtree; anyone with a read role whose binding lies inside a community (its residents, grid workers,
 * party members…) reads that community's rounds and conventions and may propose, comment and nominate.
 */
const readRoles = new Set<string>(decisionRoles.read);

export function canManage(principal: Principal, path: string): boolean {
  return canDecide(principal, 'manage', path);
}

export function canRead(principal: Principal, path: string): boolean {
  return principal.bindings.some((b) => readRoles.has(b.role) && (within(path, b.scopePath) || within(b.scopePath, path))) || canManage(principal, path);
}

/** Proposing, commenting and nominating: a binding inside the community, or a manager of it. */
export function canParticipate(principal: Principal, communityPath: string): boolean {
  return principal.bindings.some((b) => readRoles.has(b.role) && within(b.scopePath, communityPath)) || canManage(principal, communityPath);
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
export function readablePrefixes(principal: Principal, communityPathOf: (path: string) => string | undefined): string[] {
  const out = new Set<string>();
  for (const b of principal.bindings) {
    if (!readRoles.has(b.role) && !(decisionRoles.manage as readonly string[]).includes(b.role)) continue;
    out.add(communityPathOf(b.scopePath) ?? b.scopePath);
  }
  return [...out];
}

/** The community's path on a deeper path (province/city/county/street/community …). */
export function communityPathOf(path: string): string | undefined {
  const codes = path.split('/').filter(Boolean);
  return codes.length >= 5 ? `/${codes.slice(0, 5).join('/')}/` : undefined;
}
