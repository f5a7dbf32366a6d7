import type { Principal, Role } from '../access/index.ts';
import { codesOfPath, unitKinds } from '../tree/index.ts';

/**
 * Care permissions by role (the access module's capabilities cover the roster; care adds its own,
 * kept here as data). Each is limited to the subtree of the binding, like every other capability.
 */
export const careRoles = {
  /** Duty operators: see alarms, tasks and rejected messages, call back, cancel. */
  operate: ['countyCentre', 'streetStaff', 'communityStaff', 'gridLeader', 'gridWorker'],
  /** Create profiles, bind wristbands, configure the ladder. */
  manage: ['countyCentre', 'streetStaff', 'communityStaff', 'gridLeader', 'gridWorker'],
  /** Health notes and emergency contacts: the people who look after the person. */
  health: ['communityStaff', 'gridLeader', 'gridWorker', 'socialWorker'],
  /** Who may answer alarms. */
  respond: ['volunteer', 'microGridLeader', 'gridWorker', 'gridLeader', 'buildingSteward', 'partyMember'],
  /** Figures per community. */
  figures: ['countyCentre', 'streetStaff', 'communityStaff', 'gridLeader', 'gridWorker'],
  /** Log a visit and see who is due (the grid team, volunteers and social workers). */
  visit: ['communityStaff', 'gridLeader', 'gridWorker', 'microGridLeader', 'volunteer', 'buildingSteward', 'partyMember', 'socialWorker'],
  /** Create and change mutual-aid groups (互助小组). */
  groups: ['countyCentre', 'streetStaff', 'communityStaff', 'gridLeader', 'gridWorker'],
  /** Kitchens, meal orders and rounds; hand-offs are confirmed by the round's volunteer. */
  meals: ['communityStaff', 'gridLeader', 'gridWorker', 'socialWorker'],
  /** Coordinators who approve or decline volunteer service hours. */
  approveHours: ['communityStaff'],
} satisfies Record<string, Role[]>;
export type CareAction = keyof typeof careRoles;

export function careScopes(principal: Principal, action: CareAction): string[] {
  const roles = careRoles[action] as readonly Role[];
  return principal.bindings.filter((b) => roles.includes(b.role)).map((b) => b.scopePath);
}

/** May the principal do `action` on something at `path` (null: not placed in the tree — operators anywhere)? */
export function canCare(principal: Principal, action: CareAction, path?: string | null): boolean {
  const scopes = careScopes(principal, action);
  if (path === undefined) return scopes.length > 0;
  if (path === null) return scopes.length > 0;
  // A grid worker's alarm lies in their grid; an alarm's community path covers operators of the community.
  return scopes.some((s) => path.startsWith(s) || s.startsWith(path));
}

const communityDepth = unitKinds.indexOf('community') + 1;
/** The community's path of anything below it (a household, a micro-grid), or null above. */
export function communityPathOf(path: string): string | null {
  const codes = codesOfPath(path);
  return codes.length < communityDepth ? null : `/${codes.slice(0, communityDepth).join('/')}/`;
}
