import { within, type Principal, type Role } from '../access/index.ts';

/**
 * Who may do what with councils, meetings, motions and ballots, by role (data, like care's roles).
 * Each is limited to the subtree of the binding. Membership of a council is separate from these
 * rights: a member votes because they are on the roll, not because of their account's role.
 */
export const decisionRoles = {
  /** Create councils and meetings, draft and announce motions, publish minutes and results. */
  manage: ['countyCentre', 'streetStaff', 'communityStaff', 'gridLeader', 'ownersCommittee'],
  /** Enter paper ballots and door-to-door ballots collected by hand, check people in at meetings. */
  collect: ['communityStaff', 'gridLeader', 'gridWorker', 'microGridLeader', 'buildingSteward', 'ownersCommittee'],
  /** Read motions, meetings and results of the subtree (published items are also public). */
  read: ['countyCentre', 'streetStaff', 'communityStaff', 'gridLeader', 'gridWorker', 'microGridLeader', 'buildingSteward', 'partyMember', 'ownersCommittee', 'socialWorker', 'propertyManager', 'volunteer', 'resident'],
} satisfies Record<string, Role[]>;
export type DecisionAction = keyof typeof decisionRoles;

export function decisionScopes(principal: Principal, action: DecisionAction): string[] {
  const allowed = decisionRoles[action] as readonly Role[];
  return principal.bindings.filter((b) => allowed.includes(b.role)).map((b) => b.scopePath);
}

/** May the principal do `action` on something placed at tree path `path`? */
export function canDecide(principal: Principal, action: DecisionAction, path: string): boolean {
  return decisionScopes(principal, action).some((scope) => within(path, scope));
}

/** Households a resident account votes and checks in for (their binding is the household). */
export function residentHouseholds(principal: Principal | null): string[] {
  return principal?.bindings.filter((b) => b.role === 'resident').map((b) => b.scopePath) ?? [];
}

/**
 * Reading councils, rounds, conventions and awards: things inside a read scope, and things placed above
 * one, which govern it (a resident bound to a household reads the councils of their street).
 */
export function canReadAround(principal: Principal, path: string): boolean {
  return decisionScopes(principal, 'read').some((scope) => within(path, scope) || within(scope, path));
}

/** Full names to those who manage or check people in; readers see a masked name (张*). */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? name : chars[0] + '*'.repeat(Math.min(chars.length - 1, 2));
}
